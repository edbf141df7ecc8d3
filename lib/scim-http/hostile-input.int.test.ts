/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// Input an attacker or a broken identity provider sends: each class is refused with a 400
// (or 401/404/413) and a SCIM error body, and nothing stored changes. The fuzz test
// (fuzz.int.test.ts) looks for what these examples miss.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { scimRequests } from "@/db/schema";
import { settleBackground } from "@/lib/background";
import { createApiKey } from "@/lib/auth/api-key";
import * as organizationsRoute from "@/app/api/v1/organizations/route";
import { MAX_FILTER_DEPTH, MAX_FILTER_LENGTH } from "@/lib/scim/filter";
import { MAX_JSON_DEPTH } from "@/lib/scim/input";
import { MAX_PAGE_SIZE } from "@/lib/scim/list";
import { MAX_RESOURCE_BYTES, MAX_STRING_BYTES } from "@/lib/scim/resources";
import { MAX_BODY_BYTES } from "@/lib/scim-http/handler";
import { directorySnapshot, makeDirectory } from "@/test/scim-helpers";
import { type ScimReply, scimClient } from "@/test/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

async function setup() {
  const t = await makeDirectory();
  const scim = scimClient(t.directoryId, t.token);
  const created = await scim("POST", "/Users", { body: { schemas: [USER], userName: "ada@example.com" } });
  expect(created.status).toBe(201);
  return { ...t, scim, userId: created.body.id as string, snapshot: () => directorySnapshot(t.db, t.directoryId) };
}

