/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   response bodies are parsed JSON (`any`); the assertions, and the OpenAPI check in test/api-client.ts, check their shape. */
// The REST API end to end through its route handlers. Every call goes through
// test/api-client.ts, which also checks each answer against the OpenAPI document (status
// listed for the operation, body valid against its schema).
import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { auditLog } from "@/db/schema";
import { allOperations } from "@/lib/api/openapi";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import { type Api, apiClient, orgWithDirectory, pushGroup, pushUser } from "@/test/api-client";
import { scimClient } from "@/test/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function apiKey() {
  const db = await getDb();
  const key = await createApiKey(db, `test ${crypto.randomUUID()}`);
  return { db, key, api: apiClient(key.key) };
}




/** A concrete URL for an operation's path, every id a fresh UUID. */
function samplePath(path: string): string {
  return path.replace(/\{\w+\}/g, () => crypto.randomUUID());
}

describe("authentication", () => {
  it("answers 401 on every operation without a key, with a wrong one and with a revoked one", async () => {
    const { db, api } = await apiKey();
    const revoked = await createApiKey(db, "to revoke");
    expect((await api("GET", "/api/v1/organizations", { key: revoked.key })).status).toBe(200);
    await revokeApiKey(db, revoked.id);
    const operations = allOperations().filter((op) => op.isAuthenticated !== false);
    expect(operations.length).toBeGreaterThan(20);
    for (const op of operations) {
      const url = samplePath(op.path);
      const body = op.body ? {} : undefined;
      for (const key of [null, "rst_key_not-a-real-key-00000000000000000000", revoked.key, "Basic abc"]) {
        const r = await api(op.method, url, { key: key === "Basic abc" ? null : key, body, headers: key === "Basic abc" ? { authorization: key } : {} });
        expect(r.status, `${op.method} ${op.path} with ${key}`).toBe(401);
        expect(r.body.error.code).toBe("unauthorized");
        expect(r.headers.get("www-authenticate")).toContain("Bearer");
      }
    }
  });

  it("serves the OpenAPI document without a key", async () => {
    const { api } = await apiKey();
    const doc = await api("GET", "/api/v1/openapi.json", { key: null });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toContain("/api/v1/directories/{directoryId}/users");
  });
});

describe("organizations", () => {
  it("creates, pages, gets, renames and deletes, with an audit trail naming the key", async () => {
    const { db, key, api } = await apiKey();
    const tag = crypto.randomUUID().slice(0, 8);
    const created = [];
    for (const n of [1, 2, 3]) {
      const r = await api("POST", "/api/v1/organizations", { body: { name: `Paging ${tag} ${n}` } });
      expect(r.status).toBe(201);
      expect(r.body).toMatchObject({ name: `Paging ${tag} ${n}`, slug: `paging-${tag}-${n}`, directories: 0, users: 0 });
      created.push(r.body.id as string);
    }
    // Walk every page: each organization exactly once (the database is shared with every
    // other test, so pages are large enough to finish quickly).
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page: Awaited<ReturnType<Api>> = await api("GET", `/api/v1/organizations?limit=100${after ? `&after=${after}` : ""}`);
      expect(page.status).toBe(200);
      expect(page.body.data.length).toBeLessThanOrEqual(100);
      seen.push(...page.body.data.map((o: { id: string }) => o.id));
      after = page.body.nextCursor;
    } while (after);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining(created));

    const id = created[0]!;
    expect((await api("GET", `/api/v1/organizations/${id}`)).body.name).toBe(`Paging ${tag} 1`);
    const renamed = await api("PATCH", `/api/v1/organizations/${id}`, { body: { name: "Renamed Corp" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id, name: "Renamed Corp", slug: `paging-${tag}-1` });
    expect((await api("DELETE", `/api/v1/organizations/${id}`)).status).toBe(204);
    expect((await api("GET", `/api/v1/organizations/${id}`)).status).toBe(404);
    expect((await api("DELETE", `/api/v1/organizations/${id}`)).status).toBe(404);

    const trail = await db
      .select({ action: auditLog.action, actorType: auditLog.actorType, actorId: auditLog.actorId })
      .from(auditLog)
      .where(and(eq(auditLog.targetId, id)));
    expect(trail.map((t) => t.action)).toEqual(expect.arrayContaining(["organization.deleted"]));
    expect(trail.every((t) => t.actorType === "api_key" && t.actorId === key.id)).toBe(true);
  });

  it("answers bad input with 400 and the invalid fields, and creates nothing", async () => {
    const { api } = await apiKey();
    const empty = await api("POST", "/api/v1/organizations", { body: { name: "  " } });
    expect(empty.status).toBe(400);
    expect(empty.body.error.code).toBe("invalid_request");
    expect(empty.body.error.details).toEqual([expect.objectContaining({ path: "name" })]);
    const notJson = await api("POST", "/api/v1/organizations", { rawBody: "{nope" });
    expect(notJson.status).toBe(400);
    expect(notJson.body.error.code).toBe("invalid_json");
    expect((await api("GET", "/api/v1/organizations?limit=0")).status).toBe(400);
    expect((await api("GET", "/api/v1/organizations?limit=501")).status).toBe(400);
    const cursor = await api("GET", "/api/v1/organizations?after=not-a-cursor");
    expect(cursor.status).toBe(400);
    expect(cursor.body.error.code).toBe("invalid_cursor");
  });

  it("answers 404 for unknown and malformed ids", async () => {
    const { api } = await apiKey();
    for (const id of [crypto.randomUUID(), "not-a-uuid", "x".repeat(300)]) {
      expect((await api("GET", `/api/v1/organizations/${id}`)).status).toBe(404);
      expect((await api("PATCH", `/api/v1/organizations/${id}`, { body: { name: "X" } })).status).toBe(404);
      expect((await api("DELETE", `/api/v1/organizations/${id}`)).status).toBe(404);
      expect((await api("GET", `/api/v1/organizations/${id}/directories`)).status).toBe(404);
      expect((await api("POST", `/api/v1/organizations/${id}/directories`, { body: { provider: "okta" } })).status).toBe(404);
      expect((await api("GET", `/api/v1/organizations/${id}/users`)).status).toBe(404);
      expect((await api("GET", `/api/v1/organizations/${id}/groups`)).status).toBe(404);
    }
  });
});

