// Verified SCIM credentials, remembered for a moment. Every SCIM request carries its bearer
// token, and verifying it is a database round trip; under a provider's resync that is one
// statement per request for an answer that almost never changes. A verified credential is
// kept here for at most CREDENTIAL_TTL_MS (and never past its own expiry), so:
// - in this process, revoking a token or client secret, disabling, deleting or flagging a
//   directory forgets its entries at once (the functions that do it call forgetDirectory);
// - in other processes, the same change takes effect within CREDENTIAL_TTL_MS.
// Only successes are kept: a bad token always reaches the database (and its failure budget).
// Keys are the SHA-256 of the token, never the token itself.
import { type VerifiedScimToken } from "./scim-token";

export const CREDENTIAL_TTL_MS = 1000;
const MAX_ENTRIES = 10_000;

type Entry = { verified: VerifiedScimToken; until: number };
// On globalThis, not in the module: a Next.js production build gives each route and each
// server action bundle a module instance of its own, so a module-level map would let the
// SCIM routes keep a credential that a portal action (another bundle) just revoked.
type GlobalWithCredentials = typeof globalThis & { __rosterCredentials?: Map<string, Entry> };
const g = globalThis as GlobalWithCredentials;
const entries = (g.__rosterCredentials ??= new Map<string, Entry>());

const keyOf = (directoryId: string, hash: string) => `${directoryId}:${hash}`;

/**
 * The remembered verification of `hash` for `directoryId`, or `load()`'s answer (remembered
 * when it is a success, until min(now + TTL, expiresAt)).
 */
export async function verifiedCredential(
  directoryId: string,
  hash: string,
  load: () => Promise<{ verified: VerifiedScimToken; expiresAt?: Date } | undefined>,
): Promise<VerifiedScimToken | undefined> {
  const key = keyOf(directoryId, hash);
  const now = Date.now();
  const hit = entries.get(key);
  if (hit && hit.until > now) return hit.verified;
  if (hit) entries.delete(key);
  const loaded = await load();
  if (!loaded) return undefined;
  const until = Math.min(now + CREDENTIAL_TTL_MS, loaded.expiresAt?.getTime() ?? Infinity);
  if (entries.size >= MAX_ENTRIES) {
    // Oldest first (Map order is insertion order): drop a tenth.
    let drop = MAX_ENTRIES / 10;
    for (const k of entries.keys()) {
      entries.delete(k);
      if (--drop <= 0) break;
    }
  }
  entries.set(key, { verified: loaded.verified, until });
  return loaded.verified;
}

/** Forgets every remembered credential of a directory (its tokens or status changed). */
export function forgetDirectory(directoryId: string): void {
  const prefix = `${directoryId}:`;
  for (const key of entries.keys()) if (key.startsWith(prefix)) entries.delete(key);
}

/** Forgets everything (an organization with its directories was deleted). */
export function forgetAllCredentials(): void {
  entries.clear();
}
