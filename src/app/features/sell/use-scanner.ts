import { useLayoutEffect, useRef } from 'preact/hooks';
import { useApp } from '../../context.js';
import type { MessageKey } from '../../i18n/catalog.js';
import { ScanBuffer, type ScanBufferOptions, type ScanStep } from './scan-buffer.js';
import { useScannerSettings } from './scanner-settings.js';

const isTextInput = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  !!el && ((el as Element).tagName === 'INPUT' || (el as Element).tagName === 'TEXTAREA');

export type ScanRejected = NonNullable<ScanStep['rejected']>;

/** What every scanning screen tells the associate about a burst that was not a scan. */
export const rejectedScanMessage = ({ reason }: ScanRejected): MessageKey =>
  reason === 'uneven' ? 'scan.uneven' : reason === 'too-slow' ? 'scan.tooSlow' : 'scan.notRecognised';

export interface UseScannerOptions extends ScanBufferOptions {
  /** A scanner-like burst that was not a scan: the screen says so ("scan not recognised, try again"). */
  onRejected?: (rejected: ScanRejected) => void;
}

/**
 * Listens to keydown on the whole window (capture phase) while mounted, so a keyboard-wedge scan works whatever has
 * focus. When a scan completes, the characters it typed into a focused field are taken back out and Enter is
 * swallowed (no form submit, no button activation). The largest gap between a scan's keys is the device's setting
 * (device screen) or the caller's, whichever is larger; a burst that ends without its Enter is reported once the
 * slack has passed with no key, by a timer.
 */
export function useScanner(onScan: (code: string) => void, options: UseScannerOptions = {}) {
  const { db } = useApp();
  const deviceGap = useScannerSettings(db).maxGapMs;
  const handler = useRef(onScan);
  handler.current = onScan;
  const rejectedHandler = useRef(options.onRejected);
  rejectedHandler.current = options.onRejected;
  const maxGapMs = Math.max(deviceGap, options.maxGapMs ?? 0);
  const { slackGapMs, minLength, accepts } = options;
  // Layout effect: listening from the first paint, so a scan right after opening the screen is not half-lost.
  useLayoutEffect(() => {
    const buffer = new ScanBuffer({ maxGapMs, slackGapMs, minLength, accepts });
    let startTarget: HTMLInputElement | HTMLTextAreaElement | null = null;
    let startValue = '';
    let idleTimer: ReturnType<typeof setTimeout> | undefined;
    const reject = (step: ScanStep) => {
      if (step.rejected) rejectedHandler.current?.(step.rejected);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      clearTimeout(idleTimer);
      const step = buffer.key(e.key, e.timeStamp);
      reject(step);
      // Code keys and Enter typed into no field: a scanner slower than this device's gap (a field would take them).
      if (step.slow && !isTextInput(e.target)) rejectedHandler.current?.({ reason: 'too-slow', chars: step.slow });
      if (step.started) {
        startTarget = isTextInput(e.target) ? e.target : null;
        startValue = startTarget?.value ?? '';
      }
      if (step.scanning) idleTimer = setTimeout(() => reject(buffer.idle(performance.now())), buffer.slackGapMs + 20);
      if (step.scan) {
        e.preventDefault();
        e.stopPropagation();
        if (startTarget && startTarget.value !== startValue) {
          startTarget.value = startValue;
          startTarget.dispatchEvent(new Event('input', { bubbles: true }));
        }
        startTarget = null;
        handler.current(step.scan);
      }
    };
    window.addEventListener('keydown', onKeyDown, true);
    return () => {
      clearTimeout(idleTimer);
      window.removeEventListener('keydown', onKeyDown, true);
    };
  }, [maxGapMs, slackGapMs, minLength, accepts]);
}
