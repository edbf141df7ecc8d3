/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// The SCIM endpoints end to end through their route handlers: status codes, headers and
// bodies as a provider sees them, and what was stored as a result.
import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { directoryGroups as groupsTable, directoryUsers as usersTable, events, groupMembers, scimRequests } from "@/db/schema";
import { createScimToken, revokeScimToken } from "@/lib/auth/scim-token";
import { settleBackground } from "@/lib/background";
import { setDirectoryStatus } from "@/lib/directory/directories";
import { makeDirectory } from "@/test/scim-helpers";
import { scimClient } from "@/test/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

async function setup() {
  const t = await makeDirectory();
  return { ...t, scim: scimClient(t.directoryId, t.token) };
}

describe("authentication", () => {
  it("answers every credential problem with the same 401, directory or not", async () => {
    const t = await setup();
    const other = await setup();
    const attempts = [
      await t.scim("GET", "/Users", { token: null }),
      await t.scim("GET", "/Users", { token: "rst_scim_wrong" }),
      await t.scim("GET", "/Users", { token: other.token }),
      await t.scim("GET", "/Users", { tenant: crypto.randomUUID() }),
      await t.scim("GET", "/Users", { tenant: "not-a-directory-id" }),
      await t.scim("GET", "/Users", { headers: { authorization: `Basic ${t.token}` }, token: null }),
    ];
    for (const r of attempts) {
      expect(r.status).toBe(401);
      expect(r.headers.get("www-authenticate")).toBe('Bearer realm="Roster SCIM"');
      expect(r.headers.get("content-type")).toBe("application/scim+json");
      expect(r.body).toEqual(attempts[0]?.body);
      expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
      expect(r.body.status).toBe("401");
    }
  });

  it("takes the scheme in any case, both tokens after a rotation, none after revocation, 403 when disabled", async () => {
    const t = await setup();
    const lower = await t.scim("GET", "/Users", { token: null, headers: { authorization: `bearer ${t.token}` } });
    expect(lower.status).toBe(200);
    const rotated = await createScimToken(t.db, t.directoryId);
    expect((await t.scim("GET", "/Users", { token: rotated.token })).status).toBe(200);
    expect((await t.scim("GET", "/Users")).status).toBe(200);
    await revokeScimToken(t.db, t.directoryId, t.tokenId);
    expect((await t.scim("GET", "/Users")).status).toBe(401);

    await setDirectoryStatus(t.db, t.organizationId, t.directoryId, "disabled");
    const disabled = await t.scim("GET", "/Users", { token: rotated.token });
    expect(disabled.status).toBe(403);
    expect(disabled.body.status).toBe("403");
    expect((await t.scim("GET", "/Users", { token: "rst_scim_nope" })).status).toBe(401);
  });
});

