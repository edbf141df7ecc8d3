// Organizations: one customer of the SaaS each. Every directory, user and group belongs to one.
import { asc, count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, type Executor } from "@/db/client";
import { forgetAllCredentials } from "@/lib/auth/credential-cache";
import { isUuid } from "@/lib/auth/scim-token";
import { type Actor, recordAudit } from "./audit";
import { DirectoryError } from "./errors";
import { type CursorPage, forwardPage, parseCursor } from "./pagination";
import { directories, directoryGroups, directoryUsers, organizations, type Organization } from "@/db/schema";

export const organizationNameSchema = z
  .string()
  .trim()
  .min(1, "Enter a name.")
  .max(100, "Use at most 100 characters.");

export type { Actor };

export type OrganizationSummary = Organization & {
  directoryCount: number;
  /** Directories flagged silent (lib/directory/silence.ts). */
  silentDirectoryCount: number;
  userCount: number;
  groupCount: number;
};

/** "Acme Corp." → "acme-corp": lower-case letters, digits and single dashes. */
export function slugify(name: string): string {
  const base = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 48)
    .replace(/-+$/g, "");
  return base || "org";
}

// Drizzle renders a column without its table inside a select list; the correlated
// subqueries below need the qualified name.
const ORG_ID = sql.raw(`"organizations"."id"`);

function organizationSummaries(db: Executor) {
  return db
    .select({
      org: organizations,
      directoryCount: sql<number>`(select count(*)::int from ${directories} d where d.organization_id = ${ORG_ID})`,
      silentDirectoryCount: sql<number>`(select count(*)::int from ${directories} d where d.organization_id = ${ORG_ID} and d.silent_since is not null)`,
      // Counted per directory (an index-only range scan each): a join of all users with the
      // directories made the planner hash the whole users table once per organization.
      userCount: sql<number>`(select coalesce(sum((select count(*) from ${directoryUsers} u where u.directory_id = d.id)), 0)::int from ${directories} d where d.organization_id = ${ORG_ID})`,
      groupCount: sql<number>`(select coalesce(sum((select count(*) from ${directoryGroups} g where g.directory_id = d.id)), 0)::int from ${directories} d where d.organization_id = ${ORG_ID})`,
      sortKey: sql<string>`lower(${organizations.name})`,
    })
    .from(organizations);
}

type SummaryRow = Awaited<ReturnType<ReturnType<typeof organizationSummaries>["execute"]>>[number];

const toSummary = (r: SummaryRow): OrganizationSummary => ({
  ...r.org,
  directoryCount: r.directoryCount,
  silentDirectoryCount: r.silentDirectoryCount,
  userCount: r.userCount,
  groupCount: r.groupCount,
});

export async function listOrganizations(db: Executor): Promise<OrganizationSummary[]> {
  const rows = await organizationSummaries(db).orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id));
  return rows.map(toSummary);
}

/** A page of organizations by name (then id), for the REST API. */
export async function listOrganizationsPage(
  db: Executor,
  page: { after?: string | undefined; limit: number },
): Promise<CursorPage<OrganizationSummary>> {
  const after = page.after ? parseCursor(page.after, (c) => isUuid(c.id)) : undefined;
  const rows = await organizationSummaries(db)
    .where(after ? sql`(lower(${organizations.name}), ${organizations.id}) > (${after.v}, ${after.id}::uuid)` : undefined)
    .orderBy(asc(sql`lower(${organizations.name})`), asc(organizations.id))
    .limit(page.limit + 1);
  const result = forwardPage(rows, page.limit, (r) => ({ v: r.sortKey, id: r.org.id }));
  return { rows: result.rows.map(toSummary), nextCursor: result.nextCursor };
}

/** One organization with its counts. */
export async function getOrganizationSummary(db: Executor, id: string): Promise<OrganizationSummary | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await organizationSummaries(db).where(eq(organizations.id, id));
  return row ? toSummary(row) : undefined;
}

export async function countOrganizations(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(organizations);
  return row?.n ?? 0;
}

export async function getOrganizationBySlug(db: Executor, slug: string): Promise<Organization | undefined> {
  const [row] = await db.select().from(organizations).where(eq(organizations.slug, slug)).limit(1);
  return row;
}

export async function getOrganizationById(db: Executor, id: string): Promise<Organization | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(organizations).where(eq(organizations.id, id)).limit(1);
  return row;
}

/** Creates an organization with a slug derived from its name, made unique with a suffix. */
export async function createOrganization(db: Executor, rawName: string, actor: Actor): Promise<Organization> {
  const name = organizationNameSchema.parse(rawName);
  const base = slugify(name);
  for (let attempt = 1; attempt <= 50; attempt++) {
    const slug = attempt === 1 ? base : `${base}-${attempt}`;
    try {
      return await db.transaction(async (tx) => {
        const [org] = await tx.insert(organizations).values({ name, slug }).returning();
        if (!org) throw new Error("insert returned no row");
        await recordAudit(tx, {
          actor,
          action: "organization.created",
          organizationId: org.id,
          target: { type: "organization", id: org.id },
          data: { name, slug },
        });
        return org;
      });
    } catch (error) {
      if (pgErrorCode(error) !== "23505") throw error;
    }
  }
  throw new DirectoryError("conflict", "Could not find a free slug for this name.");
}

export async function renameOrganization(db: Executor, id: string, rawName: string, actor: Actor): Promise<Organization> {
  const name = organizationNameSchema.parse(rawName);
  if (!isUuid(id)) throw new DirectoryError("not_found", "Organization not found.");
  return db.transaction(async (tx) => {
    const [org] = await tx
      .update(organizations)
      .set({ name, updatedAt: new Date() })
      .where(eq(organizations.id, id))
      .returning();
    if (!org) throw new DirectoryError("not_found", "Organization not found.");
    await recordAudit(tx, {
      actor,
      action: "organization.renamed",
      organizationId: org.id,
      target: { type: "organization", id: org.id },
      data: { name },
    });
    return org;
  });
}

/** Deletes an organization and, by cascade, its directories, users, groups and events. */
export async function deleteOrganization(db: Executor, id: string, actor: Actor): Promise<Organization> {
  if (!isUuid(id)) throw new DirectoryError("not_found", "Organization not found.");
  return db.transaction(async (tx) => {
    const [org] = await tx.delete(organizations).where(eq(organizations.id, id)).returning();
    if (!org) throw new DirectoryError("not_found", "Organization not found.");
    forgetAllCredentials();
    // The organization's own audit rows went with it; keep a global record of the deletion.
    await recordAudit(tx, {
      actor,
      action: "organization.deleted",
      organizationId: null,
      target: { type: "organization", id: org.id },
      data: { name: org.name, slug: org.slug },
    });
    return org;
  });
}
