/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// Property-based fuzzing of every SCIM route and every REST route, through the real route
// handlers: random methods, paths (case variants, malformed percent-encoding, dot segments),
// query parameters, headers and bodies (SCIM-shaped JSON full of hostile text, garbage,
// bytes that are not UTF-8). Whatever arrives:
// - no 5xx and no exception out of a handler;
// - every 4xx carries the right error format (SCIM error schema with status as a string;
//   REST `{"error": {code, message}}`);
// - a refused request (4xx) changes nothing stored: resources, memberships, events.
// FUZZ_RUNS=n runs more (CI keeps the default small enough for its time budget).
import fs from "node:fs";
import nodePath from "node:path";
import fc from "fast-check";
import { and, asc, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import * as organizationsRoute from "@/app/api/v1/organizations/route";
import * as directoriesRoute from "@/app/api/v1/organizations/[orgId]/directories/route";
import * as eventsRoute from "@/app/api/v1/events/route";
import * as auditLogRoute from "@/app/api/v1/audit-log/route";
import * as portalLinksRoute from "@/app/api/v1/organizations/[orgId]/portal-links/route";
import * as oauthClientRoute from "@/app/api/v1/directories/[directoryId]/oauth-clients/[secretId]/route";
import * as oauthClientsRoute from "@/app/api/v1/directories/[directoryId]/oauth-clients/route";
import * as organizationRoute from "@/app/api/v1/organizations/[orgId]/route";
import * as orgUsersRoute from "@/app/api/v1/organizations/[orgId]/users/route";
import * as orgGroupsRoute from "@/app/api/v1/organizations/[orgId]/groups/route";
import * as directoryRoute from "@/app/api/v1/directories/[directoryId]/route";
import * as tokensRoute from "@/app/api/v1/directories/[directoryId]/tokens/route";
import * as tokenRoute from "@/app/api/v1/directories/[directoryId]/tokens/[tokenId]/route";
import * as usersRoute from "@/app/api/v1/directories/[directoryId]/users/route";
import * as userRoute from "@/app/api/v1/directories/[directoryId]/users/[userId]/route";
import * as userGroupsRoute from "@/app/api/v1/directories/[directoryId]/users/[userId]/groups/route";
import * as groupsRoute from "@/app/api/v1/directories/[directoryId]/groups/route";
import * as groupRoute from "@/app/api/v1/directories/[directoryId]/groups/[groupId]/route";
import * as membersRoute from "@/app/api/v1/directories/[directoryId]/groups/[groupId]/members/route";
import * as openApiRoute from "@/app/api/v1/openapi.json/route";
import * as webhooksRoute from "@/app/api/v1/webhooks/route";
import * as webhookRoute from "@/app/api/v1/webhooks/[id]/route";
import * as webhookRotateRoute from "@/app/api/v1/webhooks/[id]/rotate-secret/route";
import * as webhookTestRoute from "@/app/api/v1/webhooks/[id]/test/route";
import * as webhookDeliveriesRoute from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as webhookRetryRoute from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/retry/route";
import * as rolesRoute from "@/app/api/v1/roles/route";
import * as roleMappingsRoute from "@/app/api/v1/directories/[directoryId]/role-mappings/route";
import * as roleMappingsPreviewRoute from "@/app/api/v1/directories/[directoryId]/role-mappings/preview/route";
import { rolesBody } from "@/lib/api/schemas/roles";
import { createClientSecret } from "@/lib/auth/oauth-client";
import { auditLog, directories, oauthClientSecrets, portalLinks, roleMappings } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-key";
import { directoryGroups } from "@/lib/directory/groups";
import { directorySnapshot, groupInput, makeDirectory } from "@/test/scim-helpers";
import { type ScimReply, scimClient } from "@/test/scim-client";

const RUNS = Number(process.env.FUZZ_RUNS ?? 250);
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";
const SEARCH = "urn:ietf:params:scim:api:messages:2.0:SearchRequest";

// ---------------------------------------------------------------------------------------
// Text: mostly ordinary, with the characters that break things mixed in.

const nasty = fc.constantFrom(
  "\u0000", "\u0007", "\u001b", "\u007f", "\u0085", "\ud800", "\udfff", "\ufeff", "\u00a0", "\u2028",
  "😀", "\"", "\\", "'", "%", "%zz", "%00", "..", "/", "[", "]", "(", ")", " eq ", " and ", " or ", "not",
  " pr", "*", ":", "urn:", ".", ",", "\t", "\n", "é", "İ",
);
const unit = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: "grapheme-ascii", maxLength: 1 }) },
  { weight: 2, arbitrary: nasty },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)) },
);
const text = fc.string({ unit, maxLength: 24 });
const longText = fc.oneof(
  { weight: 9, arbitrary: text },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 40_000 }).map((n) => "x".repeat(n)) },
);

