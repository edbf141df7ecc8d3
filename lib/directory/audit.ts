// The audit log: who did what to which organization, operator or key, in the caller's
// transaction (an action and its entry commit together). Read newest first, by keyset on
// the id, for the portal's pages and GET /api/v1/audit-log.
import { and, desc, eq, inArray, lt, type SQL } from "drizzle-orm";
import { z } from "zod";
import type { Executor } from "@/db/client";
import { apiKeys, auditLog, operators } from "@/db/schema";
// Types only: lib/auth/scope imports this module's neighbours (directories), not the other way.
import type { OrgScope, Principal } from "@/lib/auth/scope";
import { DirectoryError } from "./errors";

export type Actor = { type: "operator" | "api_key" | "portal_link" | "system"; id?: string };

export async function recordAudit(
  executor: Executor,
  entry: {
    actor: Actor;
    action: string;
    organizationId?: string | null;
    target: { type: string; id: string | undefined };
    data: Record<string, unknown>;
  },
): Promise<void> {
  await executor.insert(auditLog).values({
    organizationId: entry.organizationId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    data: entry.data,
  });
}

export type AuditEntry = typeof auditLog.$inferSelect;
export type AuditPage = { entries: AuditEntry[]; nextCursor: string | null };

// The cursor: base64url of {v, id} like the REST API's other cursors, holding the last id seen.
const cursorSchema = z.object({ v: z.string().regex(/^\d{1,19}$/), id: z.string().regex(/^\d{1,19}$/) });

function encodeAuditCursor(id: number): string {
  return Buffer.from(JSON.stringify({ v: String(id), id: String(id) }), "utf8").toString("base64url");
}

/** The entry id a cursor points after; invalid_cursor for anything this list did not issue. */
export function decodeAuditCursor(raw: string): number {
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    if (parsed.success && parsed.data.v === parsed.data.id) return Number(parsed.data.id);
  } catch {
    // Not JSON: the same answer as a wrong shape.
  }
  throw new DirectoryError("invalid_cursor", "The cursor is not one this list issued. Start again without it.");
}

/**
 * One page of the audit log, newest first. `organizationId`: that organization's entries
 * only (a customer admin's view, or an operator's filter); undefined: every entry, including
 * those of no organization (operators, API keys, branding) — for operators only.
 */
export async function listAuditLog(
  executor: Executor,
  options: { organizationId?: string; after?: string; limit: number },
): Promise<AuditPage> {
  const conditions: SQL[] = [];
  if (options.organizationId !== undefined) conditions.push(eq(auditLog.organizationId, options.organizationId));
  if (options.after !== undefined) conditions.push(lt(auditLog.id, decodeAuditCursor(options.after)));
  const rows = await executor
    .select()
    .from(auditLog)
    .where(conditions.length > 0 ? and(...conditions) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(options.limit + 1);
  const hasMore = rows.length > options.limit;
  const entries = hasMore ? rows.slice(0, options.limit) : rows;
  const last = entries.at(-1);
  return { entries, nextCursor: hasMore && last ? encodeAuditCursor(last.id) : null };
}

// ---------------------------------------------------------------------------------------
// The portal's reads: each takes the caller's scope, so a customer admin can only ever ask
// for their own organization's entries (lib/auth/scope).

/** An organization's entries, for its portal page (operators and its customer admin). */
export function listOrganizationAudit(scope: OrgScope, after?: string): Promise<AuditPage> {
  return listAuditLog(scope.db, { organizationId: scope.org.id, after: validCursor(after), limit: PORTAL_PAGE });
}

/** Every entry, for the operators' page. */
export async function listAllAudit(db: Executor, principal: Principal, after?: string): Promise<AuditPage> {
  if (principal.kind === "portal_session") throw new DirectoryError("not_found", "No such page.");
  return listAuditLog(db, { after: validCursor(after), limit: PORTAL_PAGE });
}

const PORTAL_PAGE = 50;

/** A cursor from the URL that is not one of ours shows page one, as the portal's other lists do. */
function validCursor(after: string | undefined): string | undefined {
  if (!after) return undefined;
  try {
    decodeAuditCursor(after);
    return after;
  } catch {
    return undefined;
  }
}

/** Readable names for the actors on a page: operators' emails, API keys' names. */
export async function describeActors(executor: Executor, entries: AuditEntry[]): Promise<Map<string, string>> {
  const ids = (type: AuditEntry["actorType"]) => [
    ...new Set(entries.filter((e) => e.actorType === type && e.actorId && UUID.test(e.actorId)).map((e) => e.actorId!)),
  ];
  const [ops, keys] = await Promise.all([
    ids("operator").length > 0
      ? executor.select({ id: operators.id, email: operators.email }).from(operators).where(inArray(operators.id, ids("operator")))
      : [],
    ids("api_key").length > 0
      ? executor.select({ id: apiKeys.id, name: apiKeys.name }).from(apiKeys).where(inArray(apiKeys.id, ids("api_key")))
      : [],
  ]);
  const names = new Map<string, string>();
  for (const op of ops) names.set(`operator:${op.id}`, op.email);
  for (const key of keys) names.set(`api_key:${key.id}`, `API key “${key.name}”`);
  return names;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How the portal names an entry's actor. */
export function actorLabel(entry: AuditEntry, names: Map<string, string>): string {
  const known = names.get(`${entry.actorType}:${entry.actorId ?? ""}`);
  if (known) return known;
  switch (entry.actorType) {
    case "operator":
      return "A deleted operator";
    case "api_key":
      return "A deleted API key";
    case "portal_link":
      return "Customer admin (portal link)";
    case "system":
      return entry.actorId === "cli" ? "Command line" : "Roster";
  }
}
