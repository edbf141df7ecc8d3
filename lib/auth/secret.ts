// Random bearer secrets (SCIM tokens, API keys): 256 bits behind a recognisable prefix,
// shown once, stored as SHA-256 (a fast hash is right for a 256-bit random secret: there is
// nothing to brute-force) plus a short display prefix.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

const DISPLAY_CHARS = 6;

export type NewSecret = { secret: string; hash: string; displayPrefix: string };

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

export function displayPrefixOf(secret: string, prefix: string): string {
  return secret.slice(0, prefix.length + DISPLAY_CHARS);
}

/** A new secret, or the hash and display prefix of a given one (a bootstrap key). */
export function newSecret(prefix: string, given?: string): NewSecret {
  const secret = given ?? prefix + randomBytes(32).toString("base64url");
  return { secret, hash: hashSecret(secret), displayPrefix: displayPrefixOf(secret, prefix) };
}

/** Compares two hex SHA-256 hashes in constant time. */
export function hashesEqual(storedHex: string, presentedHex: string): boolean {
  const a = Buffer.from(storedHex, "hex");
  const b = Buffer.from(presentedHex, "hex");
  return a.length === b.length && timingSafeEqual(a, b);
}
