import { useEffect, useState } from 'preact/hooks';
import { useApp } from '../../context.js';
import { getApi, isNetworkUnreachable } from '../../db/http.js';
import { useI18n } from '../../i18n/index.js';
import { Button } from '../../ui/Button.js';
import { storeNames$ } from '../../db/store-settings.js';
import { useObservable } from '../../ui/hooks.js';

/** A credit as GET /api/credits/flagged answers it (code masked). */
interface FlaggedCredit {
  code: string;
  currency: string;
  balance: number;
  flag: { reason: 'overdrawn' | 'currency_mismatch'; storeId: string; at: string } | null;
  entries: { position: number; kind: string; amount: number; currency: string; storeId: string; offline: boolean; at: string }[];
}

type State = { kind: 'loading' } | { kind: 'list'; credits: FlaggedCredit[] } | { kind: 'offline' } | { kind: 'failed'; message: string };

/**
 * For managers, beside the store's return figures: the store credits and gift cards flagged at this store (an
 * offline redemption overdrew one, or took it in another currency), from the server, so the manager follows each up
 * with the customer. The server's ledger is the truth: never a balance the device made up.
 */
export function FlaggedCredits() {
  const { db, baseUrl, enrollment } = useApp();
  const storeNames = useObservable<Map<string, string>>(() => storeNames$(db), new Map(), [db]);
  const { t, money, shortDateTime } = useI18n();
  const [state, setState] = useState<State>({ kind: 'loading' });
  const [asked, setAsked] = useState(0);

  useEffect(() => {
    let live = true;
    setState({ kind: 'loading' });
    getApi<{ credits: FlaggedCredit[] }>({ baseUrl, token: enrollment.token, path: '/api/credits/flagged' }).then(
      ({ credits }) => live && setState({ kind: 'list', credits }),
      (error: unknown) =>
        live &&
        setState(
          isNetworkUnreachable(error) ? { kind: 'offline' } : { kind: 'failed', message: error instanceof Error ? error.message : String(error) },
        ),
    );
    return () => {
      live = false;
    };
  }, [baseUrl, enrollment.token, asked]);

  return (
    <section class="flagged-credits" aria-labelledby="flagged-credits-title" data-testid="flagged-credits" data-state={state.kind}>
      <h3 id="flagged-credits-title">{t('credits.flagged.title')}</h3>
      {state.kind === 'loading' && <p class="muted">{t('credits.flagged.loading')}</p>}
      {(state.kind === 'offline' || state.kind === 'failed') && (
        <p class="message message-warn" role="status">
          {state.kind === 'offline' ? t('credits.flagged.offline') : t('credits.flagged.failed', { message: state.message })}{' '}
          <Button variant="ghost" onClick={() => setAsked((n) => n + 1)} data-testid="flagged-credits-retry">
            {t('credits.flagged.retry')}
          </Button>
        </p>
      )}
      {state.kind === 'list' && state.credits.length === 0 && <p class="muted">{t('credits.flagged.none')}</p>}
      {state.kind === 'list' && state.credits.length > 0 && (
        <ul class="flagged-credit-list">
          {state.credits.map((c) => {
            const last = c.entries[c.entries.length - 1];
            return (
              <li key={c.code} data-testid="flagged-credit" data-balance={c.balance}>
                <strong>{c.code}</strong> · {t(`credits.flagged.reason.${c.flag?.reason ?? 'overdrawn'}`)} ·{' '}
                <strong>{money(c.balance, c.currency)}</strong>
                {last && (
                  <span class="muted">
                    {' '}
                    ·{' '}
                    {t('credits.flagged.last', {
                      amount: money(last.amount, last.currency),
                      store: storeNames.get(last.storeId) ?? last.storeId,
                      at: shortDateTime(last.at),
                    })}
                  </span>
                )}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
