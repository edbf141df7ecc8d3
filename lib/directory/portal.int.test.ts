import { describe, expect, it } from "vitest";
import { type DirectoryScope, type OrgScope, directoryInScope, resolveOrgScopeById, systemPrincipal } from "@/lib/auth/scope";
import { groupInput, makeDirectory, userInput, type TestDirectory } from "@/test/scim-helpers";
import { directoryGroups } from "./groups";
import {
  type UserSort,
  decodeCursor,
  encodeCursor,
  getDirectoryHealth,
  getGroupDetail,
  getRequest,
  getUserDetail,
  listGroupMembers,
  listOrganizationEvents,
  listRequests,
  listResourceEvents,
  resolvePortalDirectory,
  searchGroups,
  searchUsers,
} from "./portal";
import { writeRequestLog } from "./request-log";
import { directoryUsers } from "./users";

/** The test directory as an operator's portal sees it (the scope resolver has its own tests). */
async function orgScope(t: TestDirectory): Promise<OrgScope> {
  const scope = await resolveOrgScopeById(t.db, systemPrincipal("test"), t.organizationId);
  if (!scope) throw new Error("test organization missing");
  return scope;
}

async function portalDirectory(t: TestDirectory): Promise<DirectoryScope> {
  const dir = await directoryInScope(await orgScope(t), t.directoryId);
  if (!dir) throw new Error("test directory missing");
  return dir;
}

function person(i: number, extra: Record<string, unknown> = {}) {
  const given = ["Ada", "Grace", "Alan", "Linus", "Margaret"][i % 5]!;
  const family = ["Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton"][Math.floor(i / 5) % 5]!;
  const userName = `${given}.${family}.${String(i).padStart(3, "0")}@example.com`;
  return userInput({
    userName,
    name: { givenName: given, familyName: family },
    displayName: `${given} ${family}`,
    emails: [{ type: "work", value: `mail${i}@corp.example`, primary: true }],
    active: i % 4 !== 0,
    ...extra,
  });
}

async function seedUsers(t: TestDirectory, n: number): Promise<string[]> {
  const users = directoryUsers(t.db, t.ref);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await users.create(person(i))).id);
  return ids;
}

/** Every row of a search, following next cursors, then the same walk backwards. */
async function walk(dir: DirectoryScope, sort: UserSort, limit: number) {
  const forward: string[] = [];
  let after: string | undefined;
  let page = await searchUsers(dir, { sort, limit });
  forward.push(...page.rows.map((r) => r.userName));
  for (let guard = 0; guard < 100 && page.nextCursor; guard++) {
    after = page.nextCursor;
    page = await searchUsers(dir, { sort, limit, after });
    forward.push(...page.rows.map((r) => r.userName));
  }
  const backward: string[] = [];
  backward.unshift(...page.rows.map((r) => r.userName));
  for (let guard = 0; guard < 100 && page.prevCursor; guard++) {
    page = await searchUsers(dir, { sort, limit, before: page.prevCursor });
    backward.unshift(...page.rows.map((r) => r.userName));
  }
  return { forward, backward, firstPageHasPrev: Boolean(page.prevCursor) };
}

