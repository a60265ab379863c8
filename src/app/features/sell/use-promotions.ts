import { map } from 'rxjs';
import type { Promotion } from '../../../domain/index.js';
import type { VitrineDatabase } from '../../db/database.js';
import { useObservable } from '../../ui/hooks.js';

const NONE: readonly Promotion[] = [];

/**
 * The promotions this device holds (the `promotions` collection: those of its store and the chain-wide ones, as they
 * replicate in), for the cart's pricing: the engine picks those in force when it prices (promotion/apply.ts). The
 * list keeps its identity until a promotion changes, so a memoised cart price is recomputed only then.
 */
export function usePromotions(db: VitrineDatabase): readonly Promotion[] {
  return useObservable<readonly Promotion[]>(
    () => (db.promotions ? db.promotions.find().$.pipe(map((docs) => docs.map((d) => d.toJSON() as Promotion))) : null),
    NONE,
    [db],
  );
}
