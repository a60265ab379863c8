import type { Fact } from '../fact/schema.js';
import type { ResolveCustomerId } from './clienteling-order.js';
import { CustomerContactedPayloadSchema, OUTREACH_CHANNELS, type OutreachChannel } from './clienteling-facts.js';
import type { ConsentPurpose, CustomerProfile } from './schema.js';

/**
 * Outreach: a message composed on the device and opened in the device's own app (mail, SMS, WhatsApp) through a
 * link; Vitrine sends nothing itself. It is offered only for a channel the customer consented to for the purpose
 * (marketing or service) and holds an address for, checked again at the moment of sending (the consent may have
 * changed since the screen opened) and by the server when the `customer.contacted` fact arrives.
 */

type Reachable = Pick<CustomerProfile, 'consents' | 'email' | 'phone'>;

/** The address a channel reaches: the email, or the phone (E.164) for SMS and WhatsApp. */
export const addressFor = (p: Pick<CustomerProfile, 'email' | 'phone'>, channel: OutreachChannel): string | null =>
  channel === 'email' ? p.email : p.phone;

/**
 * Why the customer may not be contacted on this channel for this purpose, or null when they may: consent never
 * given, withdrawn (and when), or no address to reach them at. Staff read it; it names no personal data.
 */
export function consentRefusal(p: Reachable, channel: OutreachChannel, purpose: ConsentPurpose): string | null {
  const decision = p.consents.find((c) => c.channel === channel && c.purpose === purpose);
  if (!decision) return `the customer never agreed to be contacted by ${channel} for ${purpose}`;
  if (!decision.given) return `the customer withdrew consent to be contacted by ${channel} for ${purpose} at ${decision.decidedAt}`;
  if (!addressFor(p, channel)) return `the profile has no ${channel === 'email' ? 'email address' : 'phone number'} to reach them by ${channel}`;
  return null;
}

/** The channels the customer may be reached on for this purpose, in a fixed order (email, SMS, WhatsApp). */
export const outreachChannels = (p: Reachable, purpose: ConsentPurpose): OutreachChannel[] =>
  OUTREACH_CHANNELS.filter((channel) => consentRefusal(p, channel, purpose) === null);

/** The link that opens the composed message in the device's app: mailto:, sms: (RFC 5724) or wa.me. */
export function outreachLink(channel: OutreachChannel, to: string, message: { subject: string; body: string }): string {
  const enc = encodeURIComponent;
  switch (channel) {
    case 'email':
      return `mailto:${to}?subject=${enc(message.subject)}&body=${enc(message.body)}`;
    case 'sms':
      return `sms:${to}?body=${enc(message.body)}`;
    case 'whatsapp':
      // wa.me takes the number in international form without "+" or separators.
      return `https://wa.me/${to.replace(/\D/g, '')}?text=${enc(message.body)}`;
  }
}

/** One contact on record: who, when, how, why, and whether the server found the consent in force. */
export interface ContactLogEntry {
  id: string;
  customerId: string;
  channel: OutreachChannel;
  purpose: ConsentPurpose;
  by: string;
  at: string;
  /** accepted; pending (not yet synced); refused: consent was withdrawn before the server heard of it. */
  status: 'accepted' | 'pending' | 'refused';
  reason: string | null;
}

/** The contacts recorded by the store's devices, newest first, refused ones included and flagged. */
export function contactLogOf(facts: readonly Fact[], resolve: ResolveCustomerId = (id) => id): ContactLogEntry[] {
  return facts
    .filter((f) => f.kind === 'customer.contacted')
    .flatMap((f) => {
      const p = CustomerContactedPayloadSchema.safeParse(f.payload);
      if (!p.success) return [];
      const status = !f.outcome ? 'pending' : f.outcome.status === 'accepted' ? 'accepted' : 'refused';
      return [
        {
          id: f.id,
          customerId: resolve(f.subjectId),
          ...p.data,
          by: f.associateId,
          // When it was sent: the device's time (the server's comes later, maybe days later for an offline device).
          at: f.createdAtDevice,
          status,
          reason: f.outcome?.message ?? null,
        } satisfies ContactLogEntry,
      ];
    })
    .sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));
}
