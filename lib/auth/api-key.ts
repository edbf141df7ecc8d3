// API keys for the SaaS backend (REST API under /api/v1). Same shape as SCIM tokens:
// `rst_key_` + 256 random bits, shown once, stored as SHA-256 plus a display prefix.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Executor } from "@/db/client";
import { apiKeys } from "@/db/schema";
import { runInBackground } from "@/lib/background";

export const API_KEY_PREFIX = "rst_key_";
const DISPLAY_CHARS = 6;

export type IssuedApiKey = { id: string; key: string; name: string; displayPrefix: string; createdAt: Date };

function hashApiKey(key: string): string {
  return createHash("sha256").update(key, "utf8").digest("hex");
}

export async function createApiKey(executor: Executor, name: string, createdBy?: string, key?: string): Promise<IssuedApiKey> {
  const secret = key ?? API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const displayPrefix = secret.slice(0, API_KEY_PREFIX.length + DISPLAY_CHARS);
  const [row] = await executor
    .insert(apiKeys)
    .values({ name, keyHash: hashApiKey(secret), displayPrefix, createdBy })
    .returning({ id: apiKeys.id, createdAt: apiKeys.createdAt });
  if (!row) throw new Error("api key insert returned no row");
  return { id: row.id, key: secret, name, displayPrefix, createdAt: row.createdAt };
}

/** ROSTER_BOOTSTRAP_API_KEY: registers that key once (its hash), for automation and tests. */
export async function ensureBootstrapApiKey(executor: Executor, key: string | undefined): Promise<void> {
  if (!key) return;
  if (!key.startsWith(API_KEY_PREFIX) || key.length < API_KEY_PREFIX.length + 24) {
    throw new Error(`ROSTER_BOOTSTRAP_API_KEY must start with ${API_KEY_PREFIX} and hold at least 24 random characters`);
  }
  await executor
    .insert(apiKeys)
    .values({
      name: "Bootstrap key (ROSTER_BOOTSTRAP_API_KEY)",
      keyHash: hashApiKey(key),
      displayPrefix: key.slice(0, API_KEY_PREFIX.length + DISPLAY_CHARS),
    })
    .onConflictDoNothing();
}

export async function revokeApiKey(executor: Executor, id: string): Promise<boolean> {
  const rows = await executor
    .update(apiKeys)
    .set({ revokedAt: new Date() })
    .where(and(eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning({ id: apiKeys.id });
  return rows.length > 0;
}

/** The key's id when `presented` is a live API key, else undefined. */
export async function verifyApiKey(executor: Executor, presented: string): Promise<{ id: string } | undefined> {
  if (!presented.startsWith(API_KEY_PREFIX) || presented.length > 256) return undefined;
  const hash = hashApiKey(presented);
  const [row] = await executor
    .select({ id: apiKeys.id, keyHash: apiKeys.keyHash, lastUsedAt: apiKeys.lastUsedAt })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, hash), isNull(apiKeys.revokedAt)));
  if (!row || !timingSafeEqual(Buffer.from(row.keyHash, "hex"), Buffer.from(hash, "hex"))) return undefined;
  if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) {
    const id = row.id;
    void runInBackground("api key last_used_at", () =>
      executor.update(apiKeys).set({ lastUsedAt: sql`now()` }).where(eq(apiKeys.id, id)),
    );
  }
  return { id: row.id };
}