describe("Users", () => {
  it("creates (201, Location, ETag), never returns or stores the password, and refuses a duplicate userName", async () => {
    const t = await setup();
    const created = await t.scim("POST", "/Users", {
      headers: { "content-type": "application/scim+json; charset=utf-8" },
      body: {
        schemas: [USER],
        userName: "Jane.Doe@Example.com",
        name: { givenName: "Jane", familyName: "Doe" },
        emails: [{ value: "jane@example.com", type: "work", primary: true }],
        password: "Sup3r-secret!",
        externalId: "okta-1",
        groups: [],
      },
    });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`http://roster.test/api/scim/${t.directoryId}/v2/Users/${created.body.id}`);
    expect(created.headers.get("etag")).toBe('W/"1"');
    expect(created.body.meta).toMatchObject({ resourceType: "User", version: 'W/"1"' });
    expect(created.body.active).toBe(true);
    expect(created.text).not.toContain("Sup3r-secret!");
    const [row] = await t.db.select().from(usersTable).where(eq(usersTable.id, created.body.id));
    expect(JSON.stringify(row)).not.toContain("Sup3r-secret!");
    expect(row).toMatchObject({ userName: "Jane.Doe@Example.com", externalId: "okta-1", primaryEmail: "jane@example.com" });

    const dup = await t.scim("POST", "/Users", {
      headers: { "content-type": "application/json" },
      body: { schemas: [USER], userName: "jane.doe@example.COM" },
    });
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ status: "409", scimType: "uniqueness" });
  });

  it("finds users the way PingOne, Okta and Entra look them up", async () => {
    const t = await setup();
    const jane = await t.scim("POST", "/Users", {
      body: { userName: "jane@example.com", emails: [{ value: "Jane.Work@example.com", type: "work" }], externalId: "e-1" },
    });
    await t.scim("POST", "/Users", { body: { userName: "john@example.com" } });
    const q = (filter: string) => `/Users?filter=${encodeURIComponent(filter)}`;
    for (const filter of [
      'username Eq "JANE@example.com"',
      'emails eq "jane.work@example.com"',
      'emails[type eq "work"].value eq "Jane.Work@example.com"',
      'externalId eq "e-1"',
      'userName eq "jane@example.com" and active eq true',
    ]) {
      const r = await t.scim("GET", q(filter));
      expect(r.status, filter).toBe(200);
      expect(r.body.totalResults, filter).toBe(1);
      expect(r.body.Resources[0].id, filter).toBe(jane.body.id);
    }
    const none = await t.scim("GET", q(`userName eq "${crypto.randomUUID()}"`));
    expect(none.body).toMatchObject({ totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 });
    const bad = await t.scim("GET", q('userName eq "unterminated'));
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidFilter");
    const page = await t.scim("GET", "/Users?startIndex=1&count=1");
    expect(page.body).toMatchObject({ totalResults: 2, itemsPerPage: 1, startIndex: 1 });
  });

  it("replaces with PUT (never creating), patches Okta's and Entra's dialects, deletes, honours If-Match", async () => {
    const t = await setup();
    const created = await t.scim("POST", "/Users", {
      body: { userName: "ada@example.com", name: { givenName: "Ada", familyName: "Lovelace" }, title: "Countess" },
    });
    const id = created.body.id as string;

    const put = await t.scim("PUT", `/Users/${id}`, { body: { schemas: [USER], userName: "ada@example.com", name: { givenName: "Ada" } } });
    expect(put.status).toBe(200);
    expect(put.body.title).toBeUndefined();
    expect(put.body.name).toEqual({ givenName: "Ada" });
    expect(put.headers.get("etag")).toBe('W/"2"');

    expect((await t.scim("PUT", `/Users/${crypto.randomUUID()}`, { body: { userName: "ghost@example.com" } })).status).toBe(404);
    expect((await t.scim("GET", `/Users/${crypto.randomUUID()}`)).status).toBe(404);
    expect((await t.scim("GET", "/Users/not-a-uuid")).status).toBe(404);

    const okta = await t.scim("PATCH", `/Users/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] },
    });
    expect(okta.status).toBe(200);
    expect(okta.body.active).toBe(false);
    const inactive = await t.scim("GET", `/Users?filter=${encodeURIComponent("active eq false")}`);
    expect(inactive.body.Resources.map((r: { id: string }) => r.id)).toEqual([id]);

    const entra = await t.scim("PATCH", `/Users/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          { op: "Replace", path: "active", value: "True" },
          { op: "Replace", value: { "name.familyName": "Byron", [`${ENTERPRISE}:employeeNumber`]: "42" } },
          { op: "Add", path: `${ENTERPRISE}:manager`, value: "boss-id" },
        ],
      },
    });
    expect(entra.status).toBe(200);
    expect(entra.body.active).toBe(true);
    expect(entra.body.name.familyName).toBe("Byron");
    expect(entra.body[ENTERPRISE]).toMatchObject({ employeeNumber: "42", manager: { value: "boss-id" } });

    const stale = await t.scim("PUT", `/Users/${id}`, { headers: { "if-match": 'W/"1"' }, body: { userName: "ada@example.com" } });
    expect(stale.status).toBe(412);
    const current = await t.scim("GET", `/Users/${id}`);
    const cached = await t.scim("GET", `/Users/${id}`, { headers: { "if-none-match": current.headers.get("etag")! } });
    expect(cached.status).toBe(304);
    const fresh = await t.scim("PUT", `/Users/${id}`, {
      headers: { "if-match": current.headers.get("etag")! },
      body: { userName: "ada@example.com" },
    });
    expect(fresh.status).toBe(200);

    const del = await t.scim("DELETE", `/Users/${id}`);
    expect(del.status).toBe(204);
    expect(del.text).toBe("");
    expect((await t.scim("GET", `/Users/${id}`)).status).toBe(404);
    expect((await t.scim("DELETE", `/Users/${id}`)).status).toBe(404);
    const types = await t.db.select({ type: events.type }).from(events).where(eq(events.directoryId, t.directoryId)).orderBy(events.id);
    expect(types.map((e) => e.type)).toEqual([
      "user.created",
      "user.updated",
      "user.deactivated",
      "user.reactivated",
      "user.updated",
      "user.updated",
      "user.deleted",
    ]);
  });

  it("refuses a write whose attributes or excludedAttributes are malformed before writing anything", async () => {
    const t = await setup();
    const user = await t.scim("POST", "/Users", { body: { userName: "proj@example.com" } });
    const patch = await t.scim("PATCH", `/Users/${user.body.id}?excludedAttributes=${encodeURIComponent("emails[")}`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "active", value: false }] },
    });
    expect(patch.status).toBe(400);
    const put = await t.scim("PUT", `/Users/${user.body.id}?attributes=${encodeURIComponent("name[")}`, {
      body: { userName: "renamed@example.com" },
    });
    expect(put.status).toBe(400);
    const create = await t.scim("POST", `/Users?attributes=${encodeURIComponent("x[")}`, { body: { userName: "new@example.com" } });
    expect(create.status).toBe(400);
    const after = await t.scim("GET", `/Users/${user.body.id}`);
    expect(after.body).toMatchObject({ userName: "proj@example.com", active: true, meta: { version: user.body.meta.version } });
    expect((await t.scim("GET", "/Users")).body.totalResults).toBe(1);
  });

  it("refuses bodies that are not JSON, too large, or of another content type", async () => {
    const t = await setup();
    const text = await t.scim("POST", "/Users", { headers: { "content-type": "text/plain" }, rawBody: "userName=x" });
    expect(text.status).toBe(400);
    expect(text.body.scimType).toBe("invalidSyntax");
    const broken = await t.scim("POST", "/Users", { rawBody: '{"userName": ' });
    expect(broken.status).toBe(400);
    expect(broken.body.scimType).toBe("invalidSyntax");
    const huge = await t.scim("POST", "/Users", { body: { userName: "big@example.com", title: "x".repeat(1024 * 1024) } });
    expect(huge.status).toBe(413);
    expect((await t.db.select().from(usersTable).where(eq(usersTable.directoryId, t.directoryId))).length).toBe(0);
  });
});

