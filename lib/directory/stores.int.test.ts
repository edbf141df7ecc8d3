import { describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { getDbHandle, queryRows } from "@/db/client";
import { directoryUsers as usersTable, groupMembers, scimTokens } from "@/db/schema";
import { createScimToken, revokeScimToken, verifyScimToken } from "@/lib/auth/scim-token";
import { settleBackground } from "@/lib/background";
import { DirectoryError, type DirectoryErrorKind } from "./errors";
import { deleteDirectory, findDirectoryById, listDirectories, setDirectoryStatus } from "./directories";
import { EVENTS_CHANNEL } from "./events";
import { directoryGroups } from "./groups";
import { directoryUsers } from "./users";
import { eventTypes, groupInput, makeDirectory, userInput } from "@/test/scim-helpers";

async function domainErrorOf(p: Promise<unknown>, kind: DirectoryErrorKind): Promise<DirectoryError> {
  const error = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DirectoryError);
  expect((error as DirectoryError).kind).toBe(kind);
  return error as DirectoryError;
}

describe("directory users store", () => {
  it("creates, refuses a userName differing only in case, replaces with version bumps and events", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const created = await users.create(userInput({ userName: "Ada@Example.com", name: { givenName: "Ada" } }));
    expect(created.version).toBe(1);

    await domainErrorOf(users.create(userInput({ userName: "ada@example.COM" })), "conflict");

    const same = await users.replace(created.id, userInput({ userName: "Ada@Example.com", name: { givenName: "Ada" } }));
    expect(same?.version).toBe(1);

    const renamed = await users.replace(created.id, userInput({ userName: "Ada@Example.com", name: { givenName: "Augusta" } }));
    expect(renamed?.version).toBe(2);
    expect(renamed?.givenName).toBe("Augusta");

    const off = await users.replace(created.id, userInput({ userName: "Ada@Example.com", name: { givenName: "Augusta" }, active: false }));
    expect(off?.active).toBe(false);
    const on = await users.replace(created.id, userInput({ userName: "Ada@Example.com", name: { givenName: "Augusta" }, active: true }));
    expect(on?.version).toBe(4);

    await domainErrorOf(users.replace(created.id, userInput({ userName: "x" }), 1), "precondition_failed");

    expect(await users.replace(crypto.randomUUID(), userInput({ userName: "ghost" }))).toBeUndefined();
    expect(await users.delete(created.id)).toBe(true);
    expect(await users.get(created.id)).toBeUndefined();
    expect(await eventTypes(t.db, t.directoryId)).toEqual([
      "user.created",
      "user.updated",
      "user.deactivated",
      "user.reactivated",
      "user.deleted",
    ]);
  });

  it("pages with startIndex and with a keyset position, in creation order", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await users.create(userInput({ userName: `u${i}@x.test` }))).id);
    const first = await users.list({ startIndex: 1, count: 2 });
    expect(first.totalResults).toBe(5);
    expect(first.rows.map((r) => r.id)).toEqual(ids.slice(0, 2));
    const third = await users.list({ startIndex: 5, count: 2 });
    expect(third.rows.map((r) => r.id)).toEqual(ids.slice(4));
    const next = await users.list({ startIndex: 1, count: 10, after: first.keys.at(-1) });
    expect(next.rows.map((r) => r.id)).toEqual(ids.slice(2));
    const filtered = await users.list({ startIndex: 1, count: 10, where: eq(usersTable.userName, "u3@x.test") });
    expect(filtered.rows.map((r) => r.id)).toEqual([ids[3]]);
  });
});

