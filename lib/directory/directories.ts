// Directories: one identity-provider connection of an organization. Every function takes
// the executor and the organization it acts for, and every query is bound to it, so that
// a directory id from one customer never reaches another customer's data.
import { and, asc, eq, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { forgetDirectory } from "@/lib/auth/credential-cache";
import { type Directory, type Provider, PROVIDERS, directories } from "@/db/schema";
import { type IssuedScimToken, createScimToken, isUuid, revokeScimToken } from "@/lib/auth/scim-token";
import { env } from "@/lib/env";
import { type Actor, recordAudit } from "./audit";
import { recordDirectoryEvent } from "./events";
import { PROVIDER_NAMES, isProvider } from "./providers";

export { PROVIDERS, PROVIDER_NAMES, isProvider, type Provider };

async function auditDirectory(
  executor: Executor,
  actor: Actor,
  directory: Pick<Directory, "id" | "organizationId">,
  action: string,
  data: Record<string, unknown>,
): Promise<void> {
  await recordAudit(executor, {
    actor,
    action,
    organizationId: directory.organizationId,
    target: { type: "directory", id: directory.id },
    data,
  });
}

/**
 * `{APP_URL}/api/scim/{directoryId}/v2`. Without APP_URL the origin the request came in
 * on is the best guess of how the provider reaches us; the CLI passes its own default.
 */
export function scimBaseUrl(directoryId: string, origin?: string): string {
  const base = env().appUrl ?? origin?.replace(/\/+$/, "") ?? "http://localhost:3000";
  return `${base}/api/scim/${directoryId}/v2`;
}

export type CreatedDirectory = { directory: Directory; token: IssuedScimToken };

/** Creates a directory and its first token (shown once, by the caller). */
export async function createDirectory(
  executor: Executor,
  organizationId: string,
  input: { provider: Provider; name?: string },
  actor?: Actor,
): Promise<CreatedDirectory> {
  const name = input.name?.trim() || PROVIDER_NAMES[input.provider];
  return executor.transaction(async (tx) => {
    const [directory] = await tx
      .insert(directories)
      .values({ organizationId, provider: input.provider, name })
      .returning();
    if (!directory) throw new Error("directory insert returned no row");
    const token = await createScimToken(tx, directory.id);
    if (actor) {
      await auditDirectory(tx, actor, directory, "directory.created", { provider: directory.provider, name, tokenId: token.id });
    }
    return { directory, token };
  });
}

export async function listDirectories(executor: Executor, organizationId: string): Promise<Directory[]> {
  return executor
    .select()
    .from(directories)
    .where(eq(directories.organizationId, organizationId))
    .orderBy(asc(directories.createdAt), asc(directories.id));
}

export async function getDirectory(
  executor: Executor,
  organizationId: string,
  directoryId: string,
): Promise<Directory | undefined> {
  if (!isUuid(directoryId)) return undefined;
  const [row] = await executor
    .select()
    .from(directories)
    .where(and(eq(directories.organizationId, organizationId), eq(directories.id, directoryId)));
  return row;
}

/**
 * Operator-level lookup by id alone (the CLI's `directory disable <id>`): the caller is
 * trusted with every organization and binds the returned organization id from here on.
 */
export async function findDirectoryById(executor: Executor, directoryId: string): Promise<Directory | undefined> {
  if (!isUuid(directoryId)) return undefined;
  const [row] = await executor.select().from(directories).where(eq(directories.id, directoryId));
  return row;
}

/**
 * Disables or enables a directory and records directory.disabled / directory.enabled.
 * A disabled directory answers every SCIM request with 403 and keeps its data. Setting
 * the status it already has changes nothing and writes no event.
 */
export async function setDirectoryStatus(
  executor: Executor,
  organizationId: string,
  directoryId: string,
  status: "active" | "disabled",
  actor?: Actor,
): Promise<Directory | undefined> {
  if (!isUuid(directoryId)) return undefined;
  return executor.transaction(async (tx) => {
    const [current] = await tx
      .select()
      .from(directories)
      .where(and(eq(directories.organizationId, organizationId), eq(directories.id, directoryId)))
      .for("update");
    if (!current || current.status === status) return current;
    forgetDirectory(directoryId);
    const [updated] = await tx
      .update(directories)
      .set({ status, updatedAt: sql`now()` })
      .where(and(eq(directories.organizationId, organizationId), eq(directories.id, directoryId)))
      .returning();
    if (!updated) return undefined;
    await recordDirectoryEvent(
      tx,
      { id: updated.id, organizationId },
      status === "disabled" ? "directory.disabled" : "directory.enabled",
      { id: updated.id, organizationId, name: updated.name, provider: updated.provider, status: updated.status },
    );
    if (actor) await auditDirectory(tx, actor, updated, status === "disabled" ? "directory.disabled" : "directory.enabled", {});
    return updated;
  });
}

export async function renameDirectory(
  executor: Executor,
  organizationId: string,
  directoryId: string,
  name: string,
  actor?: Actor,
): Promise<Directory | undefined> {
  if (!isUuid(directoryId) || !name.trim()) return undefined;
  return executor.transaction(async (tx) => {
    const [row] = await tx
      .update(directories)
      .set({ name: name.trim(), updatedAt: sql`now()` })
      .where(and(eq(directories.organizationId, organizationId), eq(directories.id, directoryId)))
      .returning();
    if (row && actor) await auditDirectory(tx, actor, row, "directory.renamed", { name: row.name });
    return row;
  });
}

/**
 * Deletes a directory. Its users, groups, memberships, tokens, request log and events go
 * with it (ON DELETE CASCADE in db/schema.ts). True when something was deleted.
 */
export async function deleteDirectory(
  executor: Executor,
  organizationId: string,
  directoryId: string,
  actor?: Actor,
): Promise<boolean> {
  if (!isUuid(directoryId)) return false;
  return executor.transaction(async (tx) => {
    const rows = await tx
      .delete(directories)
      .where(and(eq(directories.organizationId, organizationId), eq(directories.id, directoryId)))
      .returning({ id: directories.id, name: directories.name, provider: directories.provider });
    forgetDirectory(directoryId);
    const [row] = rows;
    if (row && actor) {
      await auditDirectory(tx, actor, { id: row.id, organizationId }, "directory.deleted", { name: row.name, provider: row.provider });
    }
    return rows.length > 0;
  });
}

/** Issues another token for the directory (rotation: the old ones stay valid until revoked). */
export async function issueDirectoryToken(
  executor: Executor,
  directory: Pick<Directory, "id" | "organizationId">,
  actor: Actor,
): Promise<IssuedScimToken> {
  return executor.transaction(async (tx) => {
    const token = await createScimToken(tx, directory.id);
    await auditDirectory(tx, actor, directory, "scim_token.created", { tokenId: token.id, prefix: token.displayPrefix });
    return token;
  });
}

/** Revokes one token of the directory. False when it has no such unrevoked token. */
export async function revokeDirectoryToken(
  executor: Executor,
  directory: Pick<Directory, "id" | "organizationId">,
  tokenId: string,
  actor: Actor,
): Promise<boolean> {
  return executor.transaction(async (tx) => {
    const isRevoked = await revokeScimToken(tx, directory.id, tokenId);
    if (isRevoked) await auditDirectory(tx, actor, directory, "scim_token.revoked", { tokenId });
    return isRevoked;
  });
}
