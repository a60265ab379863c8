import { ean13, normalizeSearchText, type Product, type TaxClass } from '../../src/domain/index.js';
import { demoImageUrl } from './images.js';
import { random } from './prng.js';

/**
 * A deterministic demo catalog of a Brazilian apparel and footwear retailer: styles (a name, a brand, a price) in
 * size × colour variants, one product per variant. The same N always gives the same products, so tests, benches
 * and a fresh demo database agree.
 */

interface StyleFamily {
  code: string;
  category: string;
  nouns: readonly string[];
  modifiers: readonly string[];
  materials: readonly string[];
  sizes: readonly string[];
  /** Price range in whole reais; prices end in ,90. */
  reais: readonly [number, number];
  taxClass: TaxClass;
}

const APPAREL = ['PP', 'P', 'M', 'G', 'GG', 'XG'] as const;
const SHOES = ['34', '35', '36', '37', '38', '39', '40', '41', '42', '43', '44'] as const;
const KIDS = ['2', '4', '6', '8', '10', '12', '14'] as const;
const ONE_SIZE = ['U'] as const;

/** Items no store takes back once worn (Product.finalSale). */
const HYGIENE = ['Cueca Boxer', 'Calcinha'] as const;

const FAMILIES: readonly StyleFamily[] = [
  {
    code: 'CAM',
    category: 'Camisetas',
    nouns: ['Camiseta'],
    modifiers: ['Básica', 'Gola V', 'Oversized', 'Listrada', 'Estampada', 'Slim', 'Manga Longa', 'Henley'],
    materials: ['Algodão', 'Algodão Pima', 'Malha Fria', 'Linho', 'Dry Fit', 'Algodão Orgânico'],
    sizes: APPAREL,
    reais: [39, 149],
    taxClass: 'standard',
  },
  {
    code: 'CAL',
    category: 'Calças',
    nouns: ['Calça', 'Bermuda', 'Short'],
    modifiers: ['Jeans Reta', 'Jeans Skinny', 'Chino', 'Jogger', 'Cargo', 'Alfaiataria', 'Wide Leg'],
    materials: ['Sarja', 'Denim', 'Moletom', 'Linho', 'Tricoline'],
    sizes: ['36', '38', '40', '42', '44', '46', '48'],
    reais: [79, 299],
    taxClass: 'standard',
  },
  {
    code: 'VES',
    category: 'Vestidos',
    nouns: ['Vestido', 'Saia', 'Macacão'],
    modifiers: ['Midi', 'Longo', 'Curto', 'Envelope', 'Tubinho', 'Chemise', 'Plissado'],
    materials: ['Viscose', 'Linho', 'Crepe', 'Malha', 'Tricoline'],
    sizes: APPAREL,
    reais: [89, 349],
    taxClass: 'standard',
  },
  {
    code: 'CAS',
    category: 'Casacos',
    nouns: ['Jaqueta', 'Casaco', 'Moletom', 'Blazer', 'Cardigã'],
    modifiers: ['Corta-Vento', 'Puffer', 'Capuz', 'Bomber', 'Trench', 'Alongado'],
    materials: ['Nylon', 'Jeans', 'Lã', 'Tricô', 'Moletom Flanelado', 'Sarja'],
    sizes: APPAREL,
    reais: [129, 599],
    taxClass: 'standard',
  },
  {
    code: 'TEN',
    category: 'Calçados',
    nouns: ['Tênis'],
    modifiers: ['Corrida Leve', 'Casual', 'Skate', 'Cano Alto', 'Caminhada', 'Treino', 'Slip-On'],
    materials: ['Mesh', 'Couro', 'Lona', 'Camurça', 'Knit'],
    sizes: SHOES,
    reais: [149, 799],
    taxClass: 'standard',
  },
  {
    code: 'SAP',
    category: 'Calçados',
    nouns: ['Sandália', 'Sapatilha', 'Bota', 'Mocassim', 'Chinelo'],
    modifiers: ['Rasteira', 'Salto Bloco', 'Cano Curto', 'Coturno', 'Anatômica', 'Tratorada'],
    materials: ['Couro', 'Camurça', 'Verniz', 'Borracha', 'Sintético'],
    sizes: SHOES,
    reais: [59, 499],
    taxClass: 'standard',
  },
  {
    code: 'INF',
    category: 'Infantil',
    nouns: ['Conjunto Infantil', 'Camiseta Infantil', 'Vestido Infantil', 'Bermuda Infantil', 'Pijama Infantil'],
    modifiers: ['Dinossauro', 'Arco-Íris', 'Listrado', 'Estampado', 'Básico'],
    materials: ['Algodão', 'Malha', 'Moletom', 'Suedine'],
    sizes: KIDS,
    reais: [39, 169],
    taxClass: 'reduced',
  },
  {
    code: 'MEI',
    category: 'Meias e Íntimos',
    nouns: ['Meia', 'Kit Meias', 'Cueca Boxer', 'Calcinha', 'Top'],
    modifiers: ['Cano Alto', 'Invisível', 'Esportiva', 'Sem Costura', 'Básica'],
    materials: ['Algodão', 'Microfibra', 'Modal', 'Poliamida'],
    sizes: ['P', 'M', 'G'],
    reais: [19, 89],
    taxClass: 'standard',
  },
  {
    code: 'ACE',
    category: 'Acessórios',
    nouns: ['Boné', 'Cinto', 'Mochila', 'Bolsa', 'Carteira', 'Gorro', 'Lenço'],
    modifiers: ['Aba Curva', 'Transversal', 'Tiracolo', 'Dupla Face', 'Clássico', 'Urbano'],
    materials: ['Couro', 'Lona', 'Nylon', 'Tricô', 'Sintético', 'Algodão'],
    sizes: ONE_SIZE,
    reais: [29, 399],
    taxClass: 'standard',
  },
  {
    code: 'SAC',
    category: 'Sacolas',
    nouns: ['Sacola Retornável', 'Ecobag'],
    modifiers: ['Vitrine', 'Estampada', 'Lisa'],
    materials: ['Algodão Cru', 'Ráfia'],
    sizes: ONE_SIZE,
    reais: [9, 39],
    taxClass: 'exempt',
  },
];

