/**
 * Nesting depth of JSON text, measured on the raw bytes as they arrive, before anything is parsed: a body of
 * millions of `[` costs JSON.parse seconds and gigabytes (and every later tree walk a deep stack), while this scan
 * refuses it after `maxDepth + 1` bytes. Brackets inside strings do not count. Bytes, not characters, are enough:
 * in UTF-8 every byte of a multi-byte character is ≥ 0x80, so `"`, `\`, `[`, `{`, `]`, `}` are never part of one.
 * The scan does not validate; malformed text is JSON.parse's to refuse.
 */
export interface JsonDepthScanner {
  /** Feeds the next chunk; answers false as soon as the text nests deeper than `maxDepth` (and forever after). */
  scan(chunk: Uint8Array): boolean;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;

export function jsonDepthScanner(maxDepth: number): JsonDepthScanner {
  let depth = 0;
  let inString = false;
  // A backslash at the end of one chunk escapes the first byte of the next.
  let escaped = false;
  let exceeded = false;
  return {
    scan(chunk) {
      if (exceeded) return false;
      for (let i = 0; i < chunk.length; i++) {
        const byte = chunk[i]!;
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
        } else if (byte === QUOTE) {
          inString = true;
        } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
          if (++depth > maxDepth) {
            exceeded = true;
            return false;
          }
        } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
          depth--;
        }
      }
      return true;
    },
  };
}
