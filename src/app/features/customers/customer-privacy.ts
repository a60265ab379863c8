import type { CustomerErasure, CustomerPrivacyRequest } from '../../../domain/index.js';
import { defaultFetch, postApi, toHttpError, trimBase, type FetchLike } from '../../db/http.js';

interface PrivacyCall {
  baseUrl: string;
  token: string;
  customerId: string;
  manager: CustomerPrivacyRequest['manager'];
  fetch?: FetchLike;
}

/**
 * A customer's export as the server answers it (JSON, or the readable page), as a Blob the device saves or opens:
 * nothing of it is kept on the device beyond the moment it is shown.
 */
export async function exportCustomer(
  { baseUrl, token, customerId, manager, fetch = defaultFetch }: PrivacyCall,
  format: 'json' | 'html',
): Promise<Blob> {
  const res = await fetch(`${trimBase(baseUrl)}/api/customers/${encodeURIComponent(customerId)}/export?format=${format}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ manager } satisfies CustomerPrivacyRequest),
  });
  if (!res.ok) throw await toHttpError(res);
  return res.blob();
}

/** Erases the customer on the server; this device drops the profile at its next pull, like every device of its stores. */
export const eraseCustomer = ({ baseUrl, token, customerId, manager, fetch }: PrivacyCall): Promise<CustomerErasure> =>
  postApi<CustomerErasure>({
    baseUrl,
    token,
    path: `/api/customers/${encodeURIComponent(customerId)}/erase`,
    body: { manager },
    ...(fetch && { fetch }),
  });
