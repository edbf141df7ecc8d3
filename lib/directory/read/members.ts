// Membership reads: the members of a page of groups, one query over group_members (its
// primary key), whatever reads them — the SCIM stores, the REST API or the portal. (A
// user's groups are one SQL fragment, userGroupsSql in ../payloads, inside the statement
// that reads the user.)
import { and, asc, eq, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { directoryUsers, groupMembers } from "@/db/schema";
import { uuidArraySql } from "../write";

/** A member as a SCIM Group's `members` lists it (RFC 7643 §4.2). */
export type MemberRef = { value: string; display: string };

/** The members of each group, in the order they were added. */
export async function membersOfGroups(
  executor: Executor,
  directoryId: string,
  groupIds: readonly string[],
): Promise<Map<string, MemberRef[]>> {
  const map = new Map<string, MemberRef[]>();
  if (groupIds.length === 0) return map;
  const rows = await executor
    .select({
      groupId: groupMembers.groupId,
      value: groupMembers.userId,
      display: sql<string>`coalesce(${directoryUsers.displayName}, ${directoryUsers.userName})`,
    })
    .from(groupMembers)
    .innerJoin(
      directoryUsers,
      and(eq(directoryUsers.directoryId, groupMembers.directoryId), eq(directoryUsers.id, groupMembers.userId)),
    )
    .where(and(eq(groupMembers.directoryId, directoryId), sql`${groupMembers.groupId} = any(${uuidArraySql([...groupIds])})`))
    .orderBy(asc(groupMembers.groupId), asc(groupMembers.createdAt), asc(groupMembers.userId));
  for (const row of rows) {
    const list = map.get(row.groupId) ?? [];
    list.push({ value: row.value, display: row.display });
    map.set(row.groupId, list);
  }
  return map;
}
