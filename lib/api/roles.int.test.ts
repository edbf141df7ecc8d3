/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any --
   response bodies are parsed JSON (`any`); test/api-client.ts checks each against the OpenAPI document. */
// Roles and group → role mappings through the REST API and SCIM, as the SaaS and the
// provider drive them: resolution (union, default role, deactivated users), the
// user.updated events every role change writes — for exactly the users it moves, in the
// change's transaction — and refused requests that change nothing.
//
// The role set belongs to the whole deployment, and on PostgreSQL test files share one
// database: every test here uses role keys of its own and keeps everyone else's roles
// when it replaces the set. A default role reaches every directory's users, so the tests
// that set one run only on a database of their own (the embedded one, one per file).
import { and, eq, inArray, sql } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { getDb, queryRows } from "@/db/client";
import { auditLog, events, roleMappings } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-key";
import { type Api, apiClient, orgWithDirectory, pushGroup, pushUser } from "@/test/api-client";
import { settleEvents } from "@/test/scim-helpers";

const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const isSharedDatabase = Boolean(process.env.DATABASE_URL);

type RoleInput = { key: string; name: string; description?: string | null; isDefault?: boolean };

async function setup() {
  const db = await getDb();
  const key = await createApiKey(db, `roles ${crypto.randomUUID()}`);
  const api = apiClient(key.key);
  const { directory: dir, scim } = await orgWithDirectory(api, "okta", `Roles ${crypto.randomUUID().slice(0, 8)}`);
  const suffix = crypto.randomUUID().slice(0, 8);
  // The test's roles go when it ends, so a database that is reused keeps no leftovers.
  onTestFinished(async () => {
    const current = (await api("GET", "/api/v1/roles")).body.data as { key: string }[];
    const mine = current.filter((r) => r.key.endsWith(`-${suffix}`)).map((r) => r.key);
    if (mine.length > 0) await putRoles(api, [], mine);
  });
  return { db, api, keyId: key.id, scim, directoryId: dir.id as string, k: (name: string) => `${name}-${suffix}` };
}

/** Replaces this test's roles, keeping every other test's. */
async function putRoles(api: Api, mine: RoleInput[], drop: string[] = []) {
  const current = (await api("GET", "/api/v1/roles")).body.data as (RoleInput & { isDefault: boolean })[];
  const keys = new Set([...mine.map((r) => r.key), ...drop]);
  const others = current.filter((r) => !keys.has(r.key)).map(({ key, name, description, isDefault }) => ({ key, name, description, isDefault }));
  const res = await api("PUT", "/api/v1/roles", { body: { roles: [...others, ...mine] } });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res;
}



async function rolesOf(api: Api, directoryId: string, userId: string): Promise<string[]> {
  const r = await api("GET", `/api/v1/directories/${directoryId}/users/${userId}`);
  expect(r.status).toBe(200);
  return (r.body.roles as { key: string }[]).map((role) => role.key);
}

type Row = { id: number; type: string; resource_id: string; txid: string; data: any };

/** The directory's events after `afterId`, in order. */
async function eventsAfter(directoryId: string, afterId = 0): Promise<Row[]> {
  const db = await getDb();
  await settleEvents(db, directoryId);
  return queryRows<Row>(
    db,
    sql`select id::int as id, type, resource_id, txid::text as txid, data from events
        where directory_id = ${directoryId} and id > ${afterId} order by id`,
  );
}

async function lastEventId(directoryId: string): Promise<number> {
  const rows = await queryRows<{ id: number | null }>(await getDb(), sql`select max(id)::int as id from events where directory_id = ${directoryId}`);
  return Number(rows[0]?.id ?? 0);
}

const keysOf = (roles: { key: string }[]) => roles.map((r) => r.key);

