import { useEffect, useRef, useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { Field } from '../../ui/Field.js';
import { MAX_SCAN_GAP_MS, MIN_SCAN_GAP_MS } from '../sell/scan-buffer.js';
import { saveScannerSettings, useScannerSettings } from '../sell/scanner-settings.js';
import '../sell/finding.css';

/**
 * A gap that fits a scanner whose longest gap was `measured`: half as much again for its bad days, in tens, within
 * the setting's range.
 */
export const suggestedGap = (measured: number): number => Math.min(MAX_SCAN_GAP_MS, Math.max(MIN_SCAN_GAP_MS, Math.ceil((measured * 1.5) / 10) * 10));

/**
 * The device's scanner gap: how long a scan may pause between two keys. A slow Bluetooth scanner needs more than a
 * wired one; a test scan into the field below measures the scanner and offers a gap that fits it.
 */
export function ScannerSettings() {
  const { db } = useApp();
  const { t } = useI18n();
  const saved = useScannerSettings(db);
  const [text, setText] = useState(String(saved.maxGapMs));
  const [error, setError] = useState<string | undefined>();
  const [status, setStatus] = useState<string | null>(null);
  const [measured, setMeasured] = useState<{ chars: number; maxGap: number } | null>(null);
  const keys = useRef<number[]>([]);
  const [probe, setProbe] = useState('');

  useEffect(() => setText(String(saved.maxGapMs)), [saved.maxGapMs]);

  const save = async (value: string) => {
    setStatus(null);
    const ms = Number(value);
    if (!/^\d+$/.test(value.trim()) || ms < MIN_SCAN_GAP_MS || ms > MAX_SCAN_GAP_MS) {
      setError(t('scanner.invalid', { min: MIN_SCAN_GAP_MS, max: MAX_SCAN_GAP_MS }));
      return;
    }
    setError(undefined);
    await saveScannerSettings(db, { maxGapMs: ms });
    setStatus(t('scanner.saved', { ms }));
  };

  const onProbeKey = (e: KeyboardEvent) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const times = keys.current;
      // The first gap is left out: the first key's render can delay the second (the scan buffer's slack covers it).
      const gaps = times.slice(2).map((time, i) => time - times[i + 1]!);
      if (gaps.length > 0) setMeasured({ chars: times.length, maxGap: Math.round(Math.max(...gaps)) });
      keys.current = [];
      setProbe('');
    } else if (e.key.length === 1) keys.current.push(e.timeStamp);
  };

  return (
    <form
      class="scanner-settings"
      aria-labelledby="scanner-title"
      data-testid="scanner-settings"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        void save(text);
      }}
    >
      <h3 id="scanner-title">{t('scanner.title')}</h3>
      <Field
        id="scanner-gap"
        data-testid="scanner-gap"
        type="number"
        inputMode="numeric"
        min={MIN_SCAN_GAP_MS}
        max={MAX_SCAN_GAP_MS}
        step={10}
        label={t('scanner.gap')}
        hint={t('scanner.gapHint')}
        value={text}
        error={error}
        onInput={(e) => setText((e.target as HTMLInputElement).value)}
      />
      <Button type="submit" data-testid="scanner-gap-save">
        {t('scanner.save')}
      </Button>
      {status && (
        <p class="message message-info" role="status" data-testid="scanner-gap-saved">
          {status}
        </p>
      )}
      <Field
        id="scanner-probe"
        data-testid="scanner-probe"
        autoComplete="off"
        label={t('scanner.try')}
        value={probe}
        onInput={(e) => setProbe((e.target as HTMLInputElement).value)}
        onKeyDown={onProbeKey}
      />
      {measured && (
        <p class="message message-info" role="status" data-testid="scanner-measured" data-max-gap={measured.maxGap}>
          {t('scanner.measured', { chars: measured.chars, ms: measured.maxGap })}{' '}
          <Button
            onClick={() => {
              const ms = suggestedGap(measured.maxGap);
              setText(String(ms));
              void save(String(ms));
            }}
            data-testid="scanner-use-measured"
          >
            {t('scanner.use', { ms: suggestedGap(measured.maxGap) })}
          </Button>
        </p>
      )}
    </form>
  );
}
