/** Injected wherever time is read, so tests control it. Device time is for display only, never for ordering. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();