describe("the role set", () => {
  it("is replaced whole, in order, and read back", async () => {
    const { api, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin", description: "Everything" },
      { key: k("viewer"), name: "Viewer" },
    ]);
    const listed = (await api("GET", "/api/v1/roles")).body.data as { key: string; name: string; description: string | null; isDefault: boolean }[];
    const mine = listed.filter((r) => r.key.endsWith(k("").slice(1)));
    expect(mine).toMatchObject([
      { key: k("admin"), name: "Admin", description: "Everything", isDefault: false },
      { key: k("viewer"), name: "Viewer", description: null, isDefault: false },
    ]);
    await putRoles(api, [], [k("admin"), k("viewer")]);
    const after = (await api("GET", "/api/v1/roles")).body.data as { key: string }[];
    expect(after.map((r) => r.key)).not.toContain(k("admin"));
  });

  it("refuses bad keys, duplicates, two defaults and unknown fields, and changes nothing", async () => {
    const { db, api, keyId, k } = await setup();
    await putRoles(api, [{ key: k("keep"), name: "Keep" }]);
    const before = (await api("GET", "/api/v1/roles")).body;
    const bad = [
      { roles: [{ key: "Admin", name: "Admin" }] },
      { roles: [{ key: "1admin", name: "x" }] },
      { roles: [{ key: "a--b", name: "x" }] },
      { roles: [{ key: "x".repeat(65), name: "x" }] },
      { roles: [{ key: "admin", name: "" }] },
      { roles: [{ key: "admin", name: "A" }, { key: "admin", name: "B" }] },
      { roles: [{ key: "a", name: "A", isDefault: true }, { key: "b", name: "B", isDefault: true }] },
      { roles: [{ key: "admin", name: "A", colour: "red" }], extra: 1 },
      { roles: "admin" },
      {},
    ];
    for (const body of bad) {
      const res = await api("PUT", "/api/v1/roles", { body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe("invalid_request");
      expect(Array.isArray(res.body.error.details)).toBe(true);
    }
    const duplicate = await api("PUT", "/api/v1/roles", { body: { roles: [{ key: "ops", name: "A" }, { key: "ops", name: "B" }] } });
    expect(duplicate.body.error.details).toEqual([expect.objectContaining({ path: "roles.1.key", message: expect.stringContaining('Duplicate role key "ops"') })]);
    expect((await api("PUT", "/api/v1/roles", { rawBody: "{" })).body.error.code).toBe("invalid_json");
    expect((await api("GET", "/api/v1/roles")).body).toEqual(before);
    const audits = await db.select().from(auditLog).where(and(eq(auditLog.actorId, keyId), eq(auditLog.action, "roles.replaced")));
    expect(audits).toHaveLength(1);
  });
});

describe("group → role mappings", () => {
  it("give each member the union of its groups' roles, in the role set's order, with user.updated for exactly those users", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("billing"), name: "Billing" },
    ]);
    const ada = await pushUser(scim, "ada@example.com");
    const bob = await pushUser(scim, "bob@example.com");
    const cy = await pushUser(scim, "cy@example.com");
    const eng = await pushGroup(scim, "Engineering", [ada, bob]);
    const fin = await pushGroup(scim, "Finance", [ada]);
    await pushGroup(scim, "Unmapped", [cy]);
    expect(await rolesOf(api, directoryId, ada)).toEqual([]);
    const adaBefore = (await api("GET", `/api/v1/directories/${directoryId}/users/${ada}`)).body;

    const start = await lastEventId(directoryId);
    const put = await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, {
      body: { mappings: [{ groupId: fin, roles: [k("billing")] }, { groupId: eng, roles: [k("admin")] }] },
    });
    expect(put.status).toBe(200);
    expect(put.body.usersUpdated).toBe(2);
    expect(put.body.data).toEqual([
      { groupId: eng, groupDisplayName: "Engineering", roles: [k("admin")] },
      { groupId: fin, groupDisplayName: "Finance", roles: [k("billing")] },
    ]);
    expect((await api("GET", `/api/v1/directories/${directoryId}/role-mappings`)).body.data).toEqual(put.body.data);

    // Ada is in both groups: both roles, in the role set's order (admin first), not the mapping's.
    const adaAfter = (await api("GET", `/api/v1/directories/${directoryId}/users/${ada}`)).body;
    expect(adaAfter.roles).toEqual([
      { key: k("admin"), name: "Admin" },
      { key: k("billing"), name: "Billing" },
    ]);
    expect(adaAfter.version).toBe(adaBefore.version + 1);
    expect(await rolesOf(api, directoryId, bob)).toEqual([k("admin")]);
    expect(await rolesOf(api, directoryId, cy)).toEqual([]);

    const written = await eventsAfter(directoryId, start);
    expect(written.map((e) => e.type)).toEqual(["user.updated", "user.updated"]);
    expect(written.map((e) => e.resource_id).sort()).toEqual([ada, bob].sort());
    const adaEvent = written.find((e) => e.resource_id === ada)!;
    expect(adaEvent.data.user).toEqual(adaAfter);
    expect(adaEvent.data.previous).toEqual({ roles: [] });
    expect(new Set(written.map((e) => e.txid)).size).toBe(1);

    // The same mapping again moves no one.
    const again = await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, {
      body: { mappings: [{ groupId: eng, roles: [k("admin")] }, { groupId: fin, roles: [k("billing")] }] },
    });
    expect(again.body.usersUpdated).toBe(0);
    expect(await eventsAfter(directoryId, start)).toHaveLength(2);

    // Unmapping Finance: Ada loses Billing and keeps Admin.
    const mid = await lastEventId(directoryId);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }, { groupId: fin, roles: [] }] } });
    const unmapped = await eventsAfter(directoryId, mid);
    expect(unmapped.map((e) => [e.type, e.resource_id])).toEqual([["user.updated", ada]]);
    expect(keysOf(unmapped[0]!.data.previous.roles)).toEqual([k("admin"), k("billing")]);
    expect(keysOf(unmapped[0]!.data.user.roles)).toEqual([k("admin")]);
  });

  it("previews what a mapping would do, per role, and writes nothing", async () => {
    const { db, api, scim, directoryId, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("member"), name: "Member" },
    ]);
    const users = await Promise.all(["a", "b", "c"].map((n) => pushUser(scim, `${n}@example.com`)));
    const admins = await pushGroup(scim, "Admins", [users[0]!, users[1]!]);
    const everyone = await pushGroup(scim, "Everyone", users);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: admins, roles: [k("admin")] }] } });
    const start = await lastEventId(directoryId);
    const mappingsBefore = await db.select().from(roleMappings).where(eq(roleMappings.directoryId, directoryId));

    // Admins lose Admin; Everyone gets Member: 3 gain Member, 2 lose Admin.
    const preview = await api("POST", `/api/v1/directories/${directoryId}/role-mappings/preview`, {
      body: { mappings: [{ groupId: everyone, roles: [k("member")] }] },
    });
    expect(preview.status).toBe(200);
    expect(preview.body).toEqual({
      users: 3,
      roles: [
        { key: k("admin"), name: "Admin", gained: 0, lost: 2 },
        { key: k("member"), name: "Member", gained: 3, lost: 0 },
      ],
    });
    const none = await api("POST", `/api/v1/directories/${directoryId}/role-mappings/preview`, {
      body: { mappings: [{ groupId: admins, roles: [k("admin")] }] },
    });
    expect(none.body).toEqual({ users: 0, roles: [] });
    expect(await db.select().from(roleMappings).where(eq(roleMappings.directoryId, directoryId))).toEqual(mappingsBefore);
    expect(await eventsAfter(directoryId, start)).toEqual([]);
  });

  it("refuses another directory's groups, unknown roles and repeated groups, and changes nothing", async () => {
    const { db, api, scim, directoryId, k } = await setup();
    const other = await setup();
    await putRoles(api, [{ key: k("admin"), name: "Admin" }]);
    const ada = await pushUser(scim, "ada@example.com");
    const eng = await pushGroup(scim, "Engineering", [ada]);
    const foreign = await pushGroup(other.scim, "Foreign", [await pushUser(other.scim, "x@example.com")]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });
    const start = await lastEventId(directoryId);
    const before = await db.select().from(roleMappings).where(inArray(roleMappings.directoryId, [directoryId, other.directoryId]));

    const cases: [unknown, number, string][] = [
      [{ mappings: [{ groupId: foreign, roles: [k("admin")] }] }, 400, "invalid_reference"],
      [{ mappings: [{ groupId: foreign, roles: [] }] }, 400, "invalid_reference"],
      [{ mappings: [{ groupId: "not-a-uuid", roles: [k("admin")] }] }, 400, "invalid_reference"],
      [{ mappings: [{ groupId: eng, roles: ["no-such-role"] }] }, 400, "invalid_reference"],
      [{ mappings: [{ groupId: eng, roles: ["Not A Key"] }] }, 400, "invalid_request"],
      [{ mappings: [{ groupId: eng, roles: [] }, { groupId: eng.toUpperCase(), roles: [k("admin")] }] }, 400, "invalid_request"],
      [{ mappings: {} }, 400, "invalid_request"],
    ];
    for (const [body, status, code] of cases) {
      for (const path of ["role-mappings", "role-mappings/preview"]) {
        const res = await api(path === "role-mappings" ? "PUT" : "POST", `/api/v1/directories/${directoryId}/${path}`, { body });
        expect([res.status, res.body.error?.code], `${path} ${JSON.stringify(body)}`).toEqual([status, code]);
      }
    }
    const foreignMessage = await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: foreign, roles: [] }] } });
    expect(foreignMessage.body.error.message).toContain(foreign);
    // A directory that does not exist (or an organization's id) is 404.
    for (const id of [crypto.randomUUID(), "nope"]) {
      expect((await api("GET", `/api/v1/directories/${id}/role-mappings`)).status).toBe(404);
      expect((await api("PUT", `/api/v1/directories/${id}/role-mappings`, { body: { mappings: [] } })).status).toBe(404);
    }
    expect(await db.select().from(roleMappings).where(inArray(roleMappings.directoryId, [directoryId, other.directoryId]))).toEqual(before);
    expect(await eventsAfter(directoryId, start)).toEqual([]);
    expect(await rolesOf(api, directoryId, ada)).toEqual([k("admin")]);
  });

  it("records mapping changes in the organization's audit log", async () => {
    const { db, api, keyId, scim, directoryId, k } = await setup();
    await putRoles(api, [{ key: k("admin"), name: "Admin" }]);
    const eng = await pushGroup(scim, "Engineering", [await pushUser(scim, "ada@example.com")]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });
    const [entry] = await db.select().from(auditLog).where(and(eq(auditLog.actorId, keyId), eq(auditLog.action, "directory.role_mappings_replaced")));
    expect(entry).toMatchObject({ actorType: "api_key", targetType: "directory", targetId: directoryId, data: { added: 1, removed: 0, usersUpdated: 1 } });
    expect(entry?.organizationId).toBeTruthy();
  });
});

