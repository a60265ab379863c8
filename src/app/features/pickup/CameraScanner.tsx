import { useEffect, useRef, useState } from 'preact/hooks';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { cameraScanAvailable, createDetector, type ScanFormat } from './barcode-detection.js';

/**
 * The camera as a scanner on tablets and phones: the browser's BarcodeDetector where it has one, else the
 * WebAssembly decoder (barcode-detection.ts). The keyboard-wedge scanner and typing stay available beside it.
 */
export function CameraScanButton({ formats, onCode }: { formats: readonly ScanFormat[]; onCode: (code: string) => void }) {
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

function CameraScanner({ formats, onCode, onClose }: { formats: readonly ScanFormat[]; onCode: (code: string) => void; onClose: () => void }) {
  const { t } = useI18n();
  const video = useRef<HTMLVideoElement>(null);
  const [error, setError] = useState(false);
  // The screen's latest handler, not the one of the moment the camera opened: the order it records against may have
  // changed while the camera looked (a decode can take seconds on a busy phone).
  const handler = useRef(onCode);
  handler.current = onCode;
  useEffect(() => {
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let stopped = false;
    const stopTracks = () => {
      for (const track of stream?.getTracks() ?? []) track.stop();
    };
    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        // Closed while the camera was starting: the stream arrived after the cleanup ran, so stop it here.
        if (stopped || !video.current) return stopTracks();
        video.current.srcObject = stream;
        await video.current.play();
        const detector = await createDetector(formats);
        // One frame at a time: the WebAssembly decoder runs on this thread, and overlapping reads would only queue up.
        const look = async () => {
          if (stopped || !video.current) return;
          const found = await detector.detect(video.current).catch(() => []);
          if (stopped) return;
          if (!found[0]) {
            timer = setTimeout(look, 150);
            return;
          }
          stopped = true;
          stopTracks();
          handler.current(found[0].rawValue);
        };
        await look();
      } catch {
        if (!stopped) setError(true);
      }
    })();
    return () => {
      stopped = true;
      clearTimeout(timer);
      stopTracks();
    };
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
