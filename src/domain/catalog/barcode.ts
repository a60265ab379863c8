/** GS1 check digit (EAN-8, UPC-A, EAN-13, GTIN-14): weights 3,1,3,1… from the right, excluding the check digit. */
export function gtinCheckDigit(digitsWithoutCheck: string): number {
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code.at(-1));
}

/** Builds a valid EAN-13 from a 12-digit body (GS1 prefix + company + item reference). */
export function ean13(body12: string): string {
  if (!/^\d{12}$/.test(body12)) throw new RangeError('an EAN-13 body is 12 digits');
  return body12 + String(gtinCheckDigit(body12));
}
