import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';

/**
 * The camera as a scanner, where the browser has the Shape Detection API's BarcodeDetector (Chrome on Android,
 * ChromeOS, macOS). Elsewhere the button is not offered and the keyboard-wedge scanner or typing does the job; a
 * decoding library as a fallback is not bundled yet.
 */
interface Detector {
  detect(source: HTMLVideoElement): Promise<{ rawValue: string }[]>;
}
type DetectorClass = new (options: { formats: string[] }) => Detector;
const detectorClass = (): DetectorClass | undefined => (globalThis as unknown as { BarcodeDetector?: DetectorClass }).BarcodeDetector;

export const cameraScanAvailable = () => detectorClass() !== undefined && typeof navigator !== 'undefined' && !!navigator.mediaDevices?.getUserMedia;

export function CameraScanButton({ formats, onCode }: { formats: string[]; onCode: (code: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  if (!cameraScanAvailable()) return null;
  return (
    <>
      <Button onClick={() => setOpen(true)} data-testid="camera-scan">
        {t('pickup.camera.open')}
      </Button>
      {open && (
        <CameraScanner
          formats={formats}
          onCode={(code) => {
            setOpen(false);
            onCode(code);
          }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

function CameraScanner({ formats, onCode, onClose }: { formats: string[]; onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState(false);
  useEffect(() => {
    const Detector = detectorClass()!;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setInterval> | undefined;
    let stopped = false;
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (stopped || !video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        const detector = new Detector({ formats });
        timer = setInterval(async () => {
          if (!video.current) return;
          const found = await detector.detect(video.current).catch(() => []);
          if (found[0] && !stopped) {
            stopped = true;
            onCode(found[0].rawValue);
          }
        }, 250);
      } catch {
        setError(true);
      }
    })();
    return () => {
      stopped = true;
      clearInterval(timer);
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <div class="camera" role="dialog" aria-label={t('pickup.camera.open')}>
      {error ? <p class="message message-error">{t('pickup.camera.failed')}</p> : <video ref={video} class="camera-video" muted playsInline />}
      <Button size="large" onClick={onClose}>
        {t('pickup.camera.close')}
      </Button>
    </div>
  );
}
