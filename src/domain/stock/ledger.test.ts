import { describe, expect, it } from 'vitest';
import { applyMovement } from './ledger.js';
import type { StockMovement } from './schema.js';

const at = '2026-11-23T10:00:00.000Z';
const movement = (quantity: number, reason: StockMovement['reason']): StockMovement => ({
  id: `m-${reason}-${quantity}`,
  storeId: 'S1',
  sku: 'TEN-001-42-PRE',
  quantity,
  reason,
  sourceId: 'src',
  recordedAt: at,
});

describe('applyMovement', () => {
  it('derives available from on hand and reserved', () => {
    let level = applyMovement(undefined, movement(5, 'receipt'), at);
    level = applyMovement(level, movement(2, 'reservation'), at);
    expect(level).toMatchObject({ id: 'S1:TEN-001-42-PRE', onHand: 5, reserved: 2, available: 3, belowZero: false });
    level = applyMovement(level, movement(-2, 'release'), at);
    expect(level).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
  });

  it('lets two sales of the last unit both count and flags the level instead of clamping', () => {
    let level = applyMovement(undefined, movement(1, 'receipt'), at);
    level = applyMovement(level, movement(-1, 'sale'), at);
    level = applyMovement(level, movement(-1, 'sale'), at);
    expect(level).toMatchObject({ onHand: -1, available: -1, belowZero: true });
  });

  it('never moves updatedAt back, so a device can tell whether a level already holds a decided fact', () => {
    const later = applyMovement(undefined, movement(5, 'receipt'), '2026-11-23T10:00:05.000Z');
    // Another server instance whose clock lags applies the next movement.
    const next = applyMovement(later, movement(-1, 'sale'), '2026-11-23T10:00:03.000Z');
    expect(next).toMatchObject({ onHand: 4, updatedAt: '2026-11-23T10:00:05.000Z' });
  });
});