const ATTRIBUTE_NAMES = [
  "schemas", "id", "externalId", "userName", "UserName", "name", "givenName", "familyName", "formatted", "displayName",
  "active", "emails", "value", "type", "primary", "phoneNumbers", "addresses", "members", "groups", "meta", "password",
  "roles", "x509Certificates", "nickName", "title", ENTERPRISE, `${ENTERPRISE}:manager`, "manager", "employeeNumber",
  "urn:custom:ext", "__proto__", "constructor", "Operations", "op", "path",
];
const key = fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...ATTRIBUTE_NAMES) }, { weight: 1, arbitrary: text });

const { json } = fc.letrec<{ json: unknown }>((tie) => ({
  json: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    longText,
    fc.constantFrom(true, false, null, "True", "False", 0, -1, 1e21, 3.5),
    fc.array(tie("json"), { maxLength: 4 }),
    fc.dictionary(key, tie("json"), { maxKeys: 5 }),
  ),
}));

// ---------------------------------------------------------------------------------------
// SCIM-shaped bodies

const attrPath = fc.oneof(
  fc.constantFrom(
    "userName", "name.givenName", "emails", 'emails[type eq "work"].value', 'emails[type eq "work"]', "members",
    'members[value eq "x"]', "active", "displayName", `${ENTERPRISE}:manager`, "manager", "employeeNumber",
    `${USER}:userName`, "groups", "meta.created", "id", "password", "", "urn:custom:ext:x", "addresses[type eq \"work\"].locality",
  ),
  text,
);
const filterText = fc.oneof(
  fc.constantFrom(
    'userName eq "ada@example.com"', "userName Eq \"x\"", 'emails[type eq "work" and value co "@"]', "active eq true",
    'displayName eq "Team"', "meta.lastModified gt \"2020-01-01T00:00:00Z\"", "not (userName pr)", `${ENTERPRISE}:employeeNumber pr`,
    'members[value eq "00000000-0000-4000-8000-000000000000"]', "((((userName pr))))", "userName eq",
  ),
  text,
  fc.tuple(attrPath, fc.constantFrom("eq", "ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "xx"), json).map(
    ([p, op, v]) => `${p} ${op} ${JSON.stringify(v) ?? "null"}`,
  ),
);

const userBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([USER]), fc.constant([USER, ENTERPRISE]), json),
    userName: fc.oneof(longText, json),
    name: fc.oneof(fc.record({ givenName: longText, familyName: text }, { requiredKeys: [] }), json),
    emails: fc.oneof(fc.array(fc.record({ value: longText, type: text, primary: json }, { requiredKeys: [] }), { maxLength: 3 }), json),
    active: json,
    [ENTERPRISE]: fc.oneof(fc.record({ manager: json, employeeNumber: json }, { requiredKeys: [] }), json),
    extra: json,
  },
  { requiredKeys: [] },
);
const groupBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([GROUP]), json),
    displayName: fc.oneof(longText, json),
    members: fc.oneof(fc.array(fc.record({ value: fc.oneof(text, fc.constant("USER_ID")) }), { maxLength: 3 }), json),
  },
  { requiredKeys: [] },
);
const patchBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([PATCH]), json),
    Operations: fc.oneof(
      fc.array(
        fc.record(
          {
            op: fc.constantFrom("add", "Add", "remove", "Remove", "replace", "Replace", "move", ""),
            path: attrPath,
            value: fc.oneof(json, userBody, fc.array(fc.record({ value: fc.oneof(text, fc.constant("USER_ID")) }))),
          },
          { requiredKeys: ["op"] },
        ),
        { maxLength: 4 },
      ),
      json,
    ),
  },
  { requiredKeys: [] },
);
const searchBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([SEARCH]), json),
    filter: fc.oneof(filterText, json),
    startIndex: json,
    count: json,
    attributes: fc.oneof(fc.array(attrPath, { maxLength: 3 }), json),
    sortBy: fc.oneof(attrPath, json),
  },
  { requiredKeys: [] },
);
const bulkBody = fc.record(
  {
    schemas: fc.oneof(fc.constant([BULK]), json),
    failOnErrors: json,
    Operations: fc.oneof(
      fc.array(
        fc.record(
          {
            method: fc.constantFrom("POST", "PUT", "PATCH", "DELETE", "GET", "post"),
            path: fc.oneof(fc.constantFrom("/Users", "/Groups", "/Users/USER_ID", "/Groups/GROUP_ID", "/Users/bulkId:u1", "/Users/%zz"), text),
            bulkId: fc.oneof(fc.constant("u1"), text),
            data: fc.oneof(userBody, groupBody, patchBody, json),
          },
          { requiredKeys: ["method"] },
        ),
        { maxLength: 3 },
      ),
      json,
    ),
  },
  { requiredKeys: [] },
);