describe("directory groups store", () => {
  it("stores members, refuses unknown ids without writing, and changes membership idempotently", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const groups = directoryGroups(t.db, t.ref);
    const a = await users.create(userInput({ userName: "a@x.test" }));
    const b = await users.create(userInput({ userName: "b@x.test" }));
    const c = await users.create(userInput({ userName: "c@x.test" }));

    const missing = crypto.randomUUID();
    const bad = await domainErrorOf(groups.create(groupInput({ displayName: "Eng" }), [a.id, missing, "not-a-uuid"]), "invalid_reference");
    expect(bad.message).toContain(missing);
    expect(bad.message).toContain("not-a-uuid");
    expect((await groups.list({ startIndex: 1, count: 10 })).totalResults).toBe(0);

    const eng = await groups.create(groupInput({ displayName: "Eng" }), [a.id, b.id]);
    expect(eng.members?.map((m) => m.value).sort()).toEqual([a.id, b.id].sort());
    // Created (version 1), then its members added (version 2): each state has its version.
    expect(eng.version).toBe(2);
    expect(eng.memberCount).toBe(2);
    await domainErrorOf(groups.create(groupInput({ displayName: "ENG" })), "conflict");

    const keep = (g: { data: Record<string, unknown>; displayName: string; externalId: string | null }) => ({
      input: { data: g.data, columns: { displayName: g.displayName, externalId: g.externalId } },
      changed: false,
    });
    const added = await groups.patch(eng.id, (g) => ({ ...keep(g), membership: [{ kind: "add", ids: [b.id, c.id] }] }));
    expect(added?.version).toBe(3);
    expect(added?.memberCount).toBe(3);
    const again = await groups.patch(eng.id, (g) => ({ ...keep(g), membership: [{ kind: "add", ids: [c.id] }] }));
    expect(again?.version).toBe(3);
    const removedAbsent = await groups.patch(eng.id, (g) => ({
      ...keep(g),
      membership: [{ kind: "remove", ids: [crypto.randomUUID()] }],
    }));
    expect(removedAbsent?.version).toBe(3);
    expect(removedAbsent?.memberCount).toBe(3);
    await groups.patch(eng.id, (g) => ({ ...keep(g), membership: [{ kind: "remove", ids: [a.id] }] }));
    expect((await groups.get(eng.id))?.members?.map((m) => m.value).sort()).toEqual([b.id, c.id].sort());

    await groups.replace(eng.id, groupInput({ displayName: "Engineering" }), [a.id]);
    const after = await groups.get(eng.id);
    expect(after?.displayName).toBe("Engineering");
    expect(after?.members?.map((m) => m.value)).toEqual([a.id]);

    expect((await users.get(a.id))?.groups).toEqual([{ id: eng.id, displayName: "Engineering" }]);
    await users.delete(a.id);
    const rows = await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, eng.id));
    expect(rows).toHaveLength(0);

    expect(await eventTypes(t.db, t.directoryId)).toEqual([
      "user.created",
      "user.created",
      "user.created",
      "group.created",
      "group.member_added",
      "group.member_added",
      "group.member_added",
      "group.member_removed",
      "group.updated",
      "group.member_removed",
      "group.member_removed",
      "group.member_added",
      "user.deleted",
      "group.member_removed",
    ]);
    expect((await groups.get(eng.id, { withMembers: false }))?.memberCount).toBe(0);
  });

  it("announces a membership change with one NOTIFY after commit", async () => {
    const t = await makeDirectory();
    const handle = await getDbHandle();
    const payloads: Record<string, unknown>[] = [];
    const unlisten = await handle.listen(EVENTS_CHANNEL, (p) => {
      const parsed = JSON.parse(p) as Record<string, unknown>;
      if (parsed.directoryId === t.directoryId) payloads.push(parsed);
    });
    const users = directoryUsers(t.db, t.ref);
    const ids = [];
    for (let i = 0; i < 3; i++) ids.push((await users.create(userInput({ userName: `n${i}@x.test` }))).id);
    await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Notified" }), ids);
    await expect.poll(() => payloads.length).toBe(5);
    expect(payloads.at(-1)).toMatchObject({ type: "group.member_added", count: 3, organizationId: t.organizationId });
    await unlisten();
  });
});

describe("directories and tokens", () => {
  it("verifies only live tokens of the directory named, rotates and revokes", async () => {
    const t = await makeDirectory();
    const other = await makeDirectory();
    expect(await verifyScimToken(t.db, t.directoryId, t.token)).toMatchObject({ tokenId: t.tokenId });
    expect(await verifyScimToken(t.db, other.directoryId, t.token)).toBeUndefined();
    expect(await verifyScimToken(t.db, t.directoryId, t.token + "x")).toBeUndefined();

    const rotated = await createScimToken(t.db, t.directoryId);
    expect(rotated.token).toMatch(/^rst_scim_[A-Za-z0-9_-]{43}$/);
    expect(await verifyScimToken(t.db, t.directoryId, rotated.token)).toBeDefined();
    expect(await verifyScimToken(t.db, t.directoryId, t.token)).toBeDefined();
    expect(await revokeScimToken(t.db, t.directoryId, t.tokenId)).toBe(true);
    expect(await verifyScimToken(t.db, t.directoryId, t.token)).toBeUndefined();
    expect(await verifyScimToken(t.db, t.directoryId, rotated.token)).toBeDefined();

    await settleBackground();
    const stored = await t.db.select().from(scimTokens).where(eq(scimTokens.directoryId, t.directoryId));
    expect(stored.every((s) => /^[0-9a-f]{64}$/.test(s.tokenHash))).toBe(true);
    expect(JSON.stringify(stored)).not.toContain(rotated.token);
    expect(stored.find((s) => s.id === rotated.id)?.lastUsedAt).toBeInstanceOf(Date);
  });

  it("disables with an event, and deletes with users, groups and tokens", async () => {
    const t = await makeDirectory();
    const user = await directoryUsers(t.db, t.ref).create(userInput({ userName: "gone@x.test" }));
    await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Gone" }), [user.id]);
    expect((await setDirectoryStatus(t.db, t.organizationId, t.directoryId, "disabled"))?.status).toBe("disabled");
    expect((await setDirectoryStatus(t.db, t.organizationId, t.directoryId, "disabled"))?.status).toBe("disabled");
    expect(await verifyScimToken(t.db, t.directoryId, t.token)).toMatchObject({ directory: { status: "disabled" } });
    expect((await eventTypes(t.db, t.directoryId)).filter((e) => e.startsWith("directory."))).toEqual(["directory.disabled"]);
    expect(await listDirectories(t.db, crypto.randomUUID())).toEqual([]);
    expect(await deleteDirectory(t.db, crypto.randomUUID(), t.directoryId)).toBe(false);
    expect(await deleteDirectory(t.db, t.organizationId, t.directoryId)).toBe(true);
    expect(await findDirectoryById(t.db, t.directoryId)).toBeUndefined();
    const left = await queryRows<{ n: number }>(
      t.db,
      sql`select (select count(*) from directory_users where directory_id = ${t.directoryId})
            + (select count(*) from directory_groups where directory_id = ${t.directoryId})
            + (select count(*) from scim_tokens where directory_id = ${t.directoryId})::int as n`,
    );
    expect(Number(left[0]?.n)).toBe(0);
  });
});
