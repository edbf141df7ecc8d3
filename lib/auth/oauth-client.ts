// OAuth 2 client credentials for a directory's SCIM endpoint (RFC 6749 §4.4): Roster is the
// token server for its own SCIM endpoint, for security teams that forbid long-lived static
// tokens (PingOne's "OAuth 2 Client Credentials", Entra ID's client-credentials grant).
//
// - A directory has one client id (`rst_client_…`, not a secret) and any number of client
//   secrets (`rst_secret_…`, 256 bits): shown once, stored as SHA-256 plus a display prefix,
//   rotated by creating another (both valid until the old one is revoked), like SCIM tokens.
//   Creating and revoking one are audited (lib/directory/audit.ts) in the same transaction.
// - The token endpoint trades a client id and secret for an access token (`rst_at_…`, 256 bits)
//   that lives `oauthTokenLifetimeSeconds` (default one hour). Only its SHA-256 is stored; it is
//   valid while unexpired and while the secret that obtained it is not revoked, and the SCIM
//   endpoint accepts it exactly like a SCIM token (lib/scim-http/handler.ts).
import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, lt, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { type Directory, directories, oauthAccessTokens, oauthClientSecrets } from "@/db/schema";
import { runInBackground } from "@/lib/background";
import { type Actor, recordAudit } from "@/lib/directory/audit";
import { scimBaseUrl } from "@/lib/directory/directories";
import { env } from "@/lib/env";
import { type VerifiedScimToken, isUuid, verifiedDirectory } from "./scim-token";
import { forgetDirectory, verifiedCredential } from "./credential-cache";
import { hashSecret, hashesEqual, newSecret } from "./secret";

export const OAUTH_CLIENT_ID_PREFIX = "rst_client_";
export const OAUTH_CLIENT_SECRET_PREFIX = "rst_secret_";
export const OAUTH_ACCESS_TOKEN_PREFIX = "rst_at_";

export type IssuedClientSecret = { id: string; clientId: string; clientSecret: string; displayPrefix: string; createdAt: Date };

