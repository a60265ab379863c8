import { createHash, randomBytes, randomInt } from 'node:crypto';

/**
 * Device tokens and enrollment codes are bearer secrets: the database keeps only their SHA-256, so a copy of the
 * database file does not let anyone act as a device.
 */
export const hashSecret = (secret: string): string => createHash('sha256').update(secret).digest('hex');

/** 32 random bytes, base64url: the device's long-lived bearer token. */
export const newDeviceToken = (): string => randomBytes(32).toString('base64url');

/** No 0/O, 1/I/L, U: a manager reads the code aloud or types it on a tablet. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const CODE_GROUPS = 3;
const CODE_GROUP_LENGTH = 4;

/** A one-time enrollment code like "K7QX-3M9P-HT2W" (about 58 bits). */
export function newEnrollmentCode(): string {
  const groups: string[] = [];
  for (let g = 0; g < CODE_GROUPS; g++) {
    let group = '';
    for (let i = 0; i < CODE_GROUP_LENGTH; i++) group += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
    groups.push(group);
  }
  return groups.join('-');
}

/** Case, spaces and dashes do not matter when a code is typed back. */
export const normalizeEnrollmentCode = (code: string): string => code.toUpperCase().replace(/[\s-]/g, '');

export const hashEnrollmentCode = (code: string): string => hashSecret(normalizeEnrollmentCode(code));

/** Reads "Bearer <token>" from an Authorization header; undefined when absent or malformed. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '');
  return match?.[1];
}
