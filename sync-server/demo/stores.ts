import type { OpeningHours, Store, StoreSettings } from '../../src/domain/index.js';

/** Shopping-centre hours: every day, shorter on Sundays. */
const MALL_HOURS: OpeningHours = {
  monday: [{ opens: '10:00', closes: '22:00' }],
  tuesday: [{ opens: '10:00', closes: '22:00' }],
  wednesday: [{ opens: '10:00', closes: '22:00' }],
  thursday: [{ opens: '10:00', closes: '22:00' }],
  friday: [{ opens: '10:00', closes: '22:00' }],
  saturday: [{ opens: '10:00', closes: '22:00' }],
  sunday: [{ opens: '14:00', closes: '20:00' }],
};

/** Street-store hours: weekdays, Saturday morning, closed on Sundays. */
const STREET_HOURS: OpeningHours = {
  monday: [{ opens: '09:00', closes: '19:00' }],
  tuesday: [{ opens: '09:00', closes: '19:00' }],
  wednesday: [{ opens: '09:00', closes: '19:00' }],
  thursday: [{ opens: '09:00', closes: '19:00' }],
  friday: [{ opens: '09:00', closes: '19:00' }],
  saturday: [{ opens: '09:00', closes: '14:00' }],
  sunday: [],
};

const brazil = {
  currency: 'BRL',
  locale: 'pt-BR',
  timeZone: 'America/Sao_Paulo',
  pricesIncludeTax: true,
  pickupHoldDays: 7,
  discountLimitBasisPoints: 1_000,
  // Exchanges within 30 days; underwear and socks are not taken back once they left the store (hygiene).
  returnWindows: { defaultDays: 30, byCategory: { 'Meias e Íntimos': 0 } },
} as const;

const taxRates = () => ({ standard: 1800, reduced: 1200, exempt: 0 });

/** The demo chain: three stores of one company (one CNPJ per branch, its Pix key). */
export const DEMO_STORES: readonly (Store & StoreSettings)[] = [
  {
    id: 'S1',
    name: 'Vitrine Paulista',
    address: {
      street: 'Avenida Paulista',
      number: '1230',
      complement: 'Loja 12',
      district: 'Bela Vista',
      city: 'São Paulo',
      region: 'SP',
      postalCode: '01310-100',
      country: 'BR',
    },
    coordinates: { lat: -23.5614, lon: -46.6559 },
    openingHours: MALL_HOURS,
    ...brazil,
    taxRates: taxRates(),
    pix: { key: '12345678000195', merchantName: 'VITRINE PAULISTA', merchantCity: 'SAO PAULO' },
    pickupInstructions: {
      text: 'Retirada no balcão do térreo, ao lado do caixa. Retirada no carro: pare nas vagas azuis da Alameda Santos, em frente à entrada lateral.',
      imageUrl: null,
    },
    pickupGeofenceMeters: 150,
  },
  {
    id: 'S2',
    name: 'Vitrine Savassi',
    address: {
      street: 'Rua Pernambuco',
      number: '1077',
      district: 'Savassi',
      city: 'Belo Horizonte',
      region: 'MG',
      postalCode: '30130-151',
      country: 'BR',
    },
    coordinates: { lat: -19.9385, lon: -43.9352 },
    openingHours: STREET_HOURS,
    ...brazil,
    taxRates: taxRates(),
    pix: { key: '12345678000276', merchantName: 'VITRINE SAVASSI', merchantCity: 'BELO HORIZONTE' },
  },
  {
    id: 'S3',
    name: 'Vitrine Batel',
    address: {
      street: 'Avenida do Batel',
      number: '1868',
      complement: 'Piso L2',
      district: 'Batel',
      city: 'Curitiba',
      region: 'PR',
      postalCode: '80420-090',
      country: 'BR',
    },
    coordinates: { lat: -25.4431, lon: -49.2912 },
    openingHours: MALL_HOURS,
    ...brazil,
    taxRates: taxRates(),
    pix: { key: '12345678000357', merchantName: 'VITRINE BATEL', merchantCity: 'CURITIBA' },
  },
];

/** City of each demo store, for the startup banner. */
export const DEMO_STORE_CITIES: Readonly<Record<string, string>> = Object.fromEntries(DEMO_STORES.map((s) => [s.id, s.address.city]));