// Bodies a provider would plausibly send, so that writes succeed often enough for the
// property "a refused request changes nothing" to be tested against a changing directory.
const clean = fc.string({ unit: fc.constantFrom(..."abcdefghijklmnopqrstuvwxyz0123456789.-"), minLength: 1, maxLength: 12 });
/** Mostly clean text; sometimes one hostile character or a value of the wrong size or type. */
const maybeDirty = fc.oneof(
  { weight: 6, arbitrary: clean },
  { weight: 2, arbitrary: fc.tuple(clean, nasty, clean).map((parts) => parts.join("")) },
  { weight: 1, arbitrary: fc.oneof(longText, fc.constantFrom<unknown>(42, ["x"], { value: "x" }, true)) },
);
const email = fc.tuple(maybeDirty, fc.constant("@example.com")).map(([a, b]) => (typeof a === "string" ? a + b : a));
const plausibleUser = fc.record(
  {
    schemas: fc.constant([USER]),
    userName: email,
    name: fc.record({ givenName: maybeDirty, familyName: maybeDirty }),
    displayName: maybeDirty,
    emails: fc.array(fc.record({ value: email, type: fc.constantFrom("work", "home"), primary: fc.constantFrom(true, "True", "False") }), { maxLength: 2 }),
    active: fc.constantFrom(true, false, "True", "False"),
    [ENTERPRISE]: fc.record({ employeeNumber: maybeDirty, manager: fc.constantFrom("USER_ID", { value: "USER_ID" }) }, { requiredKeys: [] }),
  },
  { requiredKeys: ["schemas", "userName"] },
);
const plausibleGroup = fc.record({
  schemas: fc.constant([GROUP]),
  displayName: maybeDirty,
  members: fc.array(fc.constant({ value: "USER_ID" }), { maxLength: 1 }),
});
const plausiblePatch = fc.record({
  schemas: fc.constant([PATCH]),
  Operations: fc.array(
    fc.oneof(
      fc.record({ op: fc.constantFrom("replace", "Replace"), path: fc.constantFrom("displayName", "name.givenName", "active", 'emails[type eq "work"].value', "manager", "employeeNumber"), value: fc.oneof(maybeDirty, fc.constantFrom("False", true)) }),
      fc.record({ op: fc.constantFrom("add", "remove", "Remove"), path: fc.constant("members"), value: fc.constant([{ value: "USER_ID" }]) }),
      fc.record({ op: fc.constant("replace"), value: fc.record({ active: fc.constantFrom(false, "False"), displayName: maybeDirty, "name.familyName": maybeDirty }, { requiredKeys: [] }) }),
    ),
    { minLength: 1, maxLength: 3 },
  ),
});

type Body = { kind: "none" } | { kind: "json"; value: unknown } | { kind: "text"; value: string } | { kind: "bytes"; value: Uint8Array<ArrayBuffer> };
const body: fc.Arbitrary<Body> = fc.oneof(
  { weight: 2, arbitrary: fc.constant<Body>({ kind: "none" }) },
  {
    weight: 10,
    arbitrary: fc.oneof(userBody, groupBody, patchBody, searchBody, bulkBody, json).map((value): Body => ({ kind: "json", value })),
  },
  {
    weight: 10,
    arbitrary: fc.oneof(plausibleUser, plausibleGroup, plausiblePatch).map((value): Body => ({ kind: "json", value })),
  },
  { weight: 1, arbitrary: text.map((value): Body => ({ kind: "text", value })) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 64 }).map((value): Body => ({ kind: "bytes", value })) },
);