describe("membership changes move roles", () => {
  it("SCIM PATCH add and remove of a member of a mapped group write user.updated in the membership's transaction", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [{ key: k("admin"), name: "Admin" }]);
    const ada = await pushUser(scim, "ada@example.com");
    const bob = await pushUser(scim, "bob@example.com");
    const eng = await pushGroup(scim, "Engineering", [ada]);
    const plain = await pushGroup(scim, "Plain", []);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });

    let start = await lastEventId(directoryId);
    const add = await scim("PATCH", `/Groups/${eng}`, { body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: bob }] }] } });
    expect(add.status).toBeLessThan(300);
    let written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([
      ["group.member_added", eng],
      ["user.updated", bob],
    ]);
    expect(new Set(written.map((e) => e.txid)).size).toBe(1);
    const [added, updated] = written;
    expect(updated!.data.previous).toEqual({ roles: [] });
    expect(keysOf(updated!.data.user.roles)).toEqual([k("admin")]);
    expect(updated!.data.user.groups).toEqual([{ id: eng, displayName: "Engineering" }]);
    // The membership event's user is the same user, at the same (moved) version.
    expect(added!.data.user).toEqual(updated!.data.user);
    const bobNow = (await api("GET", `/api/v1/directories/${directoryId}/users/${bob}`)).body;
    expect(bobNow).toEqual(updated!.data.user);

    // An unmapped group: membership events only.
    start = await lastEventId(directoryId);
    await scim("PATCH", `/Groups/${plain}`, { body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: bob }] }] } });
    expect((await eventsAfter(directoryId, start)).map((e) => e.type)).toEqual(["group.member_added"]);

    // Entra's removal by filter.
    start = await lastEventId(directoryId);
    await scim("PATCH", `/Groups/${eng}`, { body: { schemas: [PATCH], Operations: [{ op: "Remove", path: `members[value eq "${bob}"]` }] } });
    written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([
      ["group.member_removed", eng],
      ["user.updated", bob],
    ]);
    expect(keysOf(written[1]!.data.previous.roles)).toEqual([k("admin")]);
    expect(written[1]!.data.user.roles).toEqual([]);
    expect(await rolesOf(api, directoryId, bob)).toEqual([]);
    expect(await rolesOf(api, directoryId, ada)).toEqual([k("admin")]);
  });

  it("a PUT of the group's members, a group deletion and a user deletion", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [{ key: k("admin"), name: "Admin" }]);
    const [ada, bob, cy] = await Promise.all(["ada", "bob", "cy"].map((n) => pushUser(scim, `${n}@example.com`)));
    const eng = await pushGroup(scim, "Engineering", [ada!, bob!]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });

    // PUT replaces the members: Bob out, Cy in, Ada stays (no event for her).
    let start = await lastEventId(directoryId);
    const put = await scim("PUT", `/Groups/${eng}`, { body: { schemas: [GROUP], displayName: "Engineering", members: [{ value: ada }, { value: cy }] } });
    expect(put.status).toBe(200);
    let written = await eventsAfter(directoryId, start);
    const roleEvents = written.filter((e) => e.type === "user.updated");
    expect(roleEvents.map((e) => [e.resource_id, keysOf(e.data.user.roles)]).sort()).toEqual([[bob, []], [cy, [k("admin")]]].sort());
    expect(new Set(written.map((e) => e.txid)).size).toBe(1);

    // Deleting a user of the group moves no one else's roles.
    start = await lastEventId(directoryId);
    expect((await scim("DELETE", `/Users/${cy}`)).status).toBe(204);
    expect((await eventsAfter(directoryId, start)).map((e) => e.type)).toEqual(["user.deleted", "group.member_removed"]);

    // Deleting the group: Ada loses Admin; the mapping goes with the group.
    start = await lastEventId(directoryId);
    expect((await scim("DELETE", `/Groups/${eng}`)).status).toBe(204);
    written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([
      ["group.deleted", eng],
      ["user.updated", ada],
    ]);
    expect(written[1]!.data.user).toMatchObject({ groups: [], roles: [] });
    expect(keysOf(written[1]!.data.previous.roles)).toEqual([k("admin")]);
    expect((await api("GET", `/api/v1/directories/${directoryId}/role-mappings`)).body.data).toEqual([]);
    expect(await rolesOf(api, directoryId, ada!)).toEqual([]);
  });

  it("a deactivated user has no roles; deactivation and reactivation carry previous.roles on their own event", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [{ key: k("admin"), name: "Admin" }]);
    const ada = await pushUser(scim, "ada@example.com");
    const eng = await pushGroup(scim, "Engineering", [ada]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });

    let start = await lastEventId(directoryId);
    await scim("PATCH", `/Users/${ada}`, { body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] } });
    let written = await eventsAfter(directoryId, start);
    expect(written.map((e) => e.type)).toEqual(["user.deactivated"]);
    expect(written[0]!.data.user.roles).toEqual([]);
    expect(written[0]!.data.previous).toEqual({ active: true, roles: [{ key: k("admin"), name: "Admin" }] });

    // While inactive, a mapping change moves nothing for her.
    start = await lastEventId(directoryId);
    const change = await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [] } });
    expect(change.body.usersUpdated).toBe(0);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });
    expect(await eventsAfter(directoryId, start)).toEqual([]);

    start = await lastEventId(directoryId);
    await scim("PATCH", `/Users/${ada}`, { body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: "True" }] } });
    written = await eventsAfter(directoryId, start);
    expect(written.map((e) => e.type)).toEqual(["user.reactivated"]);
    expect(written[0]!.data.previous).toEqual({ active: false, roles: [] });
    expect(keysOf(written[0]!.data.user.roles)).toEqual([k("admin")]);
  });
});

