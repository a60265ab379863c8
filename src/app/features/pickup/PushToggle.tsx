import { useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import { subscribeToArrivalAlerts } from '../../push/arrival-alerts.js';
import { Button } from '../../ui/Button.js';

type State = 'idle' | 'working' | 'subscribed' | 'denied' | 'failed';

const supported = () =>
  typeof navigator !== 'undefined' &&
  'serviceWorker' in navigator &&
  typeof window !== 'undefined' &&
  'PushManager' in window &&
  'Notification' in window;

/**
 * Alerts on a locked screen: Web Push, turned on from a tap (browsers ask for notification permission only then).
 * Shown only where the browser has Web Push; already on when permission was granted before.
 */
export function PushToggle() {
  const { baseUrl, enrollment } = useApp();
  const { t } = useI18n();
  const [state, setState] = useState<State>(() => (supported() && Notification.permission === 'denied' ? 'denied' : 'idle'));
  if (!supported()) return null;
  const turnOn = async () => {
    setState('working');
    try {
      const registration = await navigator.serviceWorker.ready;
      const outcome = await subscribeToArrivalAlerts({
        baseUrl,
        token: enrollment.token,
        pushManager: registration.pushManager,
        requestPermission: () => Notification.requestPermission(),
      });
      setState(outcome);
    } catch {
      setState('failed');
    }
  };
  if (state === 'subscribed')
    return (
      <span class="badge badge-accepted" data-testid="push-on">
        {t('pickup.push.on')}
      </span>
    );
  if (state === 'denied')
    return (
      <span class="muted pickup-push-note" data-testid="push-denied">
        {t('pickup.push.denied')}
      </span>
    );
  return (
    <Button
      variant="ghost"
      onClick={() => void turnOn()}
      disabled={state === 'working'}
      data-testid="push-toggle"
      title={state === 'failed' ? t('pickup.push.failed') : undefined}
    >
      {t(state === 'failed' ? 'pickup.push.retry' : 'pickup.push.enable')}
    </Button>
  );
}
