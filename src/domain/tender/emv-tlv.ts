/**
 * EMV QR data objects: a two-digit id, a two-digit length and the value ("5303986" is id 53, length 03, value 986).
 * Lengths count characters, which equal bytes because BR Code values are ASCII only.
 */
export interface TlvField {
  id: string;
  value: string;
}

export function encodeTlv(id: string, value: string): string {
  if (!/^\d{2}$/.test(id)) throw new RangeError(`EMV field id must be two digits, got "${id}"`);
  if (value.length < 1 || value.length > 99) throw new RangeError(`EMV field ${id} must be 1 to 99 characters, got ${value.length}`);
  return `${id}${String(value.length).padStart(2, '0')}${value}`;
}

/** Splits a run of data objects; null when it is not well formed (a length running past the end, a non-digit id). */
export function decodeTlv(text: string): TlvField[] | null {
  const fields: TlvField[] = [];
  let at = 0;
  while (at < text.length) {
    const head = text.slice(at, at + 4);
    if (!/^\d{4}$/.test(head)) return null;
    const length = Number(head.slice(2));
    const value = text.slice(at + 4, at + 4 + length);
    if (length === 0 || value.length !== length) return null;
    fields.push({ id: head.slice(0, 2), value });
    at += 4 + length;
  }
  return fields;
}