describe("changing the role set", () => {
  it("removing a mapped role removes its mappings and writes user.updated for its users; renaming writes nothing", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("billing"), name: "Billing" },
    ]);
    const ada = await pushUser(scim, "ada@example.com");
    const bob = await pushUser(scim, "bob@example.com");
    const eng = await pushGroup(scim, "Engineering", [ada, bob]);
    const fin = await pushGroup(scim, "Finance", [ada]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, {
      body: { mappings: [{ groupId: eng, roles: [k("admin")] }, { groupId: fin, roles: [k("billing")] }] },
    });

    // A rename: payloads carry the new name, no event.
    let start = await lastEventId(directoryId);
    await putRoles(api, [
      { key: k("billing"), name: "Billing & invoices" },
      { key: k("admin"), name: "Administrator" },
    ]);
    expect(await eventsAfter(directoryId, start)).toEqual([]);
    const ada1 = (await api("GET", `/api/v1/directories/${directoryId}/users/${ada}`)).body;
    expect(ada1.roles).toEqual([
      { key: k("billing"), name: "Billing & invoices" },
      { key: k("admin"), name: "Administrator" },
    ]);

    start = await lastEventId(directoryId);
    await putRoles(api, [{ key: k("admin"), name: "Administrator" }], [k("billing")]);
    const written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([["user.updated", ada]]);
    expect(written[0]!.data.previous.roles).toEqual(ada1.roles);
    expect(written[0]!.data.user.roles).toEqual([{ key: k("admin"), name: "Administrator" }]);
    expect((await api("GET", `/api/v1/directories/${directoryId}/role-mappings`)).body.data).toEqual([
      { groupId: eng, groupDisplayName: "Engineering", roles: [k("admin")] },
    ]);
  });

  it.skipIf(isSharedDatabase)("the default role goes to every active user whose groups map to no role", async () => {
    const { db, api, scim, directoryId, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("member"), name: "Member" },
    ]);
    const ada = await pushUser(scim, "ada@example.com");
    const bob = await pushUser(scim, "bob@example.com");
    const cy = await pushUser(scim, "cy@example.com");
    await scim("PATCH", `/Users/${cy}`, { body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] } });
    const eng = await pushGroup(scim, "Engineering", [ada]);
    await api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: [{ groupId: eng, roles: [k("admin")] }] } });

    let start = await lastEventId(directoryId);
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("member"), name: "Member", isDefault: true },
    ]);
    let written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([["user.updated", bob]]);
    expect(written[0]!.data).toMatchObject({ user: { roles: [{ key: k("member"), name: "Member" }] }, previous: { roles: [] } });
    expect(await rolesOf(api, directoryId, ada)).toEqual([k("admin")]);
    expect(await rolesOf(api, directoryId, cy)).toEqual([]);

    // A new user gets the default at once; joining a mapped group trades it for the group's role.
    start = await lastEventId(directoryId);
    const dee = await pushUser(scim, "dee@example.com");
    await scim("PATCH", `/Groups/${eng}`, { body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: dee }] }] } });
    written = await eventsAfter(directoryId, start);
    expect(written.map((e) => e.type)).toEqual(["user.created", "group.member_added", "user.updated"]);
    expect(keysOf(written[0]!.data.user.roles)).toEqual([k("member")]);
    expect(written[2]!.data).toMatchObject({ user: { roles: [{ key: k("admin") }] }, previous: { roles: [{ key: k("member") }] } });

    // No default any more: Bob loses Member.
    start = await lastEventId(directoryId);
    await putRoles(api, [{ key: k("member"), name: "Member", isDefault: false }]);
    written = await eventsAfter(directoryId, start);
    expect(written.map((e) => [e.type, e.resource_id])).toEqual([["user.updated", bob]]);
    const rows = await db.select({ n: sql<number>`count(*)::int` }).from(events).where(eq(events.directoryId, directoryId));
    expect(Number(rows[0]?.n)).toBeGreaterThan(0);
  });
});

