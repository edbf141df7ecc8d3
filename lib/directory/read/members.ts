// Membership reads: the groups of a page of users and the members of a page of groups,
// each one query over group_members (its primary key for members, its user index for
// groups), whatever reads them — the SCIM stores, the REST API or the portal.
import { and, asc, eq, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { directoryGroups, directoryUsers, groupMembers } from "@/db/schema";
import { type GroupRef } from "../payloads";
import { uuidArraySql } from "../write";

/** The groups of each user, by name (case-insensitively, as the event payloads list them). */
export async function groupsOfUsers(
  executor: Executor,
  directoryId: string,
  userIds: readonly string[],
): Promise<Map<string, GroupRef[]>> {
  const map = new Map<string, GroupRef[]>();
  if (userIds.length === 0) return map;
  const rows = await executor
    .select({ userId: groupMembers.userId, id: directoryGroups.id, displayName: directoryGroups.displayName })
    .from(groupMembers)
    .innerJoin(
      directoryGroups,
      and(eq(directoryGroups.directoryId, groupMembers.directoryId), eq(directoryGroups.id, groupMembers.groupId)),
    )
    .where(and(eq(groupMembers.directoryId, directoryId), sql`${groupMembers.userId} = any(${uuidArraySql([...userIds])})`))
    .orderBy(sql`lower(${directoryGroups.displayName})`, asc(directoryGroups.id));
  for (const row of rows) {
    const list = map.get(row.userId) ?? [];
    list.push({ id: row.id, displayName: row.displayName });
    map.set(row.userId, list);
  }
  return map;
}

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