// ---------------------------------------------------------------------------------------
// Paths, queries, headers

const segment = fc.oneof(
  fc.constantFrom("%zz", "%", "%E0%A4%A", "%00", "..", ".", "%2e%2e", "%2F", "a%252Fb", "USER_ID", "GROUP_ID", "OTHER_USER_ID"),
  fc.string({ unit: fc.constantFrom(..."abcXYZ019-._~%"), maxLength: 8 }),
  text.map((t) => encodeURIComponent(t.replace(/[\ud800-\udfff]/g, ""))),
);
const flipCase = (s: string, mask: number) =>
  [...s].map((c, i) => ((mask >> i % 30) & 1 ? c.toUpperCase() : c.toLowerCase())).join("");
const path = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      "/Users", "/Users/USER_ID", "/Groups", "/Groups/GROUP_ID", "/Users/.search", "/Groups/.search", "/.search", "/Bulk",
      "/ServiceProviderConfig", "/ResourceTypes", "/ResourceTypes/User", "/Schemas", `/Schemas/${USER}`,
      "/Users/OTHER_USER_ID", "//Users", "/Users/00000000-0000-4000-8000-000000000000",
    ),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("/Users", "/Groups", "/Bulk", "/Schemas", "/ServiceProviderConfig", "/Users/.search"), fc.nat())
      .map(([p, mask]) => flipCase(p, mask)),
  },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.constantFrom("", "/Users", "/Groups", "/Schemas"), fc.array(segment, { minLength: 1, maxLength: 3 }))
      .map(([p, segs]) => `${p}/${segs.join("/")}`),
  },
);
const QUERY_KEYS = ["filter", "startIndex", "count", "attributes", "excludedAttributes", "sortBy", "sortOrder", "cursor", "Filter"];
const queryValue = (k: string) =>
  k.toLowerCase() === "filter" ? filterText : k === "attributes" || k === "excludedAttributes" || k === "sortBy" ? attrPath : fc.oneof(text, fc.integer().map(String));
const query = fc
  .array(fc.constantFrom(...QUERY_KEYS).chain((k) => queryValue(k).map((v) => [k, v] as const)), { maxLength: 3 })
  .map((pairs) => {
    // Built by hand: URLSearchParams would re-encode, and lone surrogates cannot be encoded.
    const enc = (s: string) => s.replace(/[^A-Za-z0-9\-._~ ]/gu, (c) => (/[\ud800-\udfff]/.test(c) && c.length === 1 ? "%ED%A0%80" : encodeURIComponent(c))).replace(/ /g, "%20");
    return pairs.length === 0 ? "" : `?${pairs.map(([k, v]) => `${k}=${enc(v)}`).join("&")}`;
  });
const method = fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE");
const headerText = fc.string({ unit: fc.string({ unit: "grapheme-ascii", maxLength: 1 }), maxLength: 20 });
const headers = fc.record(
  {
    "content-type": fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom("application/scim+json", "application/json; charset=utf-8") },
      { weight: 1, arbitrary: fc.constantFrom("text/plain", "application/xml", "") },
      { weight: 1, arbitrary: headerText },
    ),
    "if-match": fc.oneof(fc.constantFrom('W/"1"', "*", '"x"', "W/"), headerText),
    "if-none-match": fc.oneof(fc.constantFrom('W/"1"', "*"), headerText),
  },
  { requiredKeys: [] },
).map((h) => {
  // Preconditions on one request in five: otherwise most writes would fail 412.
  const out: Record<string, string> = {};
  if (h["content-type"] !== undefined) out["content-type"] = h["content-type"];
  if ((h["if-match"] ?? "").length % 5 === 1) out["if-match"] = h["if-match"]!;
  if ((h["if-none-match"] ?? "").length % 5 === 1) out["if-none-match"] = h["if-none-match"]!;
  return out;
});
type Auth = "good" | "none" | "wrong" | "other" | "nbsp" | "basic";
const auth = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Auth>("good") },
  { weight: 1, arbitrary: fc.constantFrom<Auth>("none", "wrong", "other", "nbsp", "basic") },
);