describe("under concurrent changes", () => {
  it("the newest version of each user in the events always carries the roles the API shows", async () => {
    const { api, scim, directoryId, k } = await setup();
    await putRoles(api, [
      { key: k("admin"), name: "Admin" },
      { key: k("ops"), name: "Ops" },
      { key: k("gone"), name: "Gone" },
    ]);
    const users = await Promise.all(Array.from({ length: 8 }, (_, i) => pushUser(scim, `u${i}@example.com`)));
    const groups = await Promise.all(["A", "B", "C"].map((name, i) => pushGroup(scim, name, users.filter((_, j) => j % 3 === i))));
    const mappings = [
      [{ groupId: groups[0]!, roles: [k("admin"), k("gone")] }, { groupId: groups[1]!, roles: [k("ops")] }],
      [{ groupId: groups[1]!, roles: [k("admin")] }, { groupId: groups[2]!, roles: [k("gone")] }],
      [{ groupId: groups[2]!, roles: [k("ops"), k("admin")] }],
    ];
    const member = (i: number) => users[i % users.length]!;
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 24; i++) {
      const group = groups[i % 3]!;
      const op = i % 2 === 0 ? "add" : "remove";
      work.push(
        scim("PATCH", `/Groups/${group}`, {
          body: { schemas: [PATCH], Operations: [op === "add" ? { op, path: "members", value: [{ value: member(i * 5) }] } : { op, path: `members[value eq "${member(i * 3)}"]` }] },
        }),
      );
      if (i % 6 === 0) work.push(api("PUT", `/api/v1/directories/${directoryId}/role-mappings`, { body: { mappings: mappings[(i / 6) % 3] } }));
      if (i % 8 === 3) work.push(scim("PATCH", `/Users/${member(i)}`, { body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: i % 16 !== 3 } }] } }));
      if (i === 12) work.push(putRoles(api, [{ key: k("admin"), name: "Admin" }, { key: k("ops"), name: "Ops" }], [k("gone")]));
    }
    // Every change lands, except a mapping that names the removed role after its removal committed.
    const results = (await Promise.all(work)) as { status: number; body?: any }[];
    for (const r of results) {
      const isRefusedGone = r.status === 400 && r.body?.error?.code === "invalid_reference" && String(r.body.error.message).includes(k("gone"));
      if (!isRefusedGone) expect(r.status, JSON.stringify(r)).toBeLessThan(300);
    }

    const latest = new Map<string, { version: number; id: number; roles: string[] }>();
    for (const e of await eventsAfter(directoryId)) {
      const user = e.data.user as { id: string; version: number; roles: { key: string }[] } | undefined;
      if (!user) continue;
      const seen = latest.get(user.id);
      if (!seen || user.version > seen.version || (user.version === seen.version && e.id > seen.id)) {
        latest.set(user.id, { version: user.version, id: e.id, roles: keysOf(user.roles) });
      }
      if (e.type === "user.updated" && e.data.previous?.roles) {
        expect(keysOf(e.data.previous.roles).sort()).not.toEqual(keysOf(user.roles).sort());
      }
    }
    for (const id of users) {
      const rest = (await api("GET", `/api/v1/directories/${directoryId}/users/${id}`)).body;
      expect(latest.get(id), id).toEqual({ version: rest.version, id: expect.any(Number), roles: keysOf(rest.roles) });
    }
  });
});