function expectScimError(reply: ScimReply, status: number, scimType?: string): void {
  expect(reply.status, reply.text).toBe(status);
  expect(reply.headers.get("content-type")).toBe("application/scim+json");
  expect(reply.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
  expect(reply.body.status).toBe(String(status));
  if (scimType) expect(reply.body.scimType).toBe(scimType);
}

describe("text that cannot be stored as sent", () => {
  it("refuses NUL, other control characters and lone surrogates in any attribute, PATCH value or filter", async () => {
    const t = await setup();
    const before = await t.snapshot();
    const bodies = [
      { schemas: [USER], userName: "nul\u0000@example.com" },
      { schemas: [USER], userName: "bell\u0007@example.com" },
      { schemas: [USER], userName: "ok@example.com", name: { givenName: "A\u001bda" } },
      { schemas: [USER], userName: "ok@example.com", emails: [{ value: "x\u0085@example.com" }] },
      { schemas: [USER], userName: "ok@example.com", "urn:custom:x": { note: "\u0000" } },
    ];
    for (const body of bodies) expectScimError(await t.scim("POST", "/Users", { body }), 400, "invalidValue");
    // JSON.stringify would escape a lone surrogate; sent as the JSON escape a provider would send.
    for (const rawBody of ['{"userName":"\\ud800x@example.com"}', '{"userName":"x\\udc00@example.com"}', '{"userName":"ok","\\u0000":1}']) {
      expectScimError(await t.scim("POST", "/Users", { rawBody }), 400, "invalidValue");
    }
    const patch = { schemas: [PATCH], Operations: [{ op: "replace", path: "displayName", value: "A\u0000" }] };
    expectScimError(await t.scim("PATCH", `/Users/${t.userId}`, { body: patch }), 400, "invalidValue");
    expectScimError(await t.scim("GET", `/Users?filter=${encodeURIComponent('userName eq "a\u0000"')}`), 400, "invalidValue");
    const search = { filter: 'userName eq "\u0000"' };
    expectScimError(await t.scim("POST", "/Users/.search", { body: search }), 400, "invalidValue");
    expect(await t.snapshot()).toBe(before);
  });

  it("still logs a refused request whose body holds a NUL byte or a lone surrogate", async () => {
    const t = await setup();
    expectScimError(await t.scim("POST", "/Users", { rawBody: "not json \u0000 at all" }), 400, "invalidSyntax");
    expectScimError(await t.scim("POST", "/Users", { rawBody: '{"userName":"\\ud800"}' }), 400, "invalidValue");
    await settleBackground();
    const logged = await t.db.select().from(scimRequests).where(eq(scimRequests.directoryId, t.directoryId));
    const bodies = logged.map((r) => r.requestBody);
    expect(bodies).toContain("not json \\u0000 at all");
    expect(bodies).toContain('{"userName":"\\ud800"}');
  });

  it("keeps TAB, LF and CR, and characters outside the BMP", async () => {
    const t = await setup();
    const created = await t.scim("POST", "/Users", {
      body: {
        schemas: [USER],
        userName: "emoji😀@example.com",
        addresses: [{ formatted: "100 Universal City Plaza\r\nHollywood,\tCA" }],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.userName).toBe("emoji😀@example.com");
    expect(created.body.addresses[0].formatted).toBe("100 Universal City Plaza\r\nHollywood,\tCA");
  });

  it("refuses a body that is not UTF-8 instead of storing replacement characters", async () => {
    const t = await setup();
    const before = await t.snapshot();
    const latin1 = new Uint8Array(Buffer.from('{"userName":"ren\xe9@example.com"}', "latin1"));
    expectScimError(await t.scim("POST", "/Users", { rawBody: latin1 }), 400, "invalidSyntax");
    const truncated = new Uint8Array([...Buffer.from('{"userName":"a'), 0xe2, 0x82, ...Buffer.from('"}')]);
    expectScimError(await t.scim("POST", "/Users", { rawBody: truncated }), 400, "invalidSyntax");
    expect(await t.snapshot()).toBe(before);
  });
});

describe("sizes", () => {
  it("answers a 1 MB userName with 400, a too long value with 400, a too large body with 413", async () => {
    const t = await setup();
    const before = await t.snapshot();
    const almostMegabyte = "a".repeat(MAX_BODY_BYTES - 100);
    expectScimError(await t.scim("POST", "/Users", { body: { userName: almostMegabyte } }), 400, "invalidValue");
    // Bytes, not characters: 300 four-byte characters are 1,200 bytes.
    expectScimError(await t.scim("POST", "/Users", { body: { userName: "😀".repeat(300) } }), 400, "invalidValue");
    expectScimError(
      await t.scim("PATCH", `/Groups/${crypto.randomUUID()}`, { body: { displayName: "x".repeat(MAX_BODY_BYTES) } }),
      413,
    );
    expectScimError(await t.scim("POST", "/Users", { body: { userName: "a".repeat(MAX_BODY_BYTES + 1) } }), 413);
    expect(await t.snapshot()).toBe(before);
    const longest = await t.scim("POST", "/Users", { body: { userName: `${"b".repeat(MAX_STRING_BYTES - 12)}@example.com` } });
    expect(longest.status).toBe(201);
  });

  it("caps the whole resource, also when PATCHes grow it one value at a time", async () => {
    const t = await setup();
    const emails = Array.from({ length: 400 }, (_, i) => ({ value: `${"e".repeat(900)}${i}@example.com` }));
    expectScimError(await t.scim("POST", "/Users", { body: { userName: "big@example.com", emails } }), 400, "invalidValue");
    const chunk = emails.slice(0, 100);
    let last: ScimReply | undefined;
    for (let i = 0; i < 4; i++) {
      const ops = chunk.map((e) => ({ op: "add", path: "emails", value: [{ value: `${i}${e.value}` }] }));
      last = await t.scim("PATCH", `/Users/${t.userId}`, { body: { schemas: [PATCH], Operations: ops } });
      if (last.status !== 200) break;
    }
    expect(MAX_RESOURCE_BYTES).toBeLessThan(4 * 100 * 920);
    expectScimError(last!, 400, "invalidValue");
  });

  it("limits JSON nesting", async () => {
    const t = await setup();
    let deep: unknown = "x";
    for (let i = 0; i < MAX_JSON_DEPTH + 1; i++) deep = [deep];
    expectScimError(await t.scim("POST", "/Users", { body: { userName: "d@example.com", "urn:custom:x": { deep } } }), 400, "invalidValue");
    const veryDeep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const r = await t.scim("POST", "/Users", { rawBody: veryDeep });
    expectScimError(r, 400);
  });
});

describe("wrong JSON types", () => {
  it("refuses a number for a string attribute and a string for a multi-valued one", async () => {
    const t = await setup();
    const before = await t.snapshot();
    const bodies: unknown[] = [
      { userName: 42 },
      { userName: "n@example.com", externalId: 7 },
      { userName: "n@example.com", emails: "n@example.com" },
      { userName: "n@example.com", emails: ["n@example.com"] },
      { userName: "n@example.com", name: "Ada Lovelace" },
      { userName: "n@example.com", active: "yes" },
      { userName: "n@example.com", displayName: ["Ada"] },
      { userName: "n@example.com", [`urn:ietf:params:scim:schemas:extension:enterprise:2.0:User`]: { employeeNumber: 42 } },
    ];
    for (const body of bodies) expectScimError(await t.scim("POST", "/Users", { body }), 400, "invalidValue");
    expect(await t.snapshot()).toBe(before);
  });

  it("keeps the documented quirks: \"True\"/\"False\" booleans, a single object for a list, Entra's bare manager id", async () => {
    const t = await setup();
    const created = await t.scim("POST", "/Users", {
      body: {
        userName: "q@example.com",
        active: "False",
        emails: { value: "q@example.com", type: "work", primary: "True" },
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User": { manager: t.userId },
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.active).toBe(false);
    expect(created.body.emails).toEqual([{ value: "q@example.com", type: "work", primary: true }]);
    expect(created.body["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].manager.value).toBe(t.userId);
  });
});

describe("paths", () => {
  it("answers malformed percent-encoding and dot segments with a SCIM 404, and decodes an id once", async () => {
    const t = await setup();
    for (const path of [`/Users/%zz`, `/Users/%E0%A4%A`, `/Users/..`, `/Users/%2e%2e/Groups`, `/%zz`, `/./Users`]) {
      expectScimError(await t.scim("GET", path), 404);
    }
    const once = await t.scim("GET", "/Users/a%252Fb");
    expectScimError(once, 404);
    expect(once.body.detail).toContain('"a%2Fb"');
  });
});

describe("bearer tokens", () => {
  it("allows only SP and HTAB around the token (RFC 7230 §3.2.3), on SCIM and REST alike", async () => {
    const t = await setup();
    const key = await createApiKey(t.db, "hostile-input test");
    const rest = (authorization: string) =>
      organizationsRoute.GET(new Request("http://roster.test/api/v1/organizations", { headers: { authorization } }), {
        params: Promise.resolve({}),
      });
    for (const [token, ok] of [
      [`${t.token}\u00a0`, false],
      [`\u00a0${t.token}`, false],
      // U+2003 as its UTF-8 bytes read as Latin-1, the way Node hands header bytes over.
      [`${t.token}\u00e2\u0080\u0083`, false],
      [`${t.token}\u00a0x`, false],
      [`${t.token}\t`, true],
      [`${t.token}  `, true],
    ] as const) {
      const reply = await t.scim("GET", "/Users", { token: null, headers: { authorization: `Bearer ${token}` } });
      expect(reply.status, JSON.stringify(token)).toBe(ok ? 200 : 401);
      const apiToken = token.replace(t.token, key.key);
      expect((await rest(`Bearer ${apiToken}`)).status, JSON.stringify(apiToken)).toBe(ok ? 200 : 401);
    }
    expect((await t.scim("GET", "/Users", { token: null, headers: { authorization: `Bearer\u00a0${t.token}` } })).status).toBe(401);
  });
});

describe("the limits /ServiceProviderConfig advertises", () => {
  it("enforces Bulk maxOperations and maxPayloadSize exactly, and clamps count to the page size", async () => {
    const t = await setup();
    const spc = await t.scim("GET", "/ServiceProviderConfig");
    const { maxOperations, maxPayloadSize } = spc.body.bulk as { maxOperations: number; maxPayloadSize: number };
    expect(spc.body.filter.maxResults).toBe(MAX_PAGE_SIZE);
    expect(spc.body.pagination.maxPageSize).toBe(MAX_PAGE_SIZE);
    const before = await t.snapshot();

    const op = (i: number) => ({ method: "POST", path: "/Users", bulkId: `u${i}`, data: { userName: `b${i}@example.com` } });
    const tooMany = { schemas: [BULK], Operations: Array.from({ length: maxOperations + 1 }, (_, i) => op(i)) };
    expectScimError(await t.scim("POST", "/Bulk", { body: tooMany }), 413);
    const padding = "p".repeat(Number(maxPayloadSize));
    const tooLarge = { schemas: [BULK], Operations: [{ ...op(0), data: { userName: "x@example.com", nickName: padding } }] };
    expectScimError(await t.scim("POST", "/Bulk", { body: tooLarge }), 413);
    expect(await t.snapshot()).toBe(before);

    const page = await t.scim("GET", `/Users?count=${MAX_PAGE_SIZE * 10}`);
    expect(page.status).toBe(200);
    expect(page.body.itemsPerPage).toBeLessThanOrEqual(MAX_PAGE_SIZE);
  });

  it("refuses a filter longer or deeper than documented", async () => {
    const t = await setup();
    const long = `userName eq "${"x".repeat(MAX_FILTER_LENGTH)}"`;
    expectScimError(await t.scim("GET", `/Users?filter=${encodeURIComponent(long)}`), 400, "invalidFilter");
    const deep = `${"(".repeat(MAX_FILTER_DEPTH + 1)}userName pr${")".repeat(MAX_FILTER_DEPTH + 1)}`;
    expectScimError(await t.scim("GET", `/Users?filter=${encodeURIComponent(deep)}`), 400, "invalidFilter");
    const fine = `${"(".repeat(MAX_FILTER_DEPTH - 1)}userName pr${")".repeat(MAX_FILTER_DEPTH - 1)}`;
    expect((await t.scim("GET", `/Users?filter=${encodeURIComponent(fine)}`)).status).toBe(200);
  });
});
