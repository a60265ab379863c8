import {
  accepted,
  applyChange,
  blankProfile,
  completeCashSale,
  newId as uuidv7,
  saleMovements,
  stockLevelId,
  type Clock,
  type ConsentChannel,
  type CustomerChange,
  type CustomerProfile,
  type IdGenerator,
  type Product,
  type Sale,
  type StockLevel,
} from '../../src/domain/index.js';
import { applyMovements } from '../ledger/apply-movements.js';
import { EXAMPLE_ORDER_SKU } from '../orders/example.js';
import type { StoreTx, SyncStore } from '../store/store.js';
import { demoCpf } from './order-maker.js';
import { random, type Random } from './prng.js';
import { DEMO_STORES } from './stores.js';

/** Profiles seeded into each demo store's book: the issue asks for at least 50. */
export const DEMO_CUSTOMERS_PER_STORE = 60;
export const demoCustomerId = (storeId: string, n: number) => `demo-${storeId}-${String(n).padStart(3, '0')}`;

const FIRST = ['Ana', 'Beatriz', 'Camila', 'Daniela', 'Eduarda', 'Fernanda', 'Gabriela', 'Helena', 'Isabela', 'Júlia', 'Larissa', 'Mariana'];
const MORE_FIRST = ['Bruno', 'Carlos', 'Diego', 'Felipe', 'Gustavo', 'João', 'Lucas', 'Marcelo', 'Pedro', 'Rafael', 'Thiago', 'Vinícius'];
const LAST = ['Souza', 'Oliveira', 'Santos', 'Lima', 'Pereira', 'Costa', 'Almeida', 'Ferreira', 'Rodrigues', 'Gomes', 'Barbosa', 'Ribeiro', 'Araújo'];
const AREA = ['11', '21', '31', '41', '51', '61', '71', '81'];
const DAY = 24 * 60 * 60 * 1000;
/** Candidate products for the demo purchases: the head of the catalog, which every demo catalog size has. */
const CANDIDATES = 80;

/**
 * The demo stores' books: 60 customers each, built with the domain's own changes (created, consents, a note), half
 * of them with one to three past purchases in their store: cash sales naming them (`customerId`), accepted, their
 * units taken out of stock like any sale. Runs once, on the demo's data only (its stores, no demo customer yet),
 * before the demo orders, whose customers intake then matches or adds.
 */
export async function seedDemoCustomers(
  store: SyncStore,
  { clock, newId = uuidv7 }: { clock: Clock; newId?: IdGenerator },
): Promise<{ customers: number; sales: number }> {
  for (const s of DEMO_STORES) if (!(await store.getStore(s.id))) return { customers: 0, sales: 0 };
  if ((await store.getDocument('customers', demoCustomerId(DEMO_STORES[0]!.id, 1))) !== undefined) return { customers: 0, sales: 0 };
  const rnd = random(20_261_126);
  const now = clock().getTime();
  return store.transaction(async (tx) => {
    let customers = 0;
    let sales = 0;
    for (const s of DEMO_STORES) {
      const products = await productsInStock(tx, s.id);
      const profiles: CustomerProfile[] = [];
      const storeSales: Sale[] = [];
      for (let n = 1; n <= DEMO_CUSTOMERS_PER_STORE; n++) {
        const since = now - rnd.int(30, 720) * DAY;
        const profile = demoProfile(rnd, demoCustomerId(s.id, n), s.id, since);
        profiles.push(profile);
        if (products.length === 0 || rnd.next() < 0.5) continue;
        for (let k = rnd.int(1, 3); k > 0; k--) {
          const at = new Date(now - rnd.int(1, 90) * DAY - rnd.int(0, 8 * 60) * 60_000);
          const lines = rnd
            .sample(products, rnd.int(1, 2))
            .map((p) => ({ sku: p.sku, name: p.name, quantity: 1, unitPrice: p.price.amount, taxClass: p.taxClass }));
          const due = lines.reduce((sum, l) => sum + l.unitPrice, 0);
          storeSales.push(
            completeCashSale({
              store: s,
              deviceId: 'demo-seed',
              associateId: `${s.id}-1001`,
              lines,
              cashTendered: Math.ceil(due / 1_000) * 1_000,
              customerId: profile.id,
              receiptNumber: `${s.id}-99-${String(storeSales.length + 1).padStart(6, '0')}`,
              newId,
              clock: () => at,
            }),
          );
        }
      }
      const decidedAt = clock().toISOString();
      await tx.putDocuments([
        ...profiles.map((body) => ({ collection: 'customers', id: body.id, storeId: s.id, body })),
        ...storeSales.map((sale) => ({
          collection: 'sales',
          id: sale.id,
          storeId: s.id,
          body: { ...sale, outcome: accepted(sale.createdAtDevice) },
        })),
      ]);
      await applyMovements(
        tx,
        storeSales.flatMap((sale) => saleMovements(sale, decidedAt)),
      );
      customers += profiles.length;
      sales += storeSales.length;
    }
    return { customers, sales };
  });
}

