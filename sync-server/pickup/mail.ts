import { pickupQrText, type EffectEvent, type Order } from '../../src/domain/index.js';
import { escapeHtml } from './escape-html.js';
import { qrPng } from './qr-png.js';

/**
 * The customer's pickup mails, written to the outbox with the order's change (ready: in the pickup.ready fact's
 * transaction; reminder: in the expiry job's). Portuguese first (the chain's customers), English below. The QR
 * carries the order number and pickup code (domain pickup/qr.ts): staff scan it even without a connection.
 */

export const pickupPageUrl = (publicUrl: string, token: string) => `${publicUrl.replace(/\/+$/, '')}/pickup/${token}`;

const QR_CID = 'pickup-qr';

function pickupMail(order: Order, publicUrl: string, subject: string, lead: { pt: string; en: string }): EffectEvent {
  const code = order.pickup?.code;
  const token = order.pickupToken;
  if (!code || !token) throw new Error(`order ${order.id} has no pickup code or token: it is not ready`);
  const link = pickupPageUrl(publicUrl, token);
  const mode = order.fulfilment.type === 'pickup' ? order.fulfilment.mode : 'counter';
  const arrive =
    mode === 'curbside'
      ? {
          pt: 'Ao chegar, abra o link e toque em "Cheguei": levamos até o seu carro.',
          en: 'When you arrive, open the link and tap "I\'m here": we bring it to your car.',
        }
      : {
          pt: 'Ao chegar, abra o link e toque em "Cheguei", ou venha ao balcão.',
          en: 'When you arrive, open the link and tap "I\'m here", or come to the counter.',
        };
  const text = [
    `${order.customer.name},`,
    '',
    lead.pt,
    `Código de retirada: ${code}`,
    arrive.pt,
    link,
    '',
    lead.en,
    `Pickup code: ${code}`,
    arrive.en,
    link,
  ].join('\n');
  const html = `<p>${escapeHtml(order.customer.name)},</p>
<p>${escapeHtml(lead.pt)}<br>${escapeHtml(lead.en)}</p>
<p style="font-size:28px;letter-spacing:4px"><strong>${code}</strong></p>
<p><img src="cid:${QR_CID}" alt="QR ${code}" width="200" height="200"></p>
<p><a href="${escapeHtml(link)}">${escapeHtml(arrive.pt)}<br>${escapeHtml(arrive.en)}</a></p>`;
  return {
    kind: 'mail',
    to: order.customer.email,
    subject,
    text,
    html,
    attachments: [
      {
        filename: `pickup-${order.number.replace(/[^A-Za-z0-9._-]/g, '_')}.png`,
        contentType: 'image/png',
        contentBase64: qrPng(pickupQrText(order, code)).toString('base64'),
        cid: QR_CID,
      },
    ],
    aggregateType: 'order',
    aggregateId: order.id,
  };
}

export const readyMail = (order: Order, publicUrl: string): EffectEvent =>
  pickupMail(order, publicUrl, `Pedido ${order.number} pronto para retirada / Order ${order.number} is ready for pickup`, {
    pt: `Seu pedido ${order.number} está pronto para retirada.`,
    en: `Your order ${order.number} is ready for pickup.`,
  });

/** Day N−1 of the hold: one reminder before the order expires and is refunded. */
export const reminderMail = (order: Order, publicUrl: string, expiresAt: string): EffectEvent =>
  pickupMail(order, publicUrl, `Lembrete: retire o pedido ${order.number} / Reminder: collect order ${order.number}`, {
    pt: `Seu pedido ${order.number} espera por você até ${expiresAt.slice(0, 10)}; depois disso ele é cancelado e reembolsado.`,
    en: `Your order ${order.number} waits for you until ${expiresAt.slice(0, 10)}; after that it is cancelled and refunded.`,
  });
