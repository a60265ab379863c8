import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Builds the PWA into dist/ only when what the build reads changed since the last build, or dist/ is missing, so
 * `npm start` after a restart serves in a few seconds instead of rebuilding for ~15 s. The build's inputs are
 * hashed (paths and contents) and the hash is kept in dist/.source-hash, written only after a build succeeds: an
 * interrupted build leaves no stamp and the next start builds again.
 *
 *   tsx scripts/build-if-stale.ts          (npm start runs it before the server; the benchmarks call ensureAppBuilt)
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DIST = join(ROOT, 'dist');
const STAMP = join(DIST, '.source-hash');
/**
 * Everything `vite build` reads: the app's code, static files, the entry page, its config, the manifest, the locked
 * dependencies and the patches npm's postinstall applies to them (RxDB's is bundled), package.json (Vite reads it,
 * and a dependency changed by hand shows there first) and the .env files Vite loads in production mode (absent ones
 * count as absent).
 */
const INPUTS = [
  'src',
  'public',
  'index.html',
  'vite.config.ts',
  'tsconfig.json',
  'manifest.webmanifest',
  'package-lock.json',
  'scripts/patches',
  'package.json',
  '.env',
  '.env.local',
  '.env.production',
  '.env.production.local',
];
/** Tests sit beside the code in src/ but never reach the bundle: editing one must not cost a rebuild. */
const NOT_BUNDLED = /\.test\.tsx?$/;

function filesOf(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((entry) => (entry.isDirectory() ? filesOf(join(path, entry.name)) : NOT_BUNDLED.test(entry.name) ? [] : [join(path, entry.name)]));
}

export function sourceHash(root = ROOT): string {
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap((input) => filesOf(join(root, input)))) {
    // The path too: a renamed file changes the build even when no byte changed.
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

const builtFrom = (): string | undefined =>
  existsSync(join(DIST, 'index.html')) && existsSync(STAMP) ? readFileSync(STAMP, 'utf8').trim() : undefined;

/** Builds when needed; answers whether it built. Throws when the build fails or outlasts `timeoutMs`. */
export function ensureAppBuilt({ log = console.log, timeoutMs }: { log?: (line: string) => void; timeoutMs?: number } = {}): boolean {
  const hash = sourceHash();
  if (builtFrom() === hash) {
    log('dist/ is up to date with the app sources: not rebuilding');
    return false;
  }
  log(existsSync(join(DIST, 'index.html')) ? 'the app sources changed since dist/ was built: building' : 'dist/ is missing: building the app');
  const { status, error } = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: timeoutMs,
  });
  if (error || status !== 0) throw new Error(`vite build failed (${error?.message ?? `exit ${status}`})`);
  writeFileSync(STAMP, `${hash}\n`);
  return true;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    ensureAppBuilt();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