const jsonBodyOf = (a: fc.Arbitrary<unknown>) => a.map((value): Body => ({ kind: "json", value }));
/** A request a provider could send (method, path and body that fit), with hostile parts mixed in. */
const coherent = fc.oneof(
  fc.tuple(fc.constant("POST"), fc.constantFrom("/Users", "//Users", "/users"), jsonBodyOf(fc.oneof(plausibleUser, userBody))),
  fc.tuple(fc.constant("POST"), fc.constantFrom("/Groups", "/groups"), jsonBodyOf(fc.oneof(plausibleGroup, groupBody))),
  fc.tuple(fc.constantFrom("PUT", "PATCH"), fc.constant("/Users/USER_ID"), jsonBodyOf(fc.oneof(plausibleUser, plausiblePatch, patchBody))),
  fc.tuple(fc.constantFrom("PUT", "PATCH"), fc.constant("/Groups/GROUP_ID"), jsonBodyOf(fc.oneof(plausibleGroup, plausiblePatch, patchBody))),
  fc.tuple(fc.constant("POST"), fc.constantFrom("/Users/.search", "/.search"), jsonBodyOf(searchBody)),
  fc.tuple(fc.constant("POST"), fc.constant("/Bulk"), jsonBodyOf(bulkBody)),
  fc.tuple(fc.constant("GET"), fc.constantFrom("/Users", "/Groups", "/Users/USER_ID", "/Groups/GROUP_ID"), fc.constant<Body>({ kind: "none" })),
);
const request = fc.oneof(fc.tuple(method, path, body), coherent);

// ---------------------------------------------------------------------------------------

function expectScimAnswer(reply: ScimReply, label: string): void {
  expect(reply.status, label).toBeLessThan(500);
  if (reply.status >= 400) {
    expect(reply.headers.get("content-type"), label).toBe("application/scim+json");
    expect(reply.body?.schemas, label).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    expect(reply.body?.status, label).toBe(String(reply.status));
    expect(typeof reply.body?.detail, label).toBe("string");
  }
}

describe("fuzzing every SCIM route", () => {
  it("never answers 5xx, always answers errors in SCIM form, and a refused request changes nothing", async () => {
    const t = await makeDirectory();
    const other = await makeDirectory();
    const scim = scimClient(t.directoryId, t.token);
    const otherScim = scimClient(other.directoryId, other.token);
    const user = await scim("POST", "/Users", { body: { schemas: [USER], userName: "ada@example.com", emails: [{ value: "ada@example.com", type: "work" }] } });
    const group = await scim("POST", "/Groups", { body: { schemas: [GROUP], displayName: "Team", members: [{ value: user.body.id as string }] } });
    const otherUser = await otherScim("POST", "/Users", { body: { userName: "eve@example.com" } });
    const ids = { USER_ID: user.body.id as string, GROUP_ID: group.body.id as string, OTHER_USER_ID: otherUser.body.id as string };
    const fill = (s: string) => s.replace(/USER_ID|GROUP_ID|OTHER_USER_ID/g, (m) => ids[m as keyof typeof ids]);
    const otherBefore = await directorySnapshot(t.db, other.directoryId);
    const statuses = new Map<number, number>();

    await fc.assert(
      fc.asyncProperty(request, query, headers, auth, async ([m, p, b], q, h, a) => {
        const before = await directorySnapshot(t.db, t.directoryId);
        const token = { good: t.token, none: null, wrong: "rst_scim_wrong", other: other.token, nbsp: `${t.token}\u00a0`, basic: null }[a];
        const rawBody =
          b.kind === "none" || m === "GET" || m === "DELETE"
            ? undefined
            : b.kind === "json"
              ? fill(JSON.stringify(b.value) ?? "null")
              : b.kind === "text"
                ? b.value
                : b.value;
        const allHeaders: Record<string, string> = { ...h };
        if (a === "basic") allHeaders.authorization = `Basic ${t.token}`;
        const label = `${m} ${fill(p)}${q} ${a} ${typeof rawBody === "string" ? rawBody.slice(0, 300) : String(rawBody)}`;
        let reply: ScimReply;
        try {
          reply = await scim(m, fill(p) + fill(q), { token, headers: allHeaders, ...(rawBody === undefined ? {} : { rawBody }) });
        } catch (error) {
          // The client only throws for a method no route exports (Next.js answers 405 itself).
          if (error instanceof Error && error.message.startsWith("no route")) return;
          throw error;
        }
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expectScimAnswer(reply, label);
        if (reply.status >= 400 || a !== "good") expect(await directorySnapshot(t.db, t.directoryId), label).toBe(before);
      }),
      { numRuns: RUNS },
    );
    // Another directory's data is never touched from this one.
    expect(await directorySnapshot(t.db, other.directoryId)).toBe(otherBefore);
    // The run reached past authentication into the endpoints, with both outcomes.
    expect([...statuses.keys()].some((s) => s < 300)).toBe(true);
    expect([...statuses.keys()].some((s) => s === 400)).toBe(true);
  });
});