describe("Groups", () => {
  async function withUsers(n: number) {
    const t = await setup();
    const ids: string[] = [];
    for (let i = 0; i < n; i++) ids.push((await t.scim("POST", "/Users", { body: { userName: `member${i}@example.com` } })).body.id);
    return { ...t, ids };
  }

  it("stores members on POST, refuses unknown members naming them and writing nothing, 409 on a duplicate name", async () => {
    const t = await withUsers(2);
    const unknown = crypto.randomUUID();
    const bad = await t.scim("POST", "/Groups", {
      body: { schemas: [GROUP], displayName: "Sales", members: [{ value: t.ids[0] }, { value: unknown }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.scimType).toBe("invalidValue");
    expect(bad.body.detail).toContain(unknown);
    expect(await t.db.select().from(groupsTable).where(eq(groupsTable.directoryId, t.directoryId))).toHaveLength(0);

    const name = `Ünïcode "quoted" group`;
    const created = await t.scim("POST", "/Groups", {
      body: { schemas: [GROUP], displayName: name, members: t.ids.map((value) => ({ value })) },
    });
    expect(created.status).toBe(201);
    expect(created.body.members.map((m: { value: string }) => m.value).sort()).toEqual([...t.ids].sort());
    const found = await t.scim("GET", `/Groups?filter=${encodeURIComponent(`displayName eq "Ünïcode \\"quoted\\" group"`)}`);
    expect(found.body.totalResults).toBe(1);
    const dup = await t.scim("POST", "/Groups", { body: { displayName: name.toUpperCase() } });
    expect(dup.status).toBe(409);
    expect(dup.body.scimType).toBe("uniqueness");

    const user = await t.scim("GET", `/Users/${t.ids[0]}`);
    expect(user.body.groups).toEqual([
      expect.objectContaining({ value: created.body.id, display: name, type: "direct" }),
    ]);
  });

  it("reads a whole group (members built by Postgres) exactly as the object-built answers describe it", async () => {
    const t = await withUsers(3);
    await t.scim("PATCH", `/Users/${t.ids[1]}`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Ada \"Countess\" Lovelace" }] },
    });
    const created = await t.scim("POST", "/Groups", {
      body: { schemas: [GROUP], displayName: "Whole", members: [{ value: t.ids[2] }, { value: t.ids[0] }, { value: t.ids[1] }] },
    });
    const whole = await t.scim("GET", `/Groups/${created.body.id}`);
    expect(whole.status).toBe(200);
    expect(whole.headers.get("etag")).toBe(created.headers.get("etag"));
    // The same group as PUT answers it (members serialised from objects), member for member.
    const base = `http://roster.test/api/scim/${t.directoryId}/v2`;
    expect(whole.body).toEqual(created.body);
    // Members added together are listed by id (they were added at the same moment).
    const order = [...t.ids].sort();
    expect(whole.body.members).toEqual(order.map((id) => ({
      value: id,
      $ref: `${base}/Users/${id}`,
      display: id === t.ids[1] ? 'Ada "Countess" Lovelace' : `member${t.ids.indexOf(id)}@example.com`,
      type: "User",
    })));
    // Conditional and projected reads of the same group.
    const etag = whole.headers.get("etag") ?? "";
    expect((await t.scim("GET", `/Groups/${created.body.id}`, { headers: { "if-none-match": etag } })).status).toBe(304);
    const lean = await t.scim("GET", `/Groups/${created.body.id}?excludedAttributes=members`);
    expect(lean.body.members).toBeUndefined();
    expect(lean.body.displayName).toBe("Whole");
    const onlyValues = await t.scim("GET", `/Groups/${created.body.id}?attributes=members.value`);
    expect(onlyValues.body.members).toEqual(order.map((value) => ({ value })));
    // A group without members has no members attribute; an unknown id is a 404.
    const empty = await t.scim("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Empty" } });
    expect((await t.scim("GET", `/Groups/${empty.body.id}`)).body.members).toBeUndefined();
    expect((await t.scim("GET", `/Groups/${crypto.randomUUID()}`)).status).toBe(404);
  });

  it("PUT replaces members when given, and keeps them when the body has no members attribute", async () => {
    const t = await withUsers(3);
    const created = await t.scim("POST", "/Groups", {
      body: { schemas: [GROUP], displayName: "Engineering", members: t.ids.slice(0, 2).map((value) => ({ value })) },
    });
    const id = created.body.id as string;
    const memberIds = async () =>
      (await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, id))).map((m) => m.userId).sort();

    const renamed = await t.scim("PUT", `/Groups/${id}`, { body: { schemas: [GROUP], displayName: "Platform" } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.displayName).toBe("Platform");
    expect(await memberIds()).toEqual(t.ids.slice(0, 2).sort());

    const replaced = await t.scim("PUT", `/Groups/${id}`, {
      body: { schemas: [GROUP], displayName: "Platform", members: [{ value: t.ids[2] }] },
    });
    expect(replaced.status).toBe(200);
    expect(await memberIds()).toEqual([t.ids[2]]);

    const emptied = await t.scim("PUT", `/Groups/${id}`, { body: { schemas: [GROUP], displayName: "Platform", members: [] } });
    expect(emptied.status).toBe(200);
    expect(await memberIds()).toEqual([]);
  });

  it("changes membership by PATCH in Entra's and Okta's forms, idempotently, answering 204", async () => {
    const t = await withUsers(3);
    const [a, b, c] = t.ids as [string, string, string];
    const g = await t.scim("POST", "/Groups", { body: { displayName: "Eng", members: [{ value: a }, { value: b }] } });
    const id = g.body.id as string;
    const members = async () =>
      (await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, id))).map((m) => m.userId).sort();

    // Entra's older removal: a value array on path "members" removes only those listed.
    const entra = await t.scim("PATCH", `/Groups/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ value: a }] }] },
    });
    expect(entra.status).toBe(204);
    expect(await members()).toEqual([b]);

    // Okta: rename and member changes in one request; adding twice is not an error.
    const okta = await t.scim("PATCH", `/Groups/${id}`, {
      body: {
        schemas: [PATCH],
        Operations: [
          { op: "replace", value: { id, displayName: "Engineering" } },
          { op: "remove", path: `members[value eq "${b}"]` },
          { op: "add", path: "members", value: [{ value: c, display: "c" }, { value: c }] },
          { op: "Add", path: "members", value: [{ $ref: null, value: c }] },
        ],
      },
    });
    expect(okta.status).toBe(204);
    expect(await members()).toEqual([c]);
    const removeAbsent = await t.scim("PATCH", `/Groups/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: "remove", path: `members[value eq "${a}"]` }] },
    });
    expect(removeAbsent.status).toBe(204);

    const unknown = crypto.randomUUID();
    const bad = await t.scim("PATCH", `/Groups/${id}`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "Nope" }, { op: "add", path: "members", value: [{ value: unknown }] }] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.detail).toContain(unknown);

    const asked = await t.scim("PATCH", `/Groups/${id}?attributes=displayName,members`, {
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "members", value: [{ value: a }, { value: b }] }] },
    });
    expect(asked.status).toBe(200);
    expect(asked.body.displayName).toBe("Engineering");
    expect(asked.body.members.map((m: { value: string }) => m.value).sort()).toEqual([a, b].sort());
    expect(await members()).toEqual([a, b].sort());

    const lean = await t.scim("GET", `/Groups/${id}?excludedAttributes=members`);
    expect(lean.status).toBe(200);
    expect(lean.body.members).toBeUndefined();
    expect(lean.body.displayName).toBe("Engineering");

    const put = await t.scim("PUT", `/Groups/${id}`, { body: { schemas: [GROUP], displayName: "Engineering", members: [{ value: c }] } });
    expect(put.status).toBe(200);
    expect(await members()).toEqual([c]);

    await t.scim("DELETE", `/Users/${c}`);
    expect(await members()).toEqual([]);
    expect((await t.scim("DELETE", `/Groups/${id}`)).status).toBe(204);
    expect((await t.scim("GET", `/Groups/${id}`)).status).toBe(404);
  });

  it("pages groups with a cursor (RFC 9865) and with startIndex", async () => {
    const t = await setup();
    for (let i = 0; i < 5; i++) await t.scim("POST", "/Groups", { body: { displayName: `G${i}` } });
    const seen: string[] = [];
    let cursor = "";
    for (let i = 0; i < 5; i++) {
      const r = await t.scim("GET", `/Groups?count=2&cursor=${encodeURIComponent(cursor)}`);
      expect(r.status).toBe(200);
      seen.push(...r.body.Resources.map((g: { displayName: string }) => g.displayName));
      if (!r.body.nextCursor) break;
      cursor = r.body.nextCursor as string;
    }
    expect(seen).toEqual(["G0", "G1", "G2", "G3", "G4"]);
    const sorted = await t.scim("GET", "/Groups?sortBy=displayName&sortOrder=descending&startIndex=2&count=2");
    expect(sorted.body.Resources.map((g: { displayName: string }) => g.displayName)).toEqual(["G3", "G2"]);
  });
});

