import { describe, expect, it } from 'vitest';
import { ScanBuffer } from './scan-buffer.js';

const feed = (buffer: ScanBuffer, keys: string[], start: number, gap: number) => {
  let t = start;
  let last = null as string | null;
  for (const k of keys) {
    last = buffer.key(k, t).scan;
    t += gap;
  }
  return last;
};

describe('ScanBuffer', () => {
  it('recognises fast digits ending in Enter as a scan', () => {
    const b = new ScanBuffer();
    expect(feed(b, [...'7890000000011', 'Enter'], 1000, 8)).toBe('7890000000011');
  });

  it('ignores a person typing slowly', () => {
    const b = new ScanBuffer();
    expect(feed(b, [...'7890000000011', 'Enter'], 1000, 120)).toBeNull();
  });

  it('ignores short bursts and an Enter that comes late', () => {
    const b = new ScanBuffer();
    expect(feed(b, [...'123', 'Enter'], 0, 5)).toBeNull();
    b.key('7', 0);
    for (let i = 1; i < 13; i++) b.key('1', i * 5);
    expect(b.key('Enter', 500).scan).toBeNull();
  });

  it('restarts after a pause, so slow typing before a scan does not pollute it', () => {
    const b = new ScanBuffer();
    feed(b, [...'ab'], 0, 200);
    expect(b.key('7', 1000).started).toBe(true);
    expect(feed(b, [...'890000000011', 'Enter'], 1010, 10)).toBe('7890000000011');
  });

  it('tolerates a slow first gap (a render after the first key) but not slow keys later', () => {
    const b = new ScanBuffer();
    b.key('7', 0);
    expect(feed(b, [...'890000000011', 'Enter'], 90, 5)).toBe('7890000000011');
    b.key('7', 1000);
    b.key('8', 1005);
    expect(feed(b, [...'90000000011', 'Enter'], 1100, 5)).toBe('90000000011'); // restarted: '78' were dropped
  });

  it('resets on non-code keys and reports scanning after two fast keys', () => {
    const b = new ScanBuffer({ maxGapMs: 40, slackGapMs: 40, minLength: 4 });
    expect(b.key('1', 0).scanning).toBe(false);
    expect(b.key('2', 10).scanning).toBe(true);
    b.key('Shift', 20);
    expect(feed(b, ['3', '4', 'Enter'], 30, 5)).toBeNull();
    expect(feed(b, ['S', 'K', 'U', '-', '1', 'Enter'], 100, 5)).toBe('SKU-1');
  });
});