const BRANDS = [
  'Vitrine Essentials',
  'Passo',
  'Trópico',
  'Areia',
  'Cerrado',
  'Maré Alta',
  'Urbana',
  'Ipê',
  'Garoa',
  'Jabuticaba',
  'Serra Fina',
  'Brisa',
] as const;

/** Colour name and the SKU code for it. */
const COLOURS = [
  ['Preto', 'PRE'],
  ['Branco', 'BRA'],
  ['Azul-Marinho', 'AZM'],
  ['Azul Claro', 'AZC'],
  ['Cinza Mescla', 'CIM'],
  ['Vermelho', 'VER'],
  ['Verde Musgo', 'VEM'],
  ['Bege', 'BEG'],
  ['Caramelo', 'CAR'],
  ['Off-White', 'OFW'],
  ['Rosa', 'ROS'],
  ['Amarelo', 'AMA'],
  ['Marrom', 'MAR'],
  ['Vinho', 'VIN'],
  ['Terracota', 'TER'],
] as const;

/** Brazil's GS1 prefix 789; the remaining 9 digits number the products, so barcodes are unique up to 10⁹. */
const GS1_PREFIX = '789';
export const DEMO_CATALOG_MAX = 100_000;
export const DEMO_CURRENCY = 'BRL';

export function generateCatalog(size: number, seed = 20261123): Product[] {
  if (!Number.isInteger(size) || size < 0 || size > DEMO_CATALOG_MAX) {
    throw new RangeError(`catalog size must be an integer from 0 to ${DEMO_CATALOG_MAX}, got ${size}`);
  }
  const rnd = random(seed);
  const products: Product[] = [];
  for (let styleNo = 1; products.length < size; styleNo++) {
    const family = rnd.pick(FAMILIES);
    const styleName = `${rnd.pick(family.nouns)} ${rnd.pick(family.modifiers)} ${rnd.pick(family.materials)}`;
    const brand = rnd.pick(BRANDS);
    const styleCode = `${family.code}-${String(styleNo).padStart(5, '0')}`;
    const amount = rnd.int(family.reais[0], family.reais[1]) * 100 + 90;
    const colours = rnd.sample(COLOURS, rnd.int(1, 4));
    const sizes = family.sizes.length <= 3 ? family.sizes : rnd.sample(family.sizes, rnd.int(3, family.sizes.length));
    for (const [colour, colourCode] of colours) {
      for (const variantSize of sizes) {
        if (products.length >= size) break;
        const name = variantSize === 'U' ? `${styleName} ${colour}` : `${styleName} ${colour} ${variantSize}`;
        products.push({
          sku: `${styleCode}-${variantSize}-${colourCode}`,
          barcode: ean13(GS1_PREFIX + String(products.length + 1).padStart(9, '0')),
          name,
          searchName: normalizeSearchText(name),
          brand,
          category: family.category,
          styleCode,
          size: variantSize === 'U' ? null : variantSize,
          colour,
          price: { amount, currency: DEMO_CURRENCY },
          taxClass: family.taxClass,
          active: true,
          // Every fifth style has no picture, as in real catalogs: the app shows its placeholder.
          ...(styleNo % 5 !== 0 && { imageUrl: demoImageUrl(styleCode, colourCode) }),
          // Underwear is not taken back (hygiene): final sale, a manager's PIN to override.
          ...(HYGIENE.some((noun) => styleName.startsWith(noun)) && { finalSale: true }),
        });
      }
    }
  }
  return products;
}