export type ClientSecretSummary = {
  id: string;
  clientId: string;
  displayPrefix: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** The token endpoint of a directory: its SCIM base URL with `/oauth/token` for `/v2`. */
export function oauthTokenUrl(directoryId: string, origin?: string): string {
  return scimBaseUrl(directoryId, origin).replace(/\/v2$/, "/oauth/token");
}

/**
 * A new client secret for the directory, under its client id (created with the first
 * secret), and its audit entry (oauth_client_secret.created; `isRotation` when another
 * secret was live), in one transaction.
 */
export async function createClientSecret(
  executor: Executor,
  directory: Pick<Directory, "id" | "organizationId">,
  actor: Actor,
): Promise<IssuedClientSecret> {
  return executor.transaction(async (tx) => {
    const existing = await tx
      .select({ clientId: oauthClientSecrets.clientId, revokedAt: oauthClientSecrets.revokedAt })
      .from(oauthClientSecrets)
      .where(eq(oauthClientSecrets.directoryId, directory.id));
    const clientId = existing[0]?.clientId ?? OAUTH_CLIENT_ID_PREFIX + randomBytes(16).toString("base64url");
    const { secret, hash, displayPrefix } = newSecret(OAUTH_CLIENT_SECRET_PREFIX);
    const [row] = await tx
      .insert(oauthClientSecrets)
      .values({ directoryId: directory.id, clientId, secretHash: hash, displayPrefix })
      .returning({ id: oauthClientSecrets.id, createdAt: oauthClientSecrets.createdAt });
    if (!row) throw new Error("client secret insert returned no row");
    await recordAudit(tx, {
      actor,
      action: "oauth_client_secret.created",
      organizationId: directory.organizationId,
      target: { type: "directory", id: directory.id },
      data: { secretId: row.id, clientId, prefix: displayPrefix, isRotation: existing.some((e) => e.revokedAt === null) },
    });
    return { id: row.id, clientId, clientSecret: secret, displayPrefix, createdAt: row.createdAt };
  });
}

export async function listClientSecrets(executor: Executor, directoryId: string): Promise<ClientSecretSummary[]> {
  return executor
    .select({
      id: oauthClientSecrets.id,
      clientId: oauthClientSecrets.clientId,
      displayPrefix: oauthClientSecrets.displayPrefix,
      createdAt: oauthClientSecrets.createdAt,
      lastUsedAt: oauthClientSecrets.lastUsedAt,
      revokedAt: oauthClientSecrets.revokedAt,
    })
    .from(oauthClientSecrets)
    .where(eq(oauthClientSecrets.directoryId, directoryId))
    .orderBy(desc(oauthClientSecrets.createdAt), desc(oauthClientSecrets.id));
}

/**
 * Revokes one secret of a directory, and with it every access token it obtained, with its
 * audit entry (oauth_client_secret.revoked). False when the directory has no such live secret.
 */
export async function revokeClientSecret(
  executor: Executor,
  directory: Pick<Directory, "id" | "organizationId">,
  secretId: string,
  actor: Actor,
): Promise<boolean> {
  if (!isUuid(secretId)) return false;
  const isRevoked = await executor.transaction(async (tx) => {
    const [row] = await tx
      .update(oauthClientSecrets)
      .set({ revokedAt: sql`now()` })
      .where(
        and(eq(oauthClientSecrets.directoryId, directory.id), eq(oauthClientSecrets.id, secretId), isNull(oauthClientSecrets.revokedAt)),
      )
      .returning({ id: oauthClientSecrets.id, clientId: oauthClientSecrets.clientId, displayPrefix: oauthClientSecrets.displayPrefix });
    if (!row) return false;
    await recordAudit(tx, {
      actor,
      action: "oauth_client_secret.revoked",
      organizationId: directory.organizationId,
      target: { type: "directory", id: directory.id },
      data: { secretId: row.id, clientId: row.clientId, prefix: row.displayPrefix },
    });
    return true;
  });
  // After the commit: a credential verified (and remembered) while the revocation was still
  // uncommitted is forgotten too.
  forgetDirectory(directory.id);
  return isRevoked;
}

/** The secret's id when `clientId` + `clientSecret` are a live credential of `directoryId`. */
export async function verifyClient(
  executor: Executor,
  directoryId: string,
  clientId: string,
  clientSecret: string,
): Promise<string | undefined> {
  if (!isUuid(directoryId) || !clientSecret.startsWith(OAUTH_CLIENT_SECRET_PREFIX) || clientSecret.length > 256) return undefined;
  const hash = hashSecret(clientSecret);
  const [row] = await executor
    .select({ id: oauthClientSecrets.id, secretHash: oauthClientSecrets.secretHash, clientId: oauthClientSecrets.clientId })
    .from(oauthClientSecrets)
    .where(
      and(
        eq(oauthClientSecrets.secretHash, hash),
        eq(oauthClientSecrets.directoryId, directoryId),
        isNull(oauthClientSecrets.revokedAt),
      ),
    );
  if (!row || !hashesEqual(row.secretHash, hash)) return undefined;
  // The client id is not a secret; compared after the constant-time secret check.
  if (row.clientId !== clientId) return undefined;
  const secretId = row.id;
  void runInBackground("oauth client secret last_used_at", () =>
    executor.update(oauthClientSecrets).set({ lastUsedAt: sql`now()` }).where(eq(oauthClientSecrets.id, secretId)),
  );
  return secretId;
}

export type IssuedAccessToken = { accessToken: string; expiresIn: number };

/** A new access token for a verified client secret (RFC 6749 §5.1). */
export async function issueAccessToken(executor: Executor, directoryId: string, secretId: string): Promise<IssuedAccessToken> {
  const expiresIn = env().oauthTokenLifetimeSeconds;
  const { secret: accessToken, hash } = newSecret(OAUTH_ACCESS_TOKEN_PREFIX);
  await executor.insert(oauthAccessTokens).values({
    directoryId,
    secretId,
    tokenHash: hash,
    expiresAt: new Date(Date.now() + expiresIn * 1000),
  });
  // Expired tokens are useless; a day's grace keeps the delete rare and small.
  void runInBackground("oauth access token pruning", () =>
    executor.delete(oauthAccessTokens).where(lt(oauthAccessTokens.expiresAt, sql`now() - interval '1 day'`)),
  );
  return { accessToken, expiresIn };
}

/**
 * The directory an access token authenticates, in the shape of verifyScimToken's answer, when
 * `presented` is an unexpired token of `directoryId` whose client secret is not revoked.
 */
export async function verifyAccessToken(
  executor: Executor,
  directoryId: string,
  presented: string,
): Promise<VerifiedScimToken | undefined> {
  if (!isUuid(directoryId) || !presented.startsWith(OAUTH_ACCESS_TOKEN_PREFIX) || presented.length > 256) return undefined;
  const hash = hashSecret(presented);
  return verifiedCredential(directoryId, hash, async () => {
    const [row] = await executor
      .select({
        id: oauthAccessTokens.id,
        tokenHash: oauthAccessTokens.tokenHash,
        expiresAt: oauthAccessTokens.expiresAt,
        organizationId: directories.organizationId,
        status: directories.status,
        silentSince: directories.silentSince,
      })
      .from(oauthAccessTokens)
      .innerJoin(oauthClientSecrets, eq(oauthClientSecrets.id, oauthAccessTokens.secretId))
      .innerJoin(directories, eq(directories.id, oauthAccessTokens.directoryId))
      .where(
        and(
          eq(oauthAccessTokens.tokenHash, hash),
          eq(oauthAccessTokens.directoryId, directoryId),
          gt(oauthAccessTokens.expiresAt, new Date()),
          isNull(oauthClientSecrets.revokedAt),
        ),
      );
    if (!row || !hashesEqual(row.tokenHash, hash)) return undefined;
    return {
      // Remembered no longer than the token lives.
      expiresAt: row.expiresAt,
      verified: {
        tokenId: row.id,
        directory: verifiedDirectory(directoryId, row),
      },
    };
  });
}
