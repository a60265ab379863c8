import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { sourceHash } from '../../scripts/build-if-stale.js';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A project tree with what the build reads: code, a test beside it, the lock file and a dependency's patch. */
function project(): { root: string; write: (path: string, text: string) => void } {
  const root = mkdtempSync(join(tmpdir(), 'vitrine-stale-'));
  roots.push(root);
  const write = (path: string, text: string) => {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), text);
  };
  write('src/main.tsx', 'export const a = 1;');
  write('src/main.test.ts', 'it("a", () => {});');
  write('package-lock.json', '{}');
  write('scripts/patches/rxdb+17.6.0.patch', 'diff a');
  return { root, write };
}

describe('npm start rebuilds the app', () => {
  it('when its code, its locked dependencies or the patches applied to them change', () => {
    const { root, write } = project();
    const built = sourceHash(root);
    expect(sourceHash(root)).toBe(built);
    write('scripts/patches/rxdb+17.6.0.patch', 'diff b');
    const patched = sourceHash(root);
    expect(patched).not.toBe(built);
    write('src/main.tsx', 'export const a = 2;');
    expect(sourceHash(root)).not.toBe(patched);
  });

  it('not when only a test beside the code changes', () => {
    const { root, write } = project();
    const built = sourceHash(root);
    write('src/main.test.ts', 'it("b", () => {});');
    expect(sourceHash(root)).toBe(built);
  });
});
