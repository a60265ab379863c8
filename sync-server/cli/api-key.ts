import { parseArgs } from 'node:util';
import { DomainError, ErrorCode, INTEGRATION_SCOPES, IntegrationScopeSchema, systemClock, type IntegrationScope } from '../../src/domain/index.js';
import { createIntegration, listIntegrations, revokeIntegration, setIntegrationWebhook, type IntegrationRecord } from '../integrations/registry.js';
import { withStore } from './with-store.js';

/**
 * Integration API keys, against the server's database (DATABASE_URL's PostgreSQL, else SQLite under DATA_DIR); safe
 * while servers run (each request reads the key's row).
 *
 *   npm run api-key -- <name> [--scopes a,b] [--stores S1,S2] [--webhook <url>]
 *       mints a key (every scope and every store unless narrowed); the key is printed once, alone on the last line
 *   npm run api-key -- --webhook <url> --id <id>
 *       points an integration's events at <url> with a new signing secret, printed once, alone on the last line
 *   npm run api-key -- --revoke <id>       the key answers 401 from the next request, on every instance
 *   npm run api-key -- --list              id, name, scopes, stores, webhook URL, created, revoked (never secrets)
 */
const USAGE = [
  'usage: npm run api-key -- <integration-name> [--scopes orders:read,orders:write,...] [--stores S1,S2] [--webhook <url>]',
  '       npm run api-key -- --webhook <url> --id <integration-id>',
  '       npm run api-key -- --revoke <integration-id>',
  '       npm run api-key -- --list',
  `scopes: ${INTEGRATION_SCOPES.join(', ')} (default: all); stores default: every store`,
].join('\n');

const parseOptions = (argv: string[]) =>
  parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      scopes: { type: 'string' },
      stores: { type: 'string' },
      webhook: { type: 'string' },
      id: { type: 'string' },
      revoke: { type: 'string' },
      list: { type: 'boolean' },
    },
  });

async function main(argv: string[]): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : error}\n${USAGE}`);
    return 1;
  }
  const { values: o, positionals } = parsed;
  const mode = o.list ? 'list' : o.revoke !== undefined ? 'revoke' : o.id !== undefined ? 'webhook' : 'mint';
  const valid =
    mode === 'list'
      ? positionals.length === 0 && !o.revoke && !o.id && !o.webhook && !o.scopes && !o.stores
      : mode === 'revoke'
        ? positionals.length === 0 && !o.id && !o.webhook && !o.scopes && !o.stores
        : mode === 'webhook'
          ? positionals.length === 0 && o.webhook !== undefined && !o.scopes && !o.stores
          : positionals.length === 1;
  if (!valid) {
    console.error(USAGE);
    return 1;
  }

  return withStore(async (store) => {
    if (mode === 'list') {
      const integrations = await listIntegrations(store);
      if (integrations.length === 0) console.log('no integrations; mint a key with npm run api-key -- <name>');
      for (const i of integrations) console.log(describe(i));
      return;
    }
    if (mode === 'revoke') {
      const { integration, alreadyRevoked } = await revokeIntegration(store, o.revoke!, { clock: systemClock });
      console.log(
        alreadyRevoked
          ? `integration ${integration.id} ("${integration.name}") was already revoked at ${integration.revokedAt}`
          : `revoked integration ${integration.id} ("${integration.name}") at ${integration.revokedAt}: its key answers 401 from now on`,
      );
      return;
    }
    if (mode === 'webhook') {
      const { integration, webhookSecret } = await setIntegrationWebhook(store, o.id!, o.webhook!);
      console.log(`integration ${integration.id} ("${integration.name}") now sends its events to ${integration.webhookUrl}`);
      console.log('webhook signing secret (shown once; the receiver checks Vitrine-Signature with it):');
      console.log(webhookSecret);
      return;
    }
    const { integration, apiKey, webhookSecret } = await createIntegration(
      store,
      {
        name: positionals[0]!,
        scopes: o.scopes === undefined ? undefined : scopesFrom(o.scopes),
        stores: o.stores === undefined ? undefined : listFrom(o.stores),
        webhookUrl: o.webhook,
      },
      { clock: systemClock },
    );
    console.log(describe(integration));
    if (webhookSecret) console.log(`webhook signing secret (shown once; the receiver checks Vitrine-Signature with it): ${webhookSecret}`);
    else console.log(`events wait until a webhook URL is set: npm run api-key -- --webhook <url> --id ${integration.id}`);
    console.log('API key (shown once; only its hash is kept). Send it as "Authorization: Bearer <key>":');
    console.log(apiKey);
  });
}

const listFrom = (text: string): string[] =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

function scopesFrom(text: string): IntegrationScope[] {
  return listFrom(text).map((s) => {
    const scope = IntegrationScopeSchema.safeParse(s);
    if (!scope.success) throw new DomainError(ErrorCode.VALIDATION_FAILED, `unknown scope "${s}"; scopes are ${INTEGRATION_SCOPES.join(', ')}`);
    return scope.data;
  });
}

const describe = (i: IntegrationRecord): string =>
  [
    `${i.id}  "${i.name}"`,
    `scopes: ${i.scopes.join(',')}`,
    `stores: ${i.stores ? i.stores.join(',') : 'all'}`,
    `webhook: ${i.webhookUrl ?? 'none'}`,
    `created: ${i.createdAt}`,
    `revoked: ${i.revokedAt ?? 'no'}`,
  ].join('  ');

main(process.argv.slice(2)).then((code) => process.exit(code));
