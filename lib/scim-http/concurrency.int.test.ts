/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// Parallel writers and very large groups. The concurrency tests need real parallel
// transactions: they run on Postgres (DATABASE_URL) and are skipped on the embedded
// database, which serves one connection and so runs every transaction one after another.
import { describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { getDbHandle, queryRows } from "@/db/client";
import { directoryUsers as usersTable, events, groupMembers } from "@/db/schema";
import { env } from "@/lib/env";
import { makeDirectory } from "@/test/scim-helpers";
import { scimClient } from "@/test/scim-client";

const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const isPostgres = Boolean(env().databaseUrl);

async function setup() {
  const t = await makeDirectory();
  return { ...t, scim: scimClient(t.directoryId, t.token) };
}

async function createUsers(t: Awaited<ReturnType<typeof setup>>, n: number, prefix = "u"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await t.scim("POST", "/Users", { body: { userName: `${prefix}${i}@example.com` } })).body.id as string);
  return ids;
}

describe.skipIf(!isPostgres)("concurrent writers (Postgres only: the embedded database has one connection)", () => {
  it("lands all of 50 parallel PATCHes adding different members to one group", async () => {
    const t = await setup();
    const ids = await createUsers(t, 50);
    const group = await t.scim("POST", "/Groups", { body: { displayName: "Parallel" } });
    const replies = await Promise.all(
      ids.map((id) =>
        t.scim("PATCH", `/Groups/${group.body.id}`, {
          body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(ids.map(() => 204));
    const members = await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, group.body.id as string));
    expect(members.map((m) => m.userId).sort()).toEqual([...ids].sort());
    const after = await t.scim("GET", `/Groups/${group.body.id}?excludedAttributes=members`);
    expect(after.body.meta.version).toBe('W/"51"');
    const added = await t.db
      .select()
      .from(events)
      .where(and(eq(events.directoryId, t.directoryId), eq(events.type, "group.member_added")));
    expect(added).toHaveLength(50);
  });

  it("gives exactly one 201 to 20 parallel POSTs of the same userName, and 409 to the rest", async () => {
    const t = await setup();
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.scim("POST", "/Users", { body: { userName: i % 2 ? "Race@Example.com" : "race@example.com", title: `t${i}` } }),
      ),
    );
    const statuses = replies.map((r) => r.status).sort();
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    for (const r of replies.filter((x) => x.status === 409)) expect(r.body.scimType).toBe("uniqueness");
    const rows = await t.db.select().from(usersTable).where(eq(usersTable.directoryId, t.directoryId));
    expect(rows).toHaveLength(1);
  });

  it("never interleaves the fields of parallel PUTs on one user", async () => {
    const t = await setup();
    const [id] = await createUsers(t, 1, "put");
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.scim("PUT", `/Users/${id}`, {
          body: {
            userName: "put0@example.com",
            name: { givenName: `g${i}`, familyName: `f${i}` },
            title: `t${i}`,
            emails: [{ value: `e${i}@example.com`, type: "work", primary: true }],
          },
        }),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(replies.map(() => 200));
    for (const r of replies) {
      const n = String(r.body.title).slice(1);
      expect(r.body.name).toEqual({ givenName: `g${n}`, familyName: `f${n}` });
    }
    const [row] = await t.db.select().from(usersTable).where(eq(usersTable.id, id!));
    const n = String(row?.data.title).slice(1);
    expect(row).toMatchObject({ givenName: `g${n}`, familyName: `f${n}`, primaryEmail: `e${n}@example.com`, version: 21 });
  });

  it("finishes a mix of member changes, user updates and deletions without deadlock or error", async () => {
    const t = await setup();
    const ids = await createUsers(t, 30, "mix");
    const groups = await Promise.all(
      ["A", "B", "C"].map(async (name) => (await t.scim("POST", "/Groups", { body: { displayName: name } })).body.id as string),
    );
    const work = ids.flatMap((id, i) => [
      ...groups.map((g) =>
        t.scim("PATCH", `/Groups/${g}`, {
          body: { Operations: [{ op: "add", path: "members", value: [{ value: id }, { value: ids[(i + 1) % ids.length] }] }] },
        }),
      ),
      t.scim("PUT", `/Users/${id}`, { body: { userName: `mix${i}@example.com`, title: "x" } }),
      ...(i % 3 === 0 ? [t.scim("DELETE", `/Users/${id}`)] : []),
      t.scim("PATCH", `/Groups/${groups[i % 3]}`, { body: { Operations: [{ op: "replace", path: "displayName", value: `G${i % 3}-${i}` }] } }),
    ]);
    const replies = await Promise.all(work);
    // A member deleted before the PATCH that adds it is an unknown id (400), and a PUT after
    // the DELETE is 404; nothing else is acceptable, in particular no 500 or 503.
    for (const r of replies) expect([200, 204, 400, 404]).toContain(r.status);
    const orphans = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from group_members m
          where m.directory_id = ${t.directoryId}
            and not exists (select 1 from directory_users u where u.directory_id = m.directory_id and u.id = m.user_id)`,
    );
    expect(Number(orphans[0]?.n)).toBe(0);
  });
});

// Correctness at size; the timings at 100,000 members are measured by `npm run bench`.
describe("a group of 20,000 members", () => {
  it("answers reads and membership changes without loading the members unless asked", async () => {
    const t = await setup();
    const group = await t.scim("POST", "/Groups", { body: { displayName: "Everyone" } });
    const groupId = group.body.id as string;
    const size = 20_000;
    // Seeded in two statements: what is measured below is the SCIM path, not the seeding.
    await t.db.execute(sql`
      insert into directory_users (directory_id, user_name, data)
      select ${t.directoryId}::uuid, 'bulk' || n || '@example.com', jsonb_build_object('userName', 'bulk' || n || '@example.com')
      from generate_series(1, ${size}) as n`);
    await t.db.execute(sql`
      insert into group_members (directory_id, group_id, user_id)
      select directory_id, ${groupId}::uuid, id from directory_users where directory_id = ${t.directoryId}::uuid`);
    const extra = await t.scim("POST", "/Users", { body: { userName: "newcomer@example.com" } });

    const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
      const started = performance.now();
      const result = await fn();
      return [result, performance.now() - started];
    };
    const [lean, leanMs] = await timed(() => t.scim("GET", `/Groups/${groupId}?excludedAttributes=members`));
    expect(lean.status).toBe(200);
    expect(lean.body.members).toBeUndefined();

    const [add, addMs] = await timed(() =>
      t.scim("PATCH", `/Groups/${groupId}`, {
        body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: extra.body.id }] }] },
      }),
    );
    expect(add.status).toBe(204);
    const [remove, removeMs] = await timed(() =>
      t.scim("PATCH", `/Groups/${groupId}`, {
        body: { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${extra.body.id}"]` }] },
      }),
    );
    expect(remove.status).toBe(204);
    const [lookup, lookupMs] = await timed(() =>
      t.scim("GET", `/Groups?excludedAttributes=members&filter=${encodeURIComponent('displayName eq "Everyone"')}`),
    );
    expect(lookup.body.totalResults).toBe(1);

    const [full, fullMs] = await timed(() => t.scim("GET", `/Groups/${groupId}`));
    expect(full.status).toBe(200);
    expect(full.body.members).toHaveLength(size);
    // Over 2,000 members the answer is streamed from one snapshot: still one valid document,
    // every member once, each as the object-built path writes it.
    expect(full.headers.get("etag")).toBeTruthy();
    expect(new Set((full.body.members as { value: string }[]).map((m) => m.value)).size).toBe(size);
    expect(full.body.members[0]).toEqual({
      value: expect.any(String),
      $ref: expect.stringMatching(/\/v2\/Users\/[0-9a-f-]{36}$/),
      display: expect.any(String),
      type: "User",
    });
    expect(full.body.displayName).toBe("Everyone");
    const kind = (await getDbHandle()).kind;
    console.warn(
      `[${size}-member group, ${kind}] GET excluding members ${leanMs.toFixed(1)} ms, add member ${addMs.toFixed(1)} ms, ` +
        `remove member ${removeMs.toFixed(1)} ms, Entra-style lookup ${lookupMs.toFixed(1)} ms, GET with members ${fullMs.toFixed(0)} ms`,
    );
    const members = await queryRows<{ n: number }>(
      t.db,
      sql`select count(*)::int as n from group_members where directory_id = ${t.directoryId} and group_id = ${groupId}`,
    );
    expect(Number(members[0]?.n)).toBe(size);
  }, 300_000);
});
