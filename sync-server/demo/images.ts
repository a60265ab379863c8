import { Hono } from 'hono';
import { z } from 'zod';
import { ErrorCode } from '../../src/domain/index.js';
import { errorBody } from '../http/errors.js';
import { defineRoute, failure } from '../http/route.js';

/**
 * The demo catalog's product pictures: a tiny SVG per style and colour (a few hundred bytes), drawn from the name of
 * the file alone, so nothing is stored and the same address always gives the same picture: the family's silhouette
 * in the colour, with a band whose place depends on the style number. Real catalogs put their own pictures under
 * /images/ (ProductSchema.imageUrl).
 */

/** Colour codes of the demo catalog (catalog.ts COLOURS) and how they are drawn. */
const COLOUR_HEX: Readonly<Record<string, string>> = {
  PRE: '#222222',
  BRA: '#f4f4f0',
  AZM: '#1f2f5c',
  AZC: '#8db8e0',
  CIM: '#9a9a9a',
  VER: '#c8302c',
  VEM: '#56663a',
  BEG: '#d8c6a4',
  CAR: '#a8692c',
  OFW: '#ece6d6',
  ROS: '#eba5b8',
  AMA: '#f0c93a',
  MAR: '#5e3a22',
  VIN: '#6c1f32',
  TER: '#c0643c',
};

/** One silhouette per style family (catalog.ts FAMILIES), in a 64 × 64 box. */
const SHAPES: Readonly<Record<string, string>> = {
  CAM: 'M20 10 L28 8 Q32 14 36 8 L44 10 L56 20 L50 28 L46 24 L46 56 L18 56 L18 24 L14 28 L8 20 Z',
  CAL: 'M18 8 L46 8 L50 58 L38 58 L32 24 L26 58 L14 58 Z',
  VES: 'M24 8 L40 8 L38 20 L52 56 L12 56 L26 20 Z',
  CAS: 'M18 8 L28 6 L32 14 L36 6 L46 8 L58 22 L50 30 L46 26 L46 58 L18 58 L18 26 L14 30 L6 22 Z',
  TEN: 'M6 40 L10 24 L24 26 L34 34 L56 38 Q60 44 56 50 L8 50 Z',
  SAP: 'M6 42 L12 30 L26 30 L36 36 L58 40 Q60 48 54 50 L8 50 Z',
  INF: 'M22 14 L29 12 Q32 17 35 12 L42 14 L50 22 L45 28 L42 25 L42 52 L22 52 L22 25 L19 28 L14 22 Z',
  MEI: 'M24 6 L38 6 L38 38 L50 48 Q54 56 44 58 L26 52 Q22 50 24 44 Z',
  ACE: 'M10 26 Q32 14 54 26 L54 32 Q32 22 10 32 Z M24 34 L40 34 L40 52 L24 52 Z',
  SAC: 'M14 22 L50 22 L54 58 L10 58 Z M24 22 Q24 8 32 8 Q40 8 40 22 L37 22 Q37 11 32 11 Q27 11 27 22 Z',
};

const FILE = /^([A-Z]{3})-(\d{5})-([A-Z]{3})\.svg$/;

/** The address of a demo style's picture in one colour. */
export const demoImageUrl = (styleCode: string, colourCode: string): string => `/images/demo/${styleCode}-${colourCode}.svg`;

/** The SVG for a demo picture's file name, or null when the name is not one the demo catalog gives out. */
export function demoImageSvg(file: string): string | null {
  const match = FILE.exec(file);
  if (!match) return null;
  const [, family, styleNo, colourCode] = match as unknown as [string, string, string, string];
  const shape = SHAPES[family];
  const fill = COLOUR_HEX[colourCode];
  if (!shape || !fill) return null;
  const band = 14 + (Number(styleNo) % 5) * 8;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64" width="64" height="64"><rect width="64" height="64" fill="#f3f1ec"/><clipPath id="s"><path d="${shape}"/></clipPath><path d="${shape}" fill="${fill}" stroke="#00000033" stroke-width="1"/><rect y="${band}" width="64" height="4" fill="#ffffff55" clip-path="url(#s)"/></svg>`;
}

/**
 * GET /images/demo/{file}.svg: public (no device token: an <img> sends none) and cacheable for a week; the service
 * worker keeps them for offline use. Unknown names answer 404.
 */
export function demoImageRoutes(): Hono {
  const app = new Hono();
  defineRoute(
    app,
    {
      method: 'get',
      path: '/images/demo/:file',
      operationId: 'demoProductImage',
      summary: "A demo catalog product's picture",
      description: 'A small SVG drawn from its name ({styleCode}-{colourCode}.svg), as the demo catalog gives them out in imageUrl.',
      tags: ['catalog'],
      auth: 'public',
      params: z.object({ file: z.string().max(40).describe('{styleCode}-{colourCode}.svg') }),
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': { schema: { type: 'string' } } } },
        404: failure('NOT_FOUND: not a picture of the demo catalog'),
      },
    },
    (c, { params }) => {
      const svg = demoImageSvg(params.file);
      if (!svg) return c.json(errorBody(ErrorCode.NOT_FOUND, 'no such image'), 404);
      return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8', 'Cache-Control': 'public, max-age=604800' });
    },
  );
  return app;
}
