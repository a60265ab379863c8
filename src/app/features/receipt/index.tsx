import { defineFeature } from '../feature.js';
import { ReceiptScreen } from './ReceiptScreen.js';

declare module '../../router.js' {
  interface Routes {
    receipt: { saleId: string };
  }
}

/** One sale's receipt and whether the server has it: opened after a sale and from the sales list. */
export const receiptFeature = defineFeature({
  id: 'receipt',
  routes: { receipt: ['saleId'] },
  Screen: ({ route }) => <ReceiptScreen saleId={route.saleId} />,
});