describe("fuzzing every REST route", () => {
  it("never answers 5xx, always answers errors as {error:{code,message}}, and a refused request changes nothing", async () => {
    const t = await makeDirectory();
    const key = await createApiKey(t.db, "fuzz");
    const fuzzGroup = await directoryGroups(t.db, t.ref).create(groupInput({ schemas: [GROUP], displayName: "Fuzz" }));
    const snapshot = async () =>
      JSON.stringify({
        directories: await t.db.select().from(directories).where(eq(directories.organizationId, t.organizationId)).orderBy(asc(directories.id)),
        audit: await t.db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.actorType, "api_key"), eq(auditLog.actorId, key.id))),
        links: await t.db.select({ id: portalLinks.id }).from(portalLinks).where(eq(portalLinks.organizationId, t.organizationId)).orderBy(asc(portalLinks.id)),
        secrets: await t.db
          .select({ id: oauthClientSecrets.id, revokedAt: oauthClientSecrets.revokedAt })
          .from(oauthClientSecrets)
          .where(eq(oauthClientSecrets.directoryId, t.directoryId))
          .orderBy(asc(oauthClientSecrets.id)),
        roleMappings: await t.db.select().from(roleMappings).where(eq(roleMappings.directoryId, t.directoryId)),
      });
    // `ID` in a path is replaced by the run's id value (an organization or directory id, or junk).
    const routes = [
      { file: "organizations/route.ts", path: "/api/v1/organizations", module: organizationsRoute as Record<string, unknown>, param: undefined },
      {
        file: "organizations/[orgId]/directories/route.ts",
        path: "/api/v1/organizations/ID/directories",
        module: directoriesRoute as Record<string, unknown>,
        param: "orgId",
      },
      {
        file: "organizations/[orgId]/portal-links/route.ts",
        path: "/api/v1/organizations/ID/portal-links",
        module: portalLinksRoute as Record<string, unknown>,
        param: "orgId",
      },
      { file: "events/route.ts", path: "/api/v1/events", module: eventsRoute as Record<string, unknown>, param: undefined },
      { file: "audit-log/route.ts", path: "/api/v1/audit-log", module: auditLogRoute as Record<string, unknown>, param: undefined },
      {
        file: "directories/[directoryId]/oauth-clients/route.ts",
        path: "/api/v1/directories/ID/oauth-clients",
        module: oauthClientsRoute as Record<string, unknown>,
        param: "directoryId",
      },
      {
        file: "directories/[directoryId]/oauth-clients/[secretId]/route.ts",
        path: "/api/v1/directories/ID/oauth-clients/SECRET",
        module: oauthClientRoute as Record<string, unknown>,
        param: "directoryId",
      },
      // `noDelete`: deleting the run's own organization or directory would end the run's reach.
      { file: "organizations/[orgId]/route.ts", path: "/api/v1/organizations/ID", module: organizationRoute as Record<string, unknown>, param: "orgId", noDelete: true },
      { file: "organizations/[orgId]/users/route.ts", path: "/api/v1/organizations/ID/users", module: orgUsersRoute as Record<string, unknown>, param: "orgId" },
      { file: "organizations/[orgId]/groups/route.ts", path: "/api/v1/organizations/ID/groups", module: orgGroupsRoute as Record<string, unknown>, param: "orgId" },
      { file: "directories/[directoryId]/route.ts", path: "/api/v1/directories/ID", module: directoryRoute as Record<string, unknown>, param: "directoryId", noDelete: true },
      { file: "directories/[directoryId]/tokens/route.ts", path: "/api/v1/directories/ID/tokens", module: tokensRoute as Record<string, unknown>, param: "directoryId" },
      {
        file: "directories/[directoryId]/tokens/[tokenId]/route.ts",
        path: "/api/v1/directories/ID/tokens/SECRET",
        module: tokenRoute as Record<string, unknown>,
        param: "directoryId",
        second: "tokenId",
      },
      { file: "directories/[directoryId]/users/route.ts", path: "/api/v1/directories/ID/users", module: usersRoute as Record<string, unknown>, param: "directoryId" },
      {
        file: "directories/[directoryId]/users/[userId]/route.ts",
        path: "/api/v1/directories/ID/users/SECRET",
        module: userRoute as Record<string, unknown>,
        param: "directoryId",
        second: "userId",
      },
      {
        file: "directories/[directoryId]/users/[userId]/groups/route.ts",
        path: "/api/v1/directories/ID/users/SECRET/groups",
        module: userGroupsRoute as Record<string, unknown>,
        param: "directoryId",
        second: "userId",
      },
      { file: "directories/[directoryId]/groups/route.ts", path: "/api/v1/directories/ID/groups", module: groupsRoute as Record<string, unknown>, param: "directoryId" },
      {
        file: "directories/[directoryId]/groups/[groupId]/route.ts",
        path: "/api/v1/directories/ID/groups/SECRET",
        module: groupRoute as Record<string, unknown>,
        param: "directoryId",
        second: "groupId",
      },
      {
        file: "directories/[directoryId]/groups/[groupId]/members/route.ts",
        path: "/api/v1/directories/ID/groups/SECRET/members",
        module: membersRoute as Record<string, unknown>,
        param: "directoryId",
        second: "groupId",
      },
      { file: "openapi.json/route.ts", path: "/api/v1/openapi.json", module: openApiRoute as Record<string, unknown>, param: undefined },
      { file: "roles/route.ts", path: "/api/v1/roles", module: rolesRoute as Record<string, unknown>, param: undefined },
      {
        file: "directories/[directoryId]/role-mappings/route.ts",
        path: "/api/v1/directories/ID/role-mappings",
        module: roleMappingsRoute as Record<string, unknown>,
        param: "directoryId",
      },
      {
        file: "directories/[directoryId]/role-mappings/preview/route.ts",
        path: "/api/v1/directories/ID/role-mappings/preview",
        module: roleMappingsPreviewRoute as Record<string, unknown>,
        param: "directoryId",
      },
      { file: "webhooks/route.ts", path: "/api/v1/webhooks", module: webhooksRoute as Record<string, unknown>, param: undefined },
      { file: "webhooks/[id]/route.ts", path: "/api/v1/webhooks/ID", module: webhookRoute as Record<string, unknown>, param: "id" },
      { file: "webhooks/[id]/rotate-secret/route.ts", path: "/api/v1/webhooks/ID/rotate-secret", module: webhookRotateRoute as Record<string, unknown>, param: "id" },
      { file: "webhooks/[id]/test/route.ts", path: "/api/v1/webhooks/ID/test", module: webhookTestRoute as Record<string, unknown>, param: "id" },
      { file: "webhooks/[id]/deliveries/route.ts", path: "/api/v1/webhooks/ID/deliveries", module: webhookDeliveriesRoute as Record<string, unknown>, param: "id" },
      {
        file: "webhooks/[id]/deliveries/[deliveryId]/retry/route.ts",
        path: "/api/v1/webhooks/ID/deliveries/SECRET/retry",
        module: webhookRetryRoute as Record<string, unknown>,
        param: "id",
        second: "deliveryId",
      },
    ];
    // Every REST route file is fuzzed: a new one fails here until it is added above.
    const files = fs.readdirSync(nodePath.join(process.cwd(), "app/api/v1"), { recursive: true, encoding: "utf8" });
    expect(files.filter((f) => f.endsWith("route.ts")).sort()).toEqual(routes.map((r) => r.file).sort());
    const restQuery = fc.oneof(
      fc.constant(""),
      fc.tuple(fc.constantFrom("after", "limit", "types", "organizationId", "directoryId"), fc.oneof(text, fc.constantFrom("0", "-1", "500", "user.created", "%zz", t.organizationId))).map(
        ([k, v]) => `?${k}=${encodeURIComponent(v.replace(/[\ud800-\udfff]/g, ""))}`,
      ),
    );
    const restBody = fc.oneof(
      body,
      fc
        .record(
          {
            name: fc.oneof(longText, json),
            provider: fc.oneof(fc.constantFrom("pingone", "okta", "entra", "nope"), json),
            returnUrl: fc.oneof(fc.constantFrom("https://app.example/done", "javascript:alert(1)"), json),
            expiresInSeconds: fc.oneof(fc.constantFrom(1, 300, 604_801, -5, 1.5), json),
            intent: fc.oneof(fc.constantFrom("scim", "users", "nope"), json),
            roles: fc.oneof(
              fc.constantFrom([{ key: "Admin", name: "A" }], [{ key: "a", name: "A" }, { key: "a", name: "B" }], [{ key: "a", name: "" }], "admin"),
              json,
            ),
            mappings: fc.oneof(
              fc.constantFrom([{ groupId: "nope", roles: ["admin"] }], [{ groupId: crypto.randomUUID(), roles: [] }], [{ groupId: fuzzGroup.id, roles: ["no-such-role"] }], [{ groupId: fuzzGroup.id, roles: [] }]),
              json,
            ),
          },
          { requiredKeys: [] },
        )
        .map((value): Body => ({ kind: "json", value })),
    );
    const secret = await createClientSecret(t.db, t.ref, { type: "system" });
    const orgId = fc.oneof(fc.constantFrom(t.organizationId, t.directoryId), fc.constantFrom("%zz", "not-a-uuid", "00000000-0000-4000-8000-000000000000", "\u0000"));
    const secretId = fc.oneof(fc.constant(secret.id), fc.constantFrom("nope", crypto.randomUUID()));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: routes.length - 1 }), fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE"), orgId, secretId, restBody, auth, headers, restQuery, async (r, m, org, sid, b, a, h, q) => {
        const route = routes[r]!;
        const handler = route.module[m] as ((req: Request, ctx: { params: Promise<unknown> }) => Promise<Response>) | undefined;
        // Next.js answers a method the route does not export (405) before any of our code runs.
        if (!handler || (m === "DELETE" && route.noDelete)) return;
        // A valid role set would replace the deployment's roles, which other test files
        // running on the same database rely on; valid sets are lib/api/roles.int.test.ts's.
        if (route.file === "roles/route.ts" && m === "PUT" && b.kind === "json" && rolesBody.safeParse(b.value).success) return;
        const before = await snapshot();
        const token = { good: key.key, none: null, wrong: "rst_key_wrong", other: t.token, nbsp: `${key.key}\u00a0`, basic: null }[a];
        const requestHeaders: Record<string, string> = { ...h };
        if (token !== null) requestHeaders.authorization = `Bearer ${token}`;
        if (a === "basic") requestHeaders.authorization = `Basic ${key.key}`;
        const requestBody = m === "GET" || m === "DELETE" || b.kind === "none" ? undefined : b.kind === "json" ? (JSON.stringify(b.value) ?? "null") : b.value;
        const url = `http://roster.test${route.path.replace("ID", encodeURIComponent(org)).replace("SECRET", encodeURIComponent(sid))}${q}`;
        const response = await handler(new Request(url, { method: m, headers: requestHeaders, body: requestBody }), {
          params: Promise.resolve(route.param ? { [route.param]: org, [route.second ?? "secretId"]: sid } : {}),
        });
        const label = `${m} ${url} ${a} ${typeof requestBody === "string" ? requestBody.slice(0, 300) : String(requestBody)}`;
        expect(response.status, label).toBeLessThan(500);
        if (response.status >= 400) {
          const error = (await response.json()) as { error?: { code?: unknown; message?: unknown } };
          expect(typeof error.error?.code, label).toBe("string");
          expect(typeof error.error?.message, label).toBe("string");
          expect(await snapshot(), label).toBe(before);
        }
      }),
      { numRuns: Math.ceil(RUNS / 2) },
    );
  });
});