describe("search, discovery and Bulk", () => {
  it("searches by POST on a resource type and on the root", async () => {
    const t = await setup();
    await t.scim("POST", "/Users", { body: { userName: "searched@example.com" } });
    await t.scim("POST", "/Groups", { body: { displayName: "Searched" } });
    const users = await t.scim("POST", "/Users/.search", {
      body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"], filter: 'userName sw "search"', attributes: ["userName"] },
    });
    expect(users.status).toBe(200);
    expect(users.body.Resources).toEqual([{ schemas: [USER], id: expect.any(String), userName: "searched@example.com" }]);
    const all = await t.scim("POST", "/.search", { body: { count: 10 } });
    expect(all.body.totalResults).toBe(2);
    const named = await t.scim("POST", "/.search", { body: { filter: 'displayName eq "Searched"' } });
    expect(named.body.Resources.map((r: { displayName: string }) => r.displayName)).toEqual(["Searched"]);
  });

  it("serves the discovery documents", async () => {
    const t = await setup();
    const spc = await t.scim("GET", "/ServiceProviderConfig");
    expect(spc.status).toBe(200);
    expect(spc.body.bulk).toEqual({ supported: true, maxOperations: 1000, maxPayloadSize: 1048576 });
    expect((await t.scim("GET", "/ResourceTypes")).body.totalResults).toBe(2);
    expect((await t.scim("GET", "/ResourceTypes/User")).body.endpoint).toBe("/Users");
    expect((await t.scim("GET", "/ResourceTypes/Nope")).status).toBe(404);
    expect((await t.scim("GET", "/Schemas")).body.totalResults).toBe(3);
    expect((await t.scim("GET", `/Schemas/${encodeURIComponent(USER)}`)).body.id).toBe(USER);
    const elsewhere = await t.scim("GET", "/Nope");
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "404" });
    expect((await t.scim("GET", "/Nope", { token: null })).status).toBe(401);
  });

  it("answers a Bulk operation whose id is badly percent-encoded like the request on its own: 404", async () => {
    const t = await setup();
    const alone = await t.scim("DELETE", "/Users/%E0");
    const bulk = await t.scim("POST", "/Bulk", {
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [{ method: "DELETE", path: "/Users/%E0" }],
      },
    });
    expect(alone.status).toBe(404);
    expect(bulk.status).toBe(200);
    expect((bulk.body.Operations as { status: string }[]).map((o) => o.status)).toEqual(["404"]);
  });

  it("runs Bulk operations with bulkId references, in dependency order, and stops at failOnErrors", async () => {
    const t = await setup();
    const bulk = await t.scim("POST", "/Bulk", {
      body: {
        schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
        Operations: [
          { method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "Bulk", members: [{ value: "bulkId:u1" }] } },
          { method: "POST", path: "/Users", bulkId: "u1", data: { userName: "bulk1@example.com" } },
          { method: "PATCH", path: "/Users/bulkId:u1", data: { Operations: [{ op: "replace", path: "title", value: "Lead" }] } },
          { method: "POST", path: "/Users", bulkId: "dup", data: { userName: "BULK1@example.com" } },
          { method: "DELETE", path: `/Users/${crypto.randomUUID()}` },
        ],
      },
    });
    expect(bulk.status).toBe(200);
    const ops = bulk.body.Operations as { status: string; bulkId?: string; location?: string }[];
    expect(ops.map((o) => o.status)).toEqual(["201", "201", "200", "409", "404"]);
    const groupId = ops[0]!.location!.split("/").pop()!;
    const userId = ops[1]!.location!.split("/").pop()!;
    const group = await t.scim("GET", `/Groups/${groupId}`);
    expect(group.body.members.map((m: { value: string }) => m.value)).toEqual([userId]);

    const stopped = await t.scim("POST", "/Bulk", {
      body: {
        failOnErrors: 1,
        Operations: [
          { method: "DELETE", path: `/Users/${crypto.randomUUID()}` },
          { method: "POST", path: "/Users", bulkId: "late", data: { userName: "late@example.com" } },
        ],
      },
    });
    expect(stopped.body.Operations).toHaveLength(1);
    expect((await t.scim("GET", `/Users?filter=${encodeURIComponent('userName eq "late@example.com"')}`)).body.totalResults).toBe(0);

    const tooMany = await t.scim("POST", "/Bulk", {
      body: { Operations: Array.from({ length: 1001 }, () => ({ method: "DELETE", path: `/Users/${crypto.randomUUID()}` })) },
    });
    expect(tooMany.status).toBe(413);
  });
});

