/**
 * Keyboard-wedge barcode scanners "type" the code very fast and press Enter. This buffer tells a scan from a person
 * typing: printable keys arriving at most `maxGapMs` apart, at least `minLength` of them, ending in Enter.
 * Pure: the caller passes each key and its timestamp (event.timeStamp), so tests use fake time.
 *
 * A scan is never dropped silently: once keys arrive like a scanner's (a burst of BURST_KEYS fast keys), the burst
 * ends either as a scan or as a rejection the caller shows ("scan not recognised, try again"): it ended without
 * Enter, another key broke into it, it was too short, or it stuttered (a gap above `maxGapMs`, typical of a slow
 * Bluetooth scanner: the device's gap setting is too small for it). A stuttering burst is never taken as a scan of
 * its tail, which would add the wrong product.
 */
export interface ScanBufferOptions {
  /** The largest gap between two keys of one scan: a wired scanner needs ~10 ms, a slow Bluetooth one 100 ms or more. */
  maxGapMs?: number;
  /**
   * Tolerance for the gap after the first character and before Enter: the first character often lands in a focused
   * field and triggers a render, which can delay the next key event. Also how long a burst may pause before it is
   * over (then a burst without its Enter is reported). At least twice `maxGapMs`.
   */
  slackGapMs?: number;
  minLength?: number;
  /** Characters a scan may carry (default: what barcodes and SKUs use; a QR code's text needs more). */
  accepts?: RegExp;
}

/** The gap a device starts with: every wired scanner and most Bluetooth ones type faster; a person never does, 4 keys in a row. */
export const DEFAULT_SCAN_GAP_MS = 50;
/** The range the device setting offers: below it even wired scanners stutter, above it fast typists look like scanners. */
export const MIN_SCAN_GAP_MS = 20;
export const MAX_SCAN_GAP_MS = 300;
/** Fast keys in a row from which keys look like a scanner's, not a person's: from here on a burst is never dropped silently. */
export const BURST_KEYS = 4;

export type ScanRejection = 'no-enter' | 'interrupted' | 'too-short' | 'uneven' | 'too-slow';

export interface ScanStep {
  /** The scanned code when this key (Enter) completed a scan. */
  scan: string | null;
  /** A scanner-like burst that ended without being a scan, with why: the caller tells the associate to scan again. */
  rejected: { reason: ScanRejection; chars: string } | null;
  /** True when this key started a new candidate sequence (the caller may remember the focused field's value). */
  started: boolean;
  /** True while the keys look like a scanner (≥ 2 fast keys): the caller may hide them from inputs. */
  scanning: boolean;
  /**
   * Code keys ending in Enter, none more than MAX_SCAN_GAP_MS apart, that were neither a scan nor a rejection: a
   * scanner slower than this device's gap, or a person typing a code. The caller knows which: typed into a field,
   * the field takes it; typed into nothing, it was a slow scanner, and the associate is told to raise the gap.
   */
  slow?: string;
}

const NOTHING: ScanStep = { scan: null, rejected: null, started: false, scanning: false };
/** Keys a scanner sends around a character (Shift before a capital) that neither belong to the code nor break it. */
const MODIFIER_KEYS = new Set(['Shift', 'CapsLock']);

export class ScanBuffer {
  private chars = '';
  private last = Number.NEGATIVE_INFINITY;
  /** The burst had a gap above maxGapMs (but within the slack) after it looked like a scanner. */
  private stuttered = false;
  /** Code keys no more than MAX_SCAN_GAP_MS apart, whatever this device's gap (the `slow` candidate). */
  private loose = '';
  private looseLast = Number.NEGATIVE_INFINITY;
  readonly maxGapMs: number;
  readonly slackGapMs: number;
  readonly minLength: number;
  readonly accepts: RegExp;

  constructor(options: ScanBufferOptions = {}) {
    this.maxGapMs = options.maxGapMs ?? DEFAULT_SCAN_GAP_MS;
    this.slackGapMs = Math.max(options.slackGapMs ?? 120, 2 * this.maxGapMs);
    this.minLength = options.minLength ?? 6;
    this.accepts = options.accepts ?? /^[0-9A-Za-z-]$/;
  }

  /** The keys so far look like a scanner's: a rejection is reported for them rather than dropped. */
  private get burst(): boolean {
    return this.chars.length >= Math.min(BURST_KEYS, this.minLength);
  }

  key(key: string, time: number): ScanStep {
    if (MODIFIER_KEYS.has(key)) return { ...NOTHING, scanning: this.chars.length >= 2 };
    const gap = time - this.last;
    if (key === 'Enter') {
      const { chars, stuttered, loose } = this;
      const burst = this.burst;
      const slow = loose.length >= this.minLength && time - this.looseLast <= MAX_SCAN_GAP_MS ? loose : null;
      this.reset();
      if (!burst) return slow ? { ...NOTHING, slow } : NOTHING;
      if (gap > this.slackGapMs) return { ...NOTHING, rejected: { reason: 'no-enter', chars } };
      if (stuttered) return { ...NOTHING, rejected: { reason: 'uneven', chars } };
      if (chars.length < this.minLength) return { ...NOTHING, rejected: { reason: 'too-short', chars } };
      return { ...NOTHING, scan: chars };
    }
    if (key.length !== 1 || !this.accepts.test(key)) {
      const rejected = this.burst ? { reason: 'interrupted' as const, chars: this.chars } : null;
      this.reset();
      return { ...NOTHING, rejected };
    }
    this.loose = time - this.looseLast <= MAX_SCAN_GAP_MS ? this.loose + key : key;
    this.looseLast = time;
    let started = false;
    let rejected: ScanStep['rejected'] = null;
    const fast = gap <= this.maxGapMs || (this.chars.length === 1 && gap <= this.slackGapMs);
    if (this.chars.length > 0 && !fast && this.burst && gap <= this.slackGapMs) {
      this.stuttered = true;
    } else if (this.chars.length === 0 || !fast) {
      if (this.burst) rejected = { reason: 'no-enter', chars: this.chars };
      this.chars = '';
      this.stuttered = false;
      started = true;
    }
    this.chars += key;
    this.last = time;
    return { scan: null, rejected, started, scanning: this.chars.length >= 2 };
  }

  /**
   * Called when no key came for a while (the caller's timer, `slackGapMs` after the last key): a scanner-like burst
   * that is over without its Enter is reported, once.
   */
  idle(time: number): ScanStep {
    if (this.chars.length === 0 || time - this.last <= this.slackGapMs) return NOTHING;
    const rejected = this.burst ? { reason: 'no-enter' as const, chars: this.chars } : null;
    // Only the burst is over: a slower scanner's keys may still be coming (the `slow` candidate).
    this.chars = '';
    this.last = Number.NEGATIVE_INFINITY;
    this.stuttered = false;
    return { ...NOTHING, rejected };
  }

  reset(): void {
    this.chars = '';
    this.last = Number.NEGATIVE_INFINITY;
    this.stuttered = false;
    this.loose = '';
    this.looseLast = Number.NEGATIVE_INFINITY;
  }
}
