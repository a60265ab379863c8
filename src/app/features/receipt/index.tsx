import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { filter, take, type Subscription } from 'rxjs';
import type { VitrineDatabase } from '../../db/database.js';
import { enrollment$ } from '../../device/enrollment.js';
import { defineFeature } from '../feature.js';
import { learnDeviceNumber } from './device-number.js';
import { ensureDeviceKeyRegistered } from '../../device/device-key.js';
import { watchEmailRequests } from './email-requests.js';
import { lazyScreen } from '../../ui/lazy-screen.js';

const ReceiptScreen = lazyScreen(() => import('./ReceiptScreen.js').then((m) => m.ReceiptScreen));

declare module '../../router.js' {
  interface Routes {
    receipt: { saleId: string };
  }
}

/**
 * Email receipts asked for while a sale waited to sync are written as facts once the server accepts the sale,
 * whichever screen is open and whoever is signed in; a device enrolled before device numbers learns its number.
 */
function EmailReceiptsProvider({ children, db }: { children: ComponentChildren; db: VitrineDatabase }) {
  useEffect(() => {
    let watch: Subscription | undefined;
    let stopLearning = () => {};
    const enrolled = enrollment$(db)
      .pipe(
        filter((e) => e !== null),
        take(1),
      )
      .subscribe((enrollment) => {
        watch = watchEmailRequests(db, enrollment);
        // A till enrolled before proofs of purchase registers its signing key (once; offline, at the next start).
        void ensureDeviceKeyRegistered({ baseUrl: location.origin, token: enrollment.token }).catch(() => undefined);
        if (enrollment.deviceNumber === undefined) {
          // The app is served by the sync server (main.tsx renders it with location.origin as its base URL).
          const learn = () =>
            void learnDeviceNumber(db, enrollment, { baseUrl: location.origin }).then((done) => {
              if (done) removeEventListener('online', learn);
            });
          addEventListener('online', learn);
          stopLearning = () => removeEventListener('online', learn);
          learn();
        }
      });
    return () => {
      enrolled.unsubscribe();
      watch?.unsubscribe();
      stopLearning();
    };
  }, [db]);
  return <>{children}</>;
}

/** One sale's receipt and whether the server has it: opened after a sale and from the sales list; prints on 80 mm paper. */
export const receiptFeature = defineFeature({
  id: 'receipt',
  routes: { receipt: ['saleId'] },
  Screen: ({ route }) => <ReceiptScreen saleId={route.saleId} />,
  Provider: EmailReceiptsProvider,
});