describe("request log", () => {
  it("records each request with a masked body and no Authorization header, including failed authentication", async () => {
    const t = await setup();
    await t.scim("POST", "/Users", {
      headers: { "user-agent": "Okta SCIM Client 1.0.0" },
      body: { userName: "logged@example.com", password: "hunter2-secret" },
    });
    await t.scim("GET", "/Users?count=2", { token: "rst_scim_wrong" });
    await settleBackground();
    // Log rows are written in the background, so their ids need not follow arrival order.
    const rows = await t.db.select().from(scimRequests).where(eq(scimRequests.directoryId, t.directoryId));
    expect(rows.map((r) => [r.method, r.status]).sort()).toEqual([
      ["GET", 401],
      ["POST", 201],
    ]);
    const post = rows.find((r) => r.method === "POST");
    const get = rows.find((r) => r.method === "GET");
    expect(post).toMatchObject({ path: `/api/scim/${t.directoryId}/v2/Users`, userAgent: "Okta SCIM Client 1.0.0" });
    expect(post?.requestBody).toContain('"password":"********"');
    expect(get).toMatchObject({ query: "count=2" });
    expect(get?.errorDetail).toContain("Authentication failed");
    const all = JSON.stringify(rows);
    expect(all).not.toContain("hunter2-secret");
    expect(all).not.toContain(t.token);
    expect(all).not.toContain("rst_scim_wrong");
  });

  it("writes nothing for a directory that does not exist", async () => {
    const t = await setup();
    const ghost = crypto.randomUUID();
    await t.scim("GET", "/Users", { tenant: ghost });
    await settleBackground();
    expect(await t.db.select().from(scimRequests).where(and(eq(scimRequests.directoryId, ghost)))).toHaveLength(0);
  });
});