/** One customer of a store's book, as the associates there would have recorded them over time. */
function demoProfile(rnd: Random, id: string, storeId: string, since: number): CustomerProfile {
  const first = rnd.pick(rnd.next() < 0.6 ? FIRST : MORE_FIRST);
  const last = `${rnd.pick(LAST)} ${rnd.pick(LAST)}`;
  const at = (days: number) => new Date(since + days * DAY).toISOString();
  const by = `${storeId}-1001`;
  const base = { by, storeId };
  const changes: CustomerChange[] = [
    {
      ...base,
      id: `${id}:created`,
      kind: 'created',
      at: at(0),
      fields: {
        name: `${first} ${last}`,
        email: rnd.next() < 0.8 ? `${fold(first)}.${fold(last).replace(' ', '.')}${rnd.int(1, 99)}@example.com` : null,
        phone: `+55${rnd.pick(AREA)}9${String(rnd.int(0, 99_999_999)).padStart(8, '0')}`,
        nationalId: rnd.next() < 0.6 ? { kind: 'cpf', number: demoCpf(rnd) } : null,
        birthday: rnd.next() < 0.7 ? `${rnd.int(1955, 2005)}-${pad(rnd.int(1, 12))}-${pad(rnd.int(1, 28))}` : null,
        preferredStoreId: storeId,
        sizes: [
          { category: 'Calçados', size: String(rnd.int(34, 44)) },
          { category: 'Camisetas', size: rnd.pick(['P', 'M', 'G', 'GG']) },
        ],
        tags: rnd.next() < 0.15 ? ['vip'] : [],
      },
    },
  ];
  const channels: ConsentChannel[] = ['email', 'sms', 'whatsapp', 'phone'];
  for (const channel of channels) {
    if (rnd.next() < 0.5)
      changes.push({
        ...base,
        id: `${id}:${channel}.service`,
        kind: 'consent_changed',
        at: at(0),
        channel,
        purpose: 'service',
        given: true,
        method: 'in_store',
      });
    if (rnd.next() < 0.3)
      changes.push({
        ...base,
        id: `${id}:${channel}.marketing`,
        kind: 'consent_changed',
        at: at(0),
        channel,
        purpose: 'marketing',
        given: true,
        method: 'in_store',
      });
  }
  if (rnd.next() < 0.4) {
    changes.push({ ...base, id: `${id}:note`, kind: 'note_added', at: at(rnd.int(1, 20)), text: rnd.pick(NOTES) });
  }
  const profile = changes.reduce(applyChange, blankProfile(id, at(0)));
  return { ...profile, stores: [storeId] };
}

const NOTES = [
  'Prefere modelagem slim.',
  'Avisar quando chegar o 38.',
  'Compra presentes para o marido no fim do ano.',
  'Gosta de cores neutras.',
  'Corre maratonas: tênis de corrida.',
];
const pad = (n: number) => String(n).padStart(2, '0');
const fold = (name: string) =>
  name
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase();

/** Products the store has at least four of (a purchase takes one), never the request example's. */
async function productsInStock(tx: StoreTx, storeId: string): Promise<Product[]> {
  const page = await tx.pull({ collection: 'products', storeId: '', afterSeq: 0, limit: CANDIDATES });
  const products = page.documents.map((d) => JSON.parse(d.body) as Product).filter((p) => p.active && p.sku !== EXAMPLE_ORDER_SKU);
  const levels = await tx.getDocuments(
    'stock',
    products.map((p) => stockLevelId(storeId, p.sku)),
  );
  const available = new Map(levels.map((d) => [d.id, (JSON.parse(d.body) as StockLevel).available]));
  return products.filter((p) => (available.get(stockLevelId(storeId, p.sku)) ?? 0) >= 4);
}
