import { displayPhone, type CustomerProfile } from '../../../domain/index.js';

/** One line of a customer in a list: name, then phone and email, as staff recognise them. */
export const customerMeta = (p: CustomerProfile) => [displayPhone(p.phone), p.email].filter(Boolean).join(' · ');
