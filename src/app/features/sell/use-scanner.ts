import { useLayoutEffect, useRef } from 'preact/hooks';
import { ScanBuffer, type ScanBufferOptions } from './scan-buffer.js';

const isTextInput = (el: EventTarget | null): el is HTMLInputElement | HTMLTextAreaElement =>
  !!el && ((el as Element).tagName === 'INPUT' || (el as Element).tagName === 'TEXTAREA');

/**
 * Listens to keydown on the whole window (capture phase) while mounted, so a keyboard-wedge scan works whatever has
 * focus. When a scan completes, the characters it typed into a focused field are taken back out and Enter is
 * swallowed (no form submit, no button activation).
 */
export function useScanner(onScan: (code: string) => void, options?: ScanBufferOptions) {
  const handler = useRef(onScan);
  handler.current = onScan;
  // Layout effect: listening from the first paint, so a scan right after opening the screen is not half-lost.
  useLayoutEffect(() => {
    const buffer = new ScanBuffer(options);
    let startTarget: HTMLInputElement | HTMLTextAreaElement | null = null;
    let startValue = '';
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
      const step = buffer.key(e.key, e.timeStamp);
      if (step.started) {
        startTarget = isTextInput(e.target) ? e.target : null;
        startValue = startTarget?.value ?? '';
      }
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
    return () => window.removeEventListener('keydown', onKeyDown, true);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
}