describe("portal read models", () => {
  it("searches users by userName, email and name prefixes, case-insensitively, with the status filter", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    await seedUsers(t, 25);

    const byUserName = await searchUsers(dir, { q: "GRACE.hop" });
    expect(byUserName.rows.map((r) => r.userName)).toEqual(["Grace.Hopper.006@example.com"]);

    const byEmail = await searchUsers(dir, { q: "mail1" });
    expect(byEmail.rows.map((r) => r.primaryEmail).sort()).toEqual(
      ["mail1@corp.example", ...Array.from({ length: 10 }, (_, i) => `mail${10 + i}@corp.example`)].sort(),
    );

    const byFamily = await searchUsers(dir, { q: "turing" });
    expect(byFamily.rows).toHaveLength(5);
    expect(byFamily.rows.every((r) => r.familyName === "Turing")).toBe(true);

    const byFullName = await searchUsers(dir, { q: "margaret ham" });
    expect(byFullName.rows.map((r) => r.userName)).toEqual(["Margaret.Hamilton.024@example.com"]);

    // A LIKE wildcard in the term is a literal, not a pattern.
    expect((await searchUsers(dir, { q: "%" })).rows).toHaveLength(0);
    expect((await searchUsers(dir, { q: "_da" })).rows).toHaveLength(0);

    const inactive = await searchUsers(dir, { status: "inactive" });
    expect(inactive.rows.length).toBe(7);
    expect(inactive.rows.every((r) => !r.active)).toBe(true);
    expect(inactive.count).toEqual({ value: 7, isCapped: false });
    const activeAdas = await searchUsers(dir, { q: "ada", status: "active" });
    expect(activeAdas.rows.every((r) => r.active && r.givenName === "Ada")).toBe(true);
    expect(activeAdas.rows).toHaveLength(3);

    expect((await searchUsers(dir, {})).count).toEqual({ value: 25, isCapped: false });
  });

  it("pages users with keyset cursors in every sort order, forwards and back, without gaps or repeats", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    await seedUsers(t, 53);
    // Touch a few users so that "last change" differs from creation order.
    const users = directoryUsers(t.db, t.ref);
    const some = await searchUsers(dir, { sort: "created", limit: 5 });
    for (const u of some.rows.slice(0, 3)) await users.patch(u.id, (cur) => ({ input: userInput({ ...cur.data, title: "Changed" }), changed: true }));

    const names = (await searchUsers(dir, { limit: 100 })).rows.map((r) => r.userName);
    expect(names).toHaveLength(53);
    const lower = (s: string) => s.toLowerCase();
    expect(names).toEqual([...names].sort((a, b) => (lower(a) < lower(b) ? -1 : 1)));

    for (const sort of ["userName", "-userName", "created", "-created", "updated", "-updated"] as const) {
      const all = (await searchUsers(dir, { sort, limit: 100 })).rows.map((r) => r.userName);
      const { forward, backward, firstPageHasPrev } = await walk(dir, sort, 10);
      expect(forward, sort).toEqual(all);
      expect(backward, sort).toEqual(all);
      expect(firstPageHasPrev, sort).toBe(false);
    }
    const newest = (await searchUsers(dir, { sort: "-updated", limit: 3 })).rows;
    expect(newest.every((u) => some.rows.slice(0, 3).some((s) => s.id === u.id))).toBe(true);
  });

  it("caps filtered counts and ignores tampered cursors", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    await seedUsers(t, 12);
    expect(decodeCursor("not-a-cursor")).toBeUndefined();
    expect(decodeCursor(encodeCursor({ v: "x", id: "y" }))).toEqual({ v: "x", id: "y" });
    const bogus = await searchUsers(dir, { sort: "created", after: encodeCursor({ v: "'; drop table users", id: "nope" }) });
    expect(bogus.rows).toHaveLength(12);
    const bogusName = await searchUsers(dir, { after: encodeCursor({ v: "zzzz", id: "00000000-0000-0000-0000-000000000000" }) });
    expect(bogusName.rows).toHaveLength(0);
  });

  it("lists groups with member counts, searches them, and pages a group's members", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    const ids = await seedUsers(t, 30);
    const groups = directoryGroups(t.db, t.ref);
    const eng = await groups.create(groupInput({ displayName: "Engineering" }), ids.slice(0, 23));
    await groups.create(groupInput({ displayName: "Sales Engineering" }), ids.slice(20, 22));
    await groups.create(groupInput({ displayName: "Finance" }));

    const all = await searchGroups(dir, {});
    expect(all.rows.map((g) => [g.displayName, g.memberCount])).toEqual([
      ["Engineering", 23],
      ["Finance", 0],
      ["Sales Engineering", 2],
    ]);
    expect((await searchGroups(dir, { q: "ENGIN" })).rows.map((g) => g.displayName)).toEqual([
      "Engineering",
      "Sales Engineering",
    ]);
    const firstTwo = await searchGroups(dir, { limit: 2 });
    const rest = await searchGroups(dir, { limit: 2, after: firstTwo.nextCursor });
    expect(rest.rows.map((g) => g.displayName)).toEqual(["Sales Engineering"]);
    expect((await searchGroups(dir, { limit: 2, before: rest.prevCursor })).rows.map((g) => g.displayName)).toEqual([
      "Engineering",
      "Finance",
    ]);

    const seen = new Set<string>();
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await listGroupMembers(dir, eng.id, { limit: 10, after });
      for (const m of page.rows) seen.add(m.id);
      if (!page.nextCursor) break;
      after = page.nextCursor;
    }
    expect([...seen].sort()).toEqual(ids.slice(0, 23).sort());
    expect((await getGroupDetail(dir, eng.id))?.memberCount).toBe(23);

    const user = await getUserDetail(dir, ids[21]!);
    expect(user?.groups.map((g) => g.displayName)).toEqual(["Engineering", "Sales Engineering"]);
    const rows = await searchUsers(dir, { q: user!.userName });
    expect(rows.rows[0]?.groupCount).toBe(2);
  });

  it("never shows one organization's directory, users, groups, requests or events to another", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory("okta");
    const dirA = await portalDirectory(a);
    const dirB = await portalDirectory(b);
    const [userA] = await seedUsers(a, 1);
    const userB = await directoryUsers(b.db, b.ref).create(userInput({ userName: "secret@b.example", name: { givenName: "Ada" } }));
    const groupB = await directoryGroups(b.db, b.ref).create(groupInput({ displayName: "B only" }), [userB.id]);
    await writeRequestLog(b.db, {
      directoryId: b.directoryId,
      requestId: "r-b",
      method: "GET",
      path: "/Users",
      query: null,
      status: 200,
      durationMs: 3,
      userAgent: "Okta",
      requestBody: null,
      responseBody: "{}",
      errorDetail: null,
    });
    const [requestB] = (await listRequests(dirB, {})).rows;

    // Asking organization A's portal for B's directory falls back to A's own.
    const resolved = await resolvePortalDirectory(await orgScope(a), b.directoryId);
    expect(resolved.directory?.directory.id).toBe(a.directoryId);
    expect(resolved.all.map((d) => d.id)).toEqual([a.directoryId]);

    expect((await searchUsers(dirA, { q: "ada" })).rows.map((r) => r.id)).toEqual([userA]);
    expect((await searchUsers(dirA, { q: "secret" })).rows).toHaveLength(0);
    expect(await getUserDetail(dirA, userB.id)).toBeUndefined();
    expect(await getGroupDetail(dirA, groupB.id)).toBeUndefined();
    expect((await listGroupMembers(dirA, groupB.id, {})).rows).toHaveLength(0);
    expect((await searchGroups(dirA, {})).rows).toHaveLength(0);
    expect(await getRequest(dirA, requestB!.id)).toBeUndefined();
    expect((await listRequests(dirA, {})).rows).toHaveLength(0);
    expect((await listResourceEvents(dirA, { type: "group", id: groupB.id }, {})).rows).toHaveLength(0);
    const eventsA = await listOrganizationEvents(await orgScope(a), { limit: 100 });
    expect(eventsA.rows.length).toBeGreaterThan(0);
    expect(eventsA.rows.every((e) => e.directoryId === a.directoryId)).toBe(true);
    const health = await getDirectoryHealth(dirA);
    expect(health).toMatchObject({ userCount: 1, groupCount: 0, requests24h: 0, lastRequest: undefined });
  });

  it("reports connection health and pages the request log with an errors-only filter", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    const empty = await getDirectoryHealth(dir);
    expect(empty.lastRequest).toBeUndefined();
    for (let i = 0; i < 7; i++) {
      await writeRequestLog(t.db, {
        directoryId: t.directoryId,
        requestId: `r${i}`,
        method: i % 3 === 0 ? "POST" : "GET",
        path: `/api/scim/${t.directoryId}/v2/Users`,
        query: null,
        status: i % 3 === 0 ? 409 : 200,
        durationMs: i,
        userAgent: "PingOne",
        requestBody: i % 3 === 0 ? '{"userName":"x"}' : null,
        responseBody: "{}",
        errorDetail: i % 3 === 0 ? "A user with this userName already exists" : null,
      });
    }
    const health = await getDirectoryHealth(dir);
    expect(health).toMatchObject({ requests24h: 7, errors24h: 3 });
    expect(health.lastRequest?.status).toBe(409);

    const errors = await listRequests(dir, { errorsOnly: true });
    expect(errors.rows.map((r) => r.status)).toEqual([409, 409, 409]);
    const first = await listRequests(dir, { limit: 3 });
    const second = await listRequests(dir, { limit: 3, after: first.nextCursor });
    const third = await listRequests(dir, { limit: 3, after: second.nextCursor });
    const ids = [...first.rows, ...second.rows, ...third.rows].map((r) => r.id);
    expect(ids).toHaveLength(7);
    expect(ids).toEqual([...ids].sort((x, y) => y - x));
    expect(third.nextCursor).toBeUndefined();
    const back = await listRequests(dir, { limit: 3, before: second.prevCursor });
    expect(back.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
    const detail = await getRequest(dir, errors.rows[0]!.id);
    expect(detail).toMatchObject({ requestBody: '{"userName":"x"}', errorDetail: "A user with this userName already exists" });
  });

  it("filters the events timeline by type and gives a user's history including memberships", async () => {
    const t = await makeDirectory();
    const dir = await portalDirectory(t);
    const [u1, u2] = await seedUsers(t, 2);
    const groups = directoryGroups(t.db, t.ref);
    const g = await groups.create(groupInput({ displayName: "Ops" }), [u1!]);
    await groups.patch(g.id, (cur) => ({
      input: groupInput({ displayName: cur.displayName }),
      membership: [{ kind: "add", ids: [u2!] }, { kind: "remove", ids: [u1!] }],
      changed: true,
    }));

    const membership = await listOrganizationEvents(dir, {
      types: ["group.member_added", "group.member_removed"],
    });
    expect(membership.rows.map((e) => e.type)).toEqual(["group.member_removed", "group.member_added", "group.member_added"]);
    const users = await listOrganizationEvents(dir, { types: ["user.created"] });
    expect(users.rows).toHaveLength(2);

    const history = await listResourceEvents(dir, { type: "user", id: u1! }, {});
    expect(history.rows.map((e) => e.type)).toEqual(["group.member_removed", "group.member_added", "user.created"]);
    const page1 = await listOrganizationEvents(dir, { limit: 2 });
    const page2 = await listOrganizationEvents(dir, { limit: 2, after: page1.nextCursor });
    expect(page2.rows[0]!.id).toBeLessThan(page1.rows[1]!.id);
  });
});
