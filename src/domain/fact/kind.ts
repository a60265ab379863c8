import type { z } from 'zod';
import type { StockMovement } from '../stock/schema.js';
import type { Fact } from './schema.js';
import type { StockView } from './state.js';

/** A fact of one kind: its subject and payload as the kind's schemas parse them. */
export type FactOf<S extends z.ZodType<string>, P extends z.ZodObject> = Omit<Fact, 'subjectId' | 'payload'> & {
  subjectId: z.output<S>;
  payload: z.output<P>;
};

/**
 * The registry entry of a fact kind, shared by devices and the server: what its subject and payload look like
 * (validated on push, field paths like `0.newDocumentState.payload.counted`), and its effect on stock while it waits
 * for the server. `movements` is the one derivation of a kind's stock effect: the device folds it over its levels to
 * show the optimistic truth, and the kind's decision records the same movements when the server accepts the fact.
 */
export interface FactKind<K extends string = string, S extends z.ZodType<string> = z.ZodType<string>, P extends z.ZodObject = z.ZodObject> {
  kind: K;
  subject: S;
  payload: P;
  movements?(fact: FactOf<S, P>, stock: StockView, at: string): StockMovement[];
}

/** The typed fact of a registry entry. */
export type FactOfKind<E> = E extends FactKind<string, infer S, infer P> ? FactOf<S, P> : never;

export const defineFactKind = <const K extends string, S extends z.ZodType<string>, P extends z.ZodObject>(kind: FactKind<K, S, P>) => kind;
