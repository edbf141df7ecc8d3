// SCIM bearer tokens. A token is `rst_scim_` + base64url(32 random bytes): 256 bits of
// secret behind a prefix that secret scanners and people recognise. It is shown once; the
// database keeps its SHA-256 (a fast hash is right for a 256-bit random secret: there is
// nothing to brute-force) and a short display prefix. Rotation is "create another token":
// both stay valid until the old one is revoked, and revocation is read on every request,
// so it takes effect on the next one. Tokens are never logged.
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { directories, scimTokens } from "@/db/schema";
import { runInBackground } from "@/lib/background";
import { forgetDirectory, verifiedCredential } from "./credential-cache";
import { hashSecret, hashesEqual, newSecret } from "./secret";

export const SCIM_TOKEN_PREFIX = "rst_scim_";
// last_used_at is for the portal ("last request 2 minutes ago"), not an audit trail:
// writing it at most once a minute per token keeps a write off almost every request.
const LAST_USED_RESOLUTION_MS = 60_000;

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type IssuedScimToken = { id: string; token: string; displayPrefix: string; createdAt: Date };

export type ScimTokenSummary = {
  id: string;
  displayPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export type VerifiedScimToken = {
  tokenId: string;
  /** `isSilent`: flagged by lib/directory/silence.ts; a successful request clears it. */
  directory: { id: string; organizationId: string; status: "active" | "disabled"; isSilent: boolean };
};

/** The directory part of a verification, from the joined directories row (SCIM token or OAuth access token). */
export function verifiedDirectory(
  directoryId: string,
  row: { organizationId: string; status: "active" | "disabled"; silentSince: Date | null },
): VerifiedScimToken["directory"] {
  return { id: directoryId, organizationId: row.organizationId, status: row.status, isSilent: row.silentSince !== null };
}

export function isUuid(value: string): boolean {
  return UUID_RE.test(value);
}

export async function createScimToken(executor: Executor, directoryId: string): Promise<IssuedScimToken> {
  const { secret: token, hash, displayPrefix } = newSecret(SCIM_TOKEN_PREFIX);
  const [row] = await executor
    .insert(scimTokens)
    .values({ directoryId, tokenHash: hash, displayPrefix })
    .returning({ id: scimTokens.id, createdAt: scimTokens.createdAt });
  if (!row) throw new Error("token insert returned no row");
  return { id: row.id, token, displayPrefix, createdAt: row.createdAt };
}

export async function listScimTokens(executor: Executor, directoryId: string): Promise<ScimTokenSummary[]> {
  return executor
    .select({
      id: scimTokens.id,
      displayPrefix: scimTokens.displayPrefix,
      createdAt: scimTokens.createdAt,
      lastUsedAt: scimTokens.lastUsedAt,
      revokedAt: scimTokens.revokedAt,
    })
    .from(scimTokens)
    .where(eq(scimTokens.directoryId, directoryId))
    .orderBy(desc(scimTokens.createdAt), desc(scimTokens.id));
}

/** The directory a token belongs to (for operator tools that are given only a token id). */
export async function findScimTokenDirectory(executor: Executor, tokenId: string): Promise<string | undefined> {
  if (!isUuid(tokenId)) return undefined;
  const [row] = await executor
    .select({ directoryId: scimTokens.directoryId })
    .from(scimTokens)
    .where(eq(scimTokens.id, tokenId));
  return row?.directoryId;
}

/** Revokes one token of a directory. False when there is no such unrevoked token. */
export async function revokeScimToken(executor: Executor, directoryId: string, tokenId: string): Promise<boolean> {
  if (!isUuid(tokenId)) return false;
  const rows = await executor
    .update(scimTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(scimTokens.directoryId, directoryId), eq(scimTokens.id, tokenId), isNull(scimTokens.revokedAt)))
    .returning({ id: scimTokens.id });
  forgetDirectory(directoryId);
  return rows.length > 0;
}

/**
 * The token's directory when `presented` is a live token of `directoryId`, else undefined.
 * The lookup is by hash AND directory, so a token of another directory never matches; the
 * stored hash is compared again in constant time so that nothing about a near-miss can
 * leak through timing.
 */
export async function verifyScimToken(
  executor: Executor,
  directoryId: string,
  presented: string,
): Promise<VerifiedScimToken | undefined> {
  if (!isUuid(directoryId) || !presented.startsWith(SCIM_TOKEN_PREFIX) || presented.length > 256) return undefined;
  const hash = hashSecret(presented);
  return verifiedCredential(directoryId, hash, async () => {
    const [row] = await executor
      .select({
        tokenId: scimTokens.id,
        tokenHash: scimTokens.tokenHash,
        lastUsedAt: scimTokens.lastUsedAt,
        organizationId: directories.organizationId,
        status: directories.status,
        silentSince: directories.silentSince,
      })
      .from(scimTokens)
      .innerJoin(directories, eq(directories.id, scimTokens.directoryId))
      .where(and(eq(scimTokens.tokenHash, hash), eq(scimTokens.directoryId, directoryId), isNull(scimTokens.revokedAt)));
    if (!row || !hashesEqual(row.tokenHash, hash)) return undefined;

    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      const tokenId = row.tokenId;
      // The condition repeats the throttle in SQL so that parallel requests write it once.
      void runInBackground("scim token last_used_at", () =>
        executor
          .update(scimTokens)
          .set({ lastUsedAt: sql`now()` })
          .where(
            and(
              eq(scimTokens.id, tokenId),
              sql`(${scimTokens.lastUsedAt} is null or ${scimTokens.lastUsedAt} < now() - interval '60 seconds')`,
            ),
          ),
      );
    }
    return {
      verified: {
        tokenId: row.tokenId,
        directory: verifiedDirectory(directoryId, row),
      },
    };
  });
}
