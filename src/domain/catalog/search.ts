/**
 * Lower case, accents stripped, single spaces: "Tênis  Corrida" → "tenis corrida".
 * Product names are indexed in this form so a prefix typed on a tablet finds them with an index range scan.
 */
export function normalizeSearchText(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}
