import type { DomainError } from '../kernel/errors.js';
import type { AggregateType, WebhookEventType } from '../integration/events.js';
import type { CreditEntry } from '../credit/schema.js';
import type { CollectionName, DocumentOf, FactCollectionName } from '../protocol/collections.js';
import type { StockMovement } from '../stock/schema.js';

/** Collections the server owns; a decision may write their documents, never another fact. */
export type AuthoritativeCollectionName = Exclude<CollectionName, FactCollectionName>;

/** A whole document a decision writes (an order's new state), in its collection's current schema. */
export type EffectDocument = { [N in AuthoritativeCollectionName]: { collection: N; body: DocumentOf<N> } }[AuthoritativeCollectionName];

/**
 * Something that must leave the server because the fact was accepted, written to the outbox in the fact's
 * transaction (sync-server/outbox/enqueue.ts takes these as they are): a webhook event for the integration that
 * owns the aggregate (null: nobody to tell), or a mail.
 */
export type EffectEvent =
  | { kind?: 'webhook'; integrationId: string | null; aggregateType: AggregateType; aggregateId: string; type: WebhookEventType; payload: unknown }
  | {
      kind: 'mail';
      to: string | readonly string[];
      subject: string;
      text: string;
      html?: string;
      /** `cid` shows an attachment inline in `html` (`<img src="cid:…">`), e.g. a pickup QR code. */
      attachments?: readonly { filename: string; contentType: string; contentBase64: string; cid?: string }[];
      aggregateType?: string;
      aggregateId?: string;
    };

/** What accepting a fact changes, beside the fact itself; all of it commits with the fact or not at all. */
export interface Effects {
  /** Ledger movements (ids derived from the fact's id, so re-applying is a no-op). */
  movements: readonly StockMovement[];
  documents: readonly EffectDocument[];
  events: readonly EffectEvent[];
  /** Store-credit ledger entries (ids derived from the fact's id, so re-applying posts nothing): credit/entries.ts. */
  credits?: readonly CreditEntry[];
}

/**
 * The server's decision on one fact, made by a pure function of the fact and the state it names: accepted with its
 * effects, or rejected with the reason staff will read. A rejected fact is stored with its outcome and changes
 * nothing else.
 */
export type Decision =
  | { status: 'accepted'; effects: Effects }
  /** `redact`: the fact is about someone erased; it is stored (and goes back to its device) without its payload. */
  | { status: 'rejected'; error: DomainError; redact?: boolean };

export const acceptFact = (effects: Partial<Effects> = {}): Decision => ({
  status: 'accepted',
  effects: { movements: [], documents: [], events: [], ...effects },
});

export const rejectFact = (error: DomainError, options: { redact?: boolean } = {}): Decision =>
  options.redact ? { status: 'rejected', error, redact: true } : { status: 'rejected', error };
