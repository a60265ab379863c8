import { v7 as uuidv7 } from 'uuid';

/** Client-generated, time-sortable ids: a retried write carries the same id, so applying it twice is a no-op. */
export type IdGenerator = () => string;
export const newId: IdGenerator = () => uuidv7();

/** Ids are opaque strings; bounded so RxDB can index them. */
export const ID_MAX_LENGTH = 64;
