// Shared set-up for the SCIM integration tests: every test gets its own organization and
// directory, so tests run in parallel against one database without seeing each other.
import { asc, eq } from "drizzle-orm";
import { type Db, getDb } from "@/db/client";
import { type Provider, directoryGroups, directoryUsers, events, groupMembers, organizations } from "@/db/schema";
import { createDirectory } from "@/lib/directory/directories";
import { userColumns, groupColumns, parseResourceBody } from "@/lib/scim/resources";
import { type UserInput } from "@/lib/directory/users";
import { type GroupInput } from "@/lib/directory/groups";

export type TestDirectory = {
  db: Db;
  organizationId: string;
  directoryId: string;
  token: string;
  tokenId: string;
  ref: { id: string; organizationId: string };
};

export async function makeDirectory(provider: Provider = "pingone"): Promise<TestDirectory> {
  const db = await getDb();
  const slug = `t-${crypto.randomUUID()}`;
  const [org] = await db.insert(organizations).values({ name: "Test Org", slug }).returning();
  if (!org) throw new Error("no organization");
  const { directory, token } = await createDirectory(db, org.id, { provider });
  return {
    db,
    organizationId: org.id,
    directoryId: directory.id,
    token: token.token,
    tokenId: token.id,
    ref: { id: directory.id, organizationId: org.id },
  };
}

export function userInput(body: Record<string, unknown>): UserInput {
  const { data } = parseResourceBody("User", body);
  return { data, columns: userColumns(data) };
}

export function groupInput(body: Record<string, unknown>): GroupInput {
  const { data } = parseResourceBody("Group", body);
  return { data, columns: groupColumns(data) };
}

export async function eventTypes(db: Db, directoryId: string): Promise<string[]> {
  const rows = await db.select({ type: events.type }).from(events).where(eq(events.directoryId, directoryId)).orderBy(events.id);
  return rows.map((r) => r.type);
}

/**
 * Everything a SCIM request can change in one directory (resources, memberships, events),
 * in a stable order: equal before and after a refused request.
 */
export async function directorySnapshot(db: Db, directoryId: string): Promise<string> {
  const [users, groups, members, eventRows] = await Promise.all([
    db.select().from(directoryUsers).where(eq(directoryUsers.directoryId, directoryId)).orderBy(asc(directoryUsers.id)),
    db.select().from(directoryGroups).where(eq(directoryGroups.directoryId, directoryId)).orderBy(asc(directoryGroups.id)),
    db
      .select()
      .from(groupMembers)
      .where(eq(groupMembers.directoryId, directoryId))
      .orderBy(asc(groupMembers.groupId), asc(groupMembers.userId)),
    db.select({ id: events.id }).from(events).where(eq(events.directoryId, directoryId)).orderBy(asc(events.id)),
  ]);
  return JSON.stringify({ users, groups, members, events: eventRows });
}

/**
 * Waits until the events reader (lib/events/reader.ts) can see every event of the
 * directory that has committed: it reads only below the oldest running transaction, and
 * tests running in parallel may hold one open for a moment.
 */
export async function settleEvents(db: Db, directoryId: string): Promise<void> {
  const { sql } = await import("drizzle-orm");
  const { queryRows } = await import("@/db/client");
  const { HORIZON } = await import("@/lib/events/reader");
  for (let i = 0; i < 1500; i++) {
    const [row] = await queryRows<{ ready: boolean }>(
      db,
      sql`select coalesce(max(txid), 0) < ${HORIZON} as ready from events where directory_id = ${directoryId}`,
    );
    if (row?.ready) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error("events did not become readable within 30 s");
}
