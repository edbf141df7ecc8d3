// API keys for the SaaS backend (REST API under /api/v1): `rst_key_` secrets (./secret).
import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { type ApiKey, apiKeys } from "@/db/schema";
import { runInBackground } from "@/lib/background";
import { type Actor, recordAudit } from "@/lib/directory/audit";
import { hashSecret, hashesEqual, newSecret } from "./secret";

export const API_KEY_PREFIX = "rst_key_";

export type IssuedApiKey = { id: string; key: string; name: string; displayPrefix: string; createdAt: Date };

/** `createdBy`: the operator who asked for it; without one the system did (the CLI, set-up). */
export async function createApiKey(executor: Executor, name: string, createdBy?: string): Promise<IssuedApiKey> {
  const { secret, hash, displayPrefix } = newSecret(API_KEY_PREFIX);
  return executor.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiKeys)
      .values({ name, keyHash: hash, displayPrefix, createdBy })
      .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt });
    if (!row) throw new Error("api key insert returned no row");
    await recordAudit(tx, {
      actor: createdBy ? { type: "operator", id: createdBy } : { type: "system" },
      action: "api_key.created",
      target: { type: "api_key", id: row.id },
      data: { name, prefix: displayPrefix },
    });
    return { id: row.id, key: secret, name, displayPrefix, createdAt: row.createdAt };
  });
}

/** ROSTER_BOOTSTRAP_API_KEY: registers that key once (its hash), for automation and tests. */
export async function ensureBootstrapApiKey(executor: Executor, key: string | undefined): Promise<void> {
  if (!key) return;
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 24) {
    throw new Error(`ROSTER_BOOTSTRAP_API_KEY must start with ${API_KEY_PREFIX} and hold at least 24 random characters`);
  }
  const { hash, displayPrefix } = newSecret(API_KEY_PREFIX, key);
  await executor
    .insert(apiKeys)
    .values({ name: "Bootstrap key (ROSTER_BOOTSTRAP_API_KEY)", keyHash: hash, displayPrefix })
    .onConflictDoNothing();
}

export type ApiKeySummary = Pick<ApiKey, "id" | "name" | "displayPrefix" | "createdAt" | "lastUsedAt" | "revokedAt">;

/** Every key, newest first, without its hash: what the portal's API keys page lists. */
export async function listApiKeys(executor: Executor): Promise<ApiKeySummary[]> {
  return executor
    .select({
      id: apiKeys.id,
      name: apiKeys.name,
      displayPrefix: apiKeys.displayPrefix,
      createdAt: apiKeys.createdAt,
      lastUsedAt: apiKeys.lastUsedAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .orderBy(desc(apiKeys.createdAt), desc(apiKeys.id));
}

export async function revokeApiKey(executor: Executor, id: string, actor: Actor = { type: "system" }): Promise<boolean> {
  return executor.transaction(async (tx) => {
    const rows = await tx
      .update(apiKeys)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
      .returning({ id: apiKeys.id, name: apiKeys.name });
    const [row] = rows;
    if (row) await recordAudit(tx, { actor, action: "api_key.revoked", target: { type: "api_key", id: row.id }, data: { name: row.name } });
    return rows.length > 0;
  });
}

/** The key's id when `presented` is a live API key, else undefined. */
export async function verifyApiKey(executor: Executor, presented: string): Promise<{ id: string } | undefined> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 256) return undefined;
  const hash = hashSecret(presented);
  const [row] = await executor
    .select({ id: apiKeys.id, keyHash: apiKeys.keyHash, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
  if (!row || !hashesEqual(row.keyHash, hash)) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    const id = row.id;
    void runInBackground("api key last_used_at", () =>
      executor.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id)),
    );
  }
  return { id: row.id };
}
