import type { VitrineDatabase } from '../../db/database.js';

/** The id of the register shift open on this device, for the sale to carry; null while none is open. (Placeholder.) */
export async function currentShiftId(_db: VitrineDatabase): Promise<string | null> {
  return null;
}
