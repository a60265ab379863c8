/**
 * Keyboard-wedge barcode scanners "type" the code very fast and press Enter. This buffer tells a scan from a person
 * typing: printable keys arriving less than `maxGapMs` apart, at least `minLength` of them, ending in Enter.
 * Pure: the caller passes each key and its timestamp (event.timeStamp), so tests use fake time.
 */
export interface ScanBufferOptions {
  maxGapMs?: number;
  /**
   * Tolerance for the gap after the first character and before Enter: the first character often lands in a focused
   * field and triggers a render, which can delay the next key event. No person types the rest at < maxGapMs.
   */
  slackGapMs?: number;
  minLength?: number;
  /** Characters a scan may carry (default: what barcodes and SKUs use; a QR code's text needs more). */
  accepts?: RegExp;
}

export interface ScanStep {
  /** The scanned code when this key (Enter) completed a scan. */
  scan: string | null;
  /** True when this key started a new candidate sequence (the caller may remember the focused field's value). */
  started: boolean;
  /** True while the keys look like a scanner (≥ 2 fast keys): the caller may hide them from inputs. */
  scanning: boolean;
}

export class ScanBuffer {
  private chars = '';
  private last = Number.NEGATIVE_INFINITY;
  readonly maxGapMs: number;
  readonly slackGapMs: number;
  readonly minLength: number;
  readonly accepts: RegExp;

  constructor(options: ScanBufferOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? 40;
    this.slackGapMs = options.slackGapMs ?? 120;
    this.minLength = options.minLength ?? 6;
    this.accepts = options.accepts ?? /^[0-9A-Za-z-]$/;
  }

  key(key: string, time: number): ScanStep {
    const gap = time - this.last;
    if (key === 'Enter') {
      const code = this.chars;
      const fast = gap <= this.slackGapMs;
      this.reset();
      return { scan: fast && code.length >= this.minLength ? code : null, started: false, scanning: false };
    }
    if (key.length !== 1 || !this.accepts.test(key)) {
      this.reset();
      return { scan: null, started: false, scanning: false };
    }
    let started = false;
    const continues = gap <= this.maxGapMs || (this.chars.length === 1 && gap <= this.slackGapMs);
    if (this.chars.length === 0 || !continues) {
      this.chars = '';
      started = true;
    }
    this.chars += key;
    this.last = time;
    return { scan: null, started, scanning: this.chars.length >= 2 };
  }

  reset(): void {
    this.chars = '';
    this.last = Number.NEGATIVE_INFINITY;
  }
}