describe("directories and tokens", () => {
  it("shows status, provider, endpoint URL, counts and last request time", async () => {
    const { api } = await apiKey();
    const { org, directory, scim } = await orgWithDirectory(api, "pingone");
    expect(directory.scim.endpointUrl).toBe(`http://roster.test/api/scim/${directory.id}/v2`);
    expect(directory.scim.token).toMatch(/^rst_scim_/);
    const before = await api("GET", `/api/v1/directories/${directory.id}`);
    expect(before.body).toMatchObject({ provider: "pingone", status: "active", userCount: 0, groupCount: 0, lastRequestAt: null });
    expect(JSON.stringify(before.body)).not.toContain(directory.scim.token);

    const u = await pushUser(scim, "ada@example.com");
    await pushGroup(scim, "Engineering", [u]);
    const { settleBackground } = await import("@/lib/background");
    await settleBackground();
    const after = await api("GET", `/api/v1/directories/${directory.id}`);
    expect(after.body).toMatchObject({ userCount: 1, groupCount: 1, endpointUrl: directory.scim.endpointUrl });
    expect(Date.parse(after.body.lastRequestAt)).toBeGreaterThan(Date.now() - 60_000);

    const list = await api("GET", `/api/v1/organizations/${org.id}/directories`);
    expect(list.body).toEqual({ data: [expect.objectContaining({ id: directory.id, userCount: 1 })], nextCursor: null });
  });

  it("disables and enables (SCIM refused meanwhile), renames and deletes, audited with the key", async () => {
    const { db, key, api } = await apiKey();
    const { directory, scim } = await orgWithDirectory(api);
    const disabled = await api("PATCH", `/api/v1/directories/${directory.id}`, { body: { status: "disabled" } });
    expect(disabled.body.status).toBe("disabled");
    expect((await scim("GET", "/Users")).status).toBe(403);
    const enabled = await api("PATCH", `/api/v1/directories/${directory.id}`, { body: { status: "active", name: "Okta (prod)" } });
    expect(enabled.body).toMatchObject({ status: "active", name: "Okta (prod)" });
    expect((await scim("GET", "/Users")).status).toBe(200);

    expect((await api("PATCH", `/api/v1/directories/${directory.id}`, { body: {} })).status).toBe(400);
    expect((await api("PATCH", `/api/v1/directories/${directory.id}`, { body: { status: "paused" } })).status).toBe(400);
    expect((await api("POST", `/api/v1/organizations/${directory.organizationId}/directories`, { body: { provider: "ldap" } })).status).toBe(400);

    expect((await api("DELETE", `/api/v1/directories/${directory.id}`)).status).toBe(204);
    expect((await api("GET", `/api/v1/directories/${directory.id}`)).status).toBe(404);
    expect((await api("DELETE", `/api/v1/directories/${directory.id}`)).status).toBe(404);
    expect((await scim("GET", "/Users")).status).toBe(401);

    const trail = await db.select().from(auditLog).where(eq(auditLog.targetId, directory.id)).orderBy(auditLog.id);
    expect(trail.map((t) => t.action)).toEqual([
      "directory.created",
      "directory.disabled",
      "directory.renamed",
      "directory.enabled",
      "directory.deleted",
    ]);
    expect(trail.every((t) => t.actorType === "api_key" && t.actorId === key.id)).toBe(true);
  });

  it("rotates a token (both valid), lists prefixes only, and revokes", async () => {
    const { api } = await apiKey();
    const { directory, scim } = await orgWithDirectory(api);
    const rotated = await api("POST", `/api/v1/directories/${directory.id}/tokens`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.token).toMatch(/^rst_scim_/);
    expect(rotated.body.token.startsWith(rotated.body.prefix)).toBe(true);
    const next = scimClient(directory.id, rotated.body.token);
    expect((await next("GET", "/Users")).status).toBe(200);
    expect((await scim("GET", "/Users")).status).toBe(200);

    const tokens = await api("GET", `/api/v1/directories/${directory.id}/tokens?limit=1`);
    expect(tokens.body.data).toEqual([expect.objectContaining({ id: rotated.body.id, revokedAt: null })]);
    expect(JSON.stringify(tokens.body)).not.toContain(rotated.body.token);
    const second = await api("GET", `/api/v1/directories/${directory.id}/tokens?after=${tokens.body.nextCursor}`);
    expect(second.body).toEqual({ data: [expect.objectContaining({ id: directory.scim.tokenId })], nextCursor: null });

    expect((await api("DELETE", `/api/v1/directories/${directory.id}/tokens/${directory.scim.tokenId}`)).status).toBe(204);
    expect((await scim("GET", "/Users")).status).toBe(401);
    expect((await next("GET", "/Users")).status).toBe(200);
    // Revoking again, an unknown id or a malformed one: 404.
    expect((await api("DELETE", `/api/v1/directories/${directory.id}/tokens/${directory.scim.tokenId}`)).status).toBe(404);
    expect((await api("DELETE", `/api/v1/directories/${directory.id}/tokens/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api("DELETE", `/api/v1/directories/${directory.id}/tokens/nope`)).status).toBe(404);
  });

  it("answers 404 for unknown and malformed directory ids on every directory route", async () => {
    const { api } = await apiKey();
    const ops = allOperations().filter((op) => op.path.startsWith("/api/v1/directories/"));
    for (const id of [crypto.randomUUID(), "not-a-uuid"]) {
      for (const op of ops) {
        const url = op.path.replace("{directoryId}", id).replace(/\{\w+\}/g, () => crypto.randomUUID());
        // A body the operation accepts, so that only the directory id can be wrong.
        const body = op.body ? [{ name: "x" }, { mappings: [] }].find((b) => op.body?.safeParse(b).success) : undefined;
        const r = await api(op.method, url, { body });
        expect(r.status, `${op.method} ${url}`).toBe(404);
        expect(r.body.error.code).toBe("not_found");
      }
    }
  });
});

describe("users, groups and members", () => {
  it("lists and gets normalised users with their groups and raw SCIM resource", async () => {
    const { api } = await apiKey();
    const { org, directory, scim } = await orgWithDirectory(api);
    const ada = await pushUser(scim, "ada@example.com", {
      name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
      displayName: "Ada Lovelace",
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      title: "Analyst",
      schemas: [USER, ENTERPRISE],
      [ENTERPRISE]: { department: "Engines", manager: { value: "m-1", displayName: "Charles" } },
    });
    const group = await pushGroup(scim, "Engineering", [ada]);

    const got = await api("GET", `/api/v1/directories/${directory.id}/users/${ada}`);
    expect(got.status).toBe(200);
    expect(got.body).toMatchObject({
      id: ada,
      directoryId: directory.id,
      organizationId: org.id,
      userName: "ada@example.com",
      active: true,
      name: { givenName: "Ada", familyName: "Lovelace", formatted: "Ada Lovelace" },
      email: "ada@example.com",
      title: "Analyst",
      department: "Engines",
      manager: expect.objectContaining({ id: "m-1" }),
      groups: [{ id: group, displayName: "Engineering" }],
    });
    expect(got.body.raw).toMatchObject({ id: ada, userName: "ada@example.com" });

    const byDirectory = await api("GET", `/api/v1/directories/${directory.id}/users`);
    const byOrg = await api("GET", `/api/v1/organizations/${org.id}/users`);
    expect(byDirectory.body).toEqual({ data: [got.body], nextCursor: null });
    expect(byOrg.body).toEqual(byDirectory.body);

    const g = await api("GET", `/api/v1/directories/${directory.id}/groups/${group}`);
    expect(g.body).toMatchObject({ id: group, displayName: "Engineering", memberCount: 1, organizationId: org.id });
    expect((await api("GET", `/api/v1/directories/${directory.id}/groups`)).body).toEqual({ data: [g.body], nextCursor: null });
    expect((await api("GET", `/api/v1/organizations/${org.id}/groups`)).body).toEqual({ data: [g.body], nextCursor: null });
    expect((await api("GET", `/api/v1/directories/${directory.id}/users/${ada}/groups`)).body).toEqual({ data: [g.body], nextCursor: null });
    expect((await api("GET", `/api/v1/directories/${directory.id}/groups/${group}/members`)).body).toEqual({
      data: [got.body],
      nextCursor: null,
    });
  });

  it("filters users by group, active, updatedAfter and a search term, and pages without gaps or repeats", async () => {
    const { api } = await apiKey();
    const { org, directory, scim } = await orgWithDirectory(api);
    const ids: string[] = [];
    for (const name of ["ada", "alan", "grace", "edsger", "barbara"]) {
      ids.push(await pushUser(scim, `${name}@example.com`, { name: { givenName: name, familyName: "Test" } }));
    }
    const group = await pushGroup(scim, "Pioneers", [ids[0]!, ids[2]!]);
    const deactivated = await scim("PATCH", `/Users/${ids[4]}`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] },
    });
    expect(deactivated.status).toBe(200);

    const base = `/api/v1/directories/${directory.id}/users`;
    const names = async (query: string) =>
      ((await api("GET", `${base}?${query}`)).body.data as { userName: string }[]).map((u) => u.userName).sort();
    expect(await names(`groupId=${group}`)).toEqual(["ada@example.com", "grace@example.com"]);
    expect(await names("active=false")).toEqual(["barbara@example.com"]);
    expect((await names("active=true")).length).toBe(4);
    expect(await names("q=al")).toEqual(["alan@example.com"]);
    expect(await names("q=GRACE%20test")).toEqual(["grace@example.com"]);
    const updatedAfter = new Date(Date.parse(deactivated.body.meta.lastModified) - 1).toISOString();
    expect(await names(`updatedAfter=${encodeURIComponent(updatedAfter)}`)).toEqual(["barbara@example.com"]);
    expect(await names(`groupId=${group}&active=false`)).toEqual([]);
    expect((await api("GET", `${base}?active=maybe`)).status).toBe(400);
    expect((await api("GET", `${base}?updatedAfter=yesterday`)).status).toBe(400);
    expect((await api("GET", `${base}?groupId=${crypto.randomUUID()}`)).status).toBe(404);
    expect((await api("GET", `/api/v1/organizations/${org.id}/users?groupId=nope`)).status).toBe(404);

    // Pages of two, by directory and by organization: every user once, in the same order.
    for (const url of [base, `/api/v1/organizations/${org.id}/users`]) {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const page: Awaited<ReturnType<Api>> = await api("GET", `${url}?limit=2${after ? `&after=${after}` : ""}`);
        seen.push(...page.body.data.map((u: { id: string }) => u.id));
        after = page.body.nextCursor;
        pages++;
      } while (after);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
    }
    // A cursor of another list (members) is refused, not read as a position.
    const members = await api("GET", `/api/v1/directories/${directory.id}/groups/${group}/members?limit=1`);
    expect(members.body.data).toHaveLength(1);
    const wrong = await api("GET", `${base}?after=${members.body.nextCursor}`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.code).toBe("invalid_cursor");
    const rest = await api("GET", `/api/v1/directories/${directory.id}/groups/${group}/members?after=${members.body.nextCursor}`);
    expect(rest.body.nextCursor).toBeNull();
    expect([...members.body.data, ...rest.body.data].map((u: { id: string }) => u.id).sort()).toEqual([ids[0], ids[2]].sort());
  });

  it("lists an organization's users across its directories", async () => {
    const { api } = await apiKey();
    const { org, scim } = await orgWithDirectory(api);
    const second = await api("POST", `/api/v1/organizations/${org.id}/directories`, { body: { provider: "entra" } });
    const scim2 = scimClient(second.body.id, second.body.scim.token);
    const a = await pushUser(scim, "one@example.com");
    const b = await pushUser(scim2, "two@example.com");
    const all = await api("GET", `/api/v1/organizations/${org.id}/users?limit=1`);
    const next = await api("GET", `/api/v1/organizations/${org.id}/users?limit=1&after=${all.body.nextCursor}`);
    expect([...all.body.data, ...next.body.data].map((u: { id: string }) => u.id).sort()).toEqual([a, b].sort());
    expect(next.body.nextCursor).toBeNull();
    const orgGroups = await api("GET", `/api/v1/organizations/${org.id}/groups`);
    expect(orgGroups.body).toEqual({ data: [], nextCursor: null });
  });

  it("never shows one organization's users or groups through another's URLs (404)", async () => {
    const { api } = await apiKey();
    const a = await orgWithDirectory(api);
    const b = await orgWithDirectory(api);
    const userA = await pushUser(a.scim, "a@example.com");
    const groupA = await pushGroup(a.scim, "A team", [userA]);
    await pushUser(b.scim, "b@example.com");
    const crossings = [
      `/api/v1/directories/${b.directory.id}/users/${userA}`,
      `/api/v1/directories/${b.directory.id}/users/${userA}/groups`,
      `/api/v1/directories/${b.directory.id}/groups/${groupA}`,
      `/api/v1/directories/${b.directory.id}/groups/${groupA}/members`,
      `/api/v1/directories/${b.directory.id}/users?groupId=${groupA}`,
      `/api/v1/organizations/${b.org.id}/users?groupId=${groupA}`,
    ];
    for (const url of crossings) {
      const r = await api("GET", url);
      expect(r.status, url).toBe(404);
      expect(r.body.error.code).toBe("not_found");
    }
    expect((await api("DELETE", `/api/v1/directories/${b.directory.id}/tokens/${a.directory.scim.tokenId}`)).status).toBe(404);
    expect((await a.scim("GET", "/Users")).status).toBe(200);
    // And B's lists hold only B's own.
    const bUsers = await api("GET", `/api/v1/organizations/${b.org.id}/users`);
    expect(bUsers.body.data.map((u: { userName: string }) => u.userName)).toEqual(["b@example.com"]);
    // Malformed ids are 404 too.
    for (const url of [`/api/v1/directories/${a.directory.id}/users/nope`, `/api/v1/directories/${a.directory.id}/groups/nope/members`]) {
      expect((await api("GET", url)).status).toBe(404);
    }
  });
});

describe("events feed", () => {
  it("returns the directory's events as documented, with a cursor to poll with", async () => {
    const { api } = await apiKey();
    const { directory, scim } = await orgWithDirectory(api);
    const u = await pushUser(scim, "feed@example.com");
    await pushGroup(scim, "Feeders", [u]);
    // The feed holds events back while an older transaction (another test's) still runs:
    // poll with the cursor, as a consumer does, until the three have arrived.
    const types: string[] = [];
    let cursor = "";
    for (let i = 0; i < 50 && types.length < 3; i++) {
      const read = await api("GET", `/api/v1/events?directoryId=${directory.id}${cursor ? `&after=${cursor}` : ""}`);
      expect(read.status).toBe(200);
      types.push(...read.body.data.map((e: { type: string }) => e.type));
      cursor = read.body.nextCursor;
      if (types.length < 3) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(types).toEqual(["user.created", "group.created", "group.member_added"]);
    const again = await api("GET", `/api/v1/events?directoryId=${directory.id}&after=${cursor}`);
    expect(again.body).toMatchObject({ data: [], hasMore: false });
    expect(typeof again.body.nextCursor).toBe("string");
    expect((await api("GET", "/api/v1/events?after=garbage")).body.error.code).toBe("invalid_cursor");
    expect((await api("GET", "/api/v1/events?types=user.exploded")).status).toBe(400);
  });
});
