import { describe, expect, it } from 'vitest';
import { jsonDepthScanner } from './json-depth.js';

const bytes = (text: string) => new TextEncoder().encode(text);
const withinDepth = (text: string, max: number) => jsonDepthScanner(max).scan(bytes(text));

describe('jsonDepthScanner', () => {
  it('accepts nesting up to the limit and refuses one level more, arrays and objects alike', () => {
    expect(withinDepth('[[[1]]]', 3)).toBe(true);
    expect(withinDepth('[[[[1]]]]', 3)).toBe(false);
    expect(withinDepth('{"a":{"b":{"c":1}}}', 3)).toBe(true);
    expect(withinDepth('{"a":{"b":[{"c":1}]}}', 3)).toBe(false);
  });

  it('counts depth, not brackets: many siblings at one level are fine', () => {
    expect(withinDepth(`[${'[1],'.repeat(10_000)}[1]]`, 2)).toBe(true);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(withinDepth('["[[[[[[", "{{{{{{"]', 1)).toBe(true);
    expect(withinDepth('["a\\"[[[[[[", "\\\\"]', 1)).toBe(true);
    // After an escaped backslash the quote closes the string: the brackets that follow count.
    expect(withinDepth('["\\\\", [[[1]]]]', 3)).toBe(false);
  });

  it('keeps its state across chunks, an escape split between two chunks included', () => {
    const scanner = jsonDepthScanner(2);
    expect(scanner.scan(bytes('[{"k":"x\\'))).toBe(true);
    expect(scanner.scan(bytes('"[[[[", "v":'))).toBe(true);
    expect(scanner.scan(bytes('['))).toBe(false);
    // Once too deep, always too deep: a refused body is not re-admitted by what follows.
    expect(scanner.scan(bytes(']]'))).toBe(false);
  });

  it('is not fooled by multi-byte UTF-8 characters', () => {
    expect(withinDepth('[{"name":"Tênis «[[[» 日本 😀"}]', 2)).toBe(true);
  });

  it('refuses 30 MB of brackets after reading just past the limit, in a few milliseconds', () => {
    const body = new Uint8Array(30 * 1024 * 1024).fill(0x5b);
    const started = performance.now();
    expect(jsonDepthScanner(32).scan(body)).toBe(false);
    expect(performance.now() - started).toBeLessThan(50);
  });
});
