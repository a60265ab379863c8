import { useEffect, useState } from 'preact/hooks';
import { can, type Returnable, type ReturnRecorded } from '../../../domain/index.js';
import { useApp } from '../../context.js';
import { useI18n } from '../../i18n/index.js';
import type { Route } from '../../router.js';
import { useObservable } from '../../ui/hooks.js';
import { FindPurchase } from './FindPurchase.js';
import { ReturnConflicts } from './ReturnConflicts.js';
import { ReturnForm } from './ReturnForm.js';
import { ReturnReceipt } from './ReturnReceipt.js';
import { storeReturns$ } from './returns-data.js';
import { FlaggedCredits } from './FlaggedCredits.js';
import { CreditAdjust } from './CreditAdjust.js';
import { StoreFigures } from './StoreFigures.js';
import './returns.css';

/**
 * Returns: the store's figures for managers and the returns the server refused (to follow up) in the header, then
 * find the purchase → the return → its receipt.
 */
export function ReturnsScreen({ route }: { route: Extract<Route, { name: 'returns' | 'return-receipt' }> }) {
  const { db, session } = useApp();
  const { t } = useI18n();
  const returns = useObservable<ReturnRecorded[]>(() => storeReturns$(db), [], [db]);
  const [purchase, setPurchase] = useState<Returnable | null>(null);
  const manager = can(session.role, 'return.approve');
  const canAdjust = can(session.role, 'credit.adjust');
  // A recorded return opens its receipt; "New return" starts from the search again.
  useEffect(() => {
    if (route.name === 'return-receipt') setPurchase(null);
  }, [route]);
  return (
    <section class="panel returns-screen" aria-labelledby="returns-title" data-testid="returns-screen">
      <header class="returns-header">
        <h2 id="returns-title">{t('returns.title')}</h2>
        {manager && <StoreFigures returns={returns} />}
      </header>
      {manager && route.name === 'returns' && !purchase && <FlaggedCredits />}
      {canAdjust && route.name === 'returns' && !purchase && <CreditAdjust />}
      {route.name === 'returns' && <ReturnConflicts returns={returns} />}
      {route.name === 'return-receipt' ? (
        <ReturnReceipt returnId={route.returnId} />
      ) : purchase ? (
        <ReturnForm key={purchase.number} purchase={purchase} onBack={() => setPurchase(null)} />
      ) : (
        <FindPurchase onChoose={(p) => setPurchase(p)} />
      )}
    </section>
  );
}
