// The Admin Portal's read queries (lib/directory/portal.ts), timed in-process against the
// benchmark database: one operator loading one page at a time, so one client and one
// connection. These are the queries behind the Users and Groups tabs at 100,000 users.
import { drizzle } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import { type Db } from "@/db/client";
import * as schema from "@/db/schema";
import { directoryInScope, resolveOrgScopeById, systemPrincipal } from "@/lib/auth/scope";
import { type Scenario } from "./load";

export type PortalInput = {
  databaseUrl: string;
  directoryId: string;
  bigGroupId: string;
  bigGroupMembers: number;
  /** A term that starts many users' given names, and one that matches nobody. */
  searchTerm: string;
  deepOffset: number;
};

export type PortalSession = { scenarios: Scenario[]; close(): Promise<void> };

export async function portalScenarios(input: PortalInput): Promise<PortalSession> {
  const portal = await import("@/lib/directory/portal");
  const client = postgres(input.databaseUrl, { max: 1, onnotice: () => {} });
  const db = drizzle(client, { schema }) as unknown as Db;
  // The benchmark reads as an operator would: every organization is in scope.
  const [row] = await client<{ organizationId: string }[]>`
    select organization_id as "organizationId" from directories where id = ${input.directoryId}::uuid`;
  const orgScope = row ? await resolveOrgScopeById(db, systemPrincipal("benchmark"), row.organizationId) : undefined;
  const directory = orgScope ? await directoryInScope(orgScope, input.directoryId) : undefined;
  if (!directory) throw new Error("portal: benchmark directory not found");

  // Keyset positions deep in the two orders the portal pages in.
  const [deepUser] = await client<{ v: string; id: string }[]>`
    select lower(user_name) as v, id from directory_users where directory_id = ${input.directoryId}::uuid
    order by lower(user_name), id offset ${input.deepOffset} limit 1`;
  const [deepMember] = await client<{ id: string }[]>`
    select user_id as id from group_members where directory_id = ${input.directoryId}::uuid and group_id = ${input.bigGroupId}::uuid
    order by user_id offset ${input.deepOffset} limit 1`;
  if (!deepUser || !deepMember) throw new Error("portal: the directory is smaller than the deep offset");
  const userCursor = portal.encodeCursor({ v: deepUser.v, id: deepUser.id });
  const memberCursor = portal.encodeCursor({ v: "", id: deepMember.id });

  const timed = (key: string, label: string, fn: () => Promise<{ rows: unknown[] } | object | undefined>): Scenario => ({
    key,
    concurrency: 1,
    seconds: 4,
    maxIterations: 200,
    labels: { [key]: label },
    iterate: async (ctx) => {
      const out = await ctx.time(key, fn);
      if (out === undefined) throw new Error(`${key}: nothing returned`);
      return true;
    },
  });

  const scenarios: Scenario[] = [
    timed("portal.health", "getDirectoryHealth (SCIM tab counts)", () => portal.getDirectoryHealth(directory)),
    timed("portal.usersFirst", "searchUsers: first page, by userName", () => portal.searchUsers(directory, {})),
    timed("portal.usersSearch", `searchUsers q="${input.searchTerm}"`, () =>
      portal.searchUsers(directory, { q: input.searchTerm }),
    ),
    timed("portal.usersSearchNone", 'searchUsers q="zzqx" (no match)', () => portal.searchUsers(directory, { q: "zzqx" })),
    timed("portal.usersDeep", `searchUsers: page after row ${input.deepOffset} (keyset)`, () =>
      portal.searchUsers(directory, { after: userCursor }),
    ),
    timed("portal.usersInactive", "searchUsers status=inactive", () =>
      portal.searchUsers(directory, { status: "inactive" }),
    ),
    timed("portal.groups", "searchGroups: first page (member counts)", () => portal.searchGroups(directory, {})),
    timed("portal.groupDetail", `getGroupDetail (${input.bigGroupMembers.toLocaleString("en-US")}-member group)`, () =>
      portal.getGroupDetail(directory, input.bigGroupId),
    ),
    timed("portal.membersDeep", `listGroupMembers after member ${input.deepOffset} (${input.bigGroupMembers.toLocaleString("en-US")}-member group)`, () =>
      portal.listGroupMembers(directory, input.bigGroupId, { after: memberCursor }),
    ),
  ];
  return { scenarios, close: () => client.end({ timeout: 5 }) };
}
