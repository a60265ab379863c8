/**
 * Folds text to the printable ASCII the BR Code allows in the merchant's name and city: accents come off ("São Paulo"
 * → "Sao Paulo"), characters with no ASCII form are dropped, runs of spaces close up, and it is cut to `max`.
 */
export function foldToAscii(text: string, max: number): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .trim()
    .slice(0, max)
    .trim();
}

export const isPrintableAscii = (text: string) => /^[\x20-\x7e]*$/.test(text);
