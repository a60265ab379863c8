import type { ComponentChildren } from 'preact';
import { useEffect } from 'preact/hooks';
import { filter, take, type Subscription } from 'rxjs';
import type { VitrineDatabase } from '../../db/database.js';
import { enrollment$ } from '../../device/enrollment.js';
import { defineFeature } from '../feature.js';
import { watchEmailRequests } from './email-requests.js';
import { ReceiptScreen } from './ReceiptScreen.js';

declare module '../../router.js' {
  interface Routes {
    receipt: { saleId: string };
  }
}

/**
 * Email receipts asked for while a sale waited to sync are written as facts once the server accepts the sale,
 * whichever screen is open and whoever is signed in.
 */
function EmailReceiptsProvider({ children, db }: { children: ComponentChildren; db: VitrineDatabase }) {
  useEffect(() => {
    let watch: Subscription | undefined;
    const enrolled = enrollment$(db)
      .pipe(
        filter((e) => e !== null),
        take(1),
      )
      .subscribe((enrollment) => {
        watch = watchEmailRequests(db, enrollment);
      });
    return () => {
      enrolled.unsubscribe();
      watch?.unsubscribe();
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
