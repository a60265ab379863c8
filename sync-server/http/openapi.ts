import type { Hono } from 'hono';
import { generateSpecs } from 'hono-openapi';
import { collections, type CollectionSpec } from '../../src/domain/index.js';

/**
 * The OpenAPI 3.1 document of the HTTP API, generated from the routes mounted on `app`: each route's definition
 * (http/route.ts) carries its schemas and answers, so the document cannot drift from what the routes validate and a
 * route cannot exist undocumented. Served at GET /api/openapi.json.
 */
export async function buildOpenApiDocument(app: Hono, { version = '0.1.0' }: { version?: string } = {}) {
  return generateSpecs(app, {
    // `/api/openapi.json` is a route, not a static file.
    excludeStaticFile: false,
    excludeMethods: ['OPTIONS'],
    documentation: {
      openapi: '3.1.0',
      info: {
        title: 'Vitrine sync server',
        version,
        description:
          'Device enrollment and RxDB replication (pull, push, Server-Sent Events) for the Vitrine POS, and the integration API of the chain’s systems.',
      },
      servers: [{ url: '/' }],
      security: [{ deviceToken: [] }],
      tags: (Object.values(collections) as CollectionSpec[]).map((s) => ({ name: s.name })),
      components: {
        securitySchemes: {
          deviceToken: { type: 'http', scheme: 'bearer', description: 'the device token from /api/devices/enroll' },
          integrationKey: {
            type: 'http',
            scheme: 'bearer',
            description: 'an integration key from `npm run api-key`; the scopes a route needs are listed in its requirement',
          },
        },
      },
    },
  });
}
