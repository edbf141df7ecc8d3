/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   SCIM response bodies are JSON read by property, as a provider reads them. */
// Tenant isolation, route by route. The case table must name every route.ts under app/api:
// a new route without an isolation case fails the first test. For SCIM: directory A's token
// on B's URL is 401 on every route and verb; A's ids through B are 404; filters, .search,
// Bulk operations and bulkId-free references, and `members` values cannot reach A's data.
// For REST: ids of another organization are 404 and filters cannot mix organizations.
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { GET as auditLog } from "@/app/api/v1/audit-log/route";
import { GET as eventsFeed } from "@/app/api/v1/events/route";
import { GET as listDirectoriesRoute, POST as createDirectoryRoute } from "@/app/api/v1/organizations/[orgId]/directories/route";
import { POST as createPortalLinkRoute } from "@/app/api/v1/organizations/[orgId]/portal-links/route";
import { GET as listOrganizationsRoute } from "@/app/api/v1/organizations/route";
import { GET as listClientSecretsRoute } from "@/app/api/v1/directories/[directoryId]/oauth-clients/route";
import { DELETE as revokeClientSecretRoute } from "@/app/api/v1/directories/[directoryId]/oauth-clients/[secretId]/route";
import { POST as oauthToken } from "@/app/api/scim/[tenant]/oauth/token/route";
import * as v1Directory from "@/app/api/v1/directories/[directoryId]/route";
import * as v1DirGroups from "@/app/api/v1/directories/[directoryId]/groups/route";
import * as v1DirGroup from "@/app/api/v1/directories/[directoryId]/groups/[groupId]/route";
import * as v1DirGroupMembers from "@/app/api/v1/directories/[directoryId]/groups/[groupId]/members/route";
import * as v1DirTokens from "@/app/api/v1/directories/[directoryId]/tokens/route";
import * as v1DirToken from "@/app/api/v1/directories/[directoryId]/tokens/[tokenId]/route";
import * as v1DirUsers from "@/app/api/v1/directories/[directoryId]/users/route";
import * as v1DirUser from "@/app/api/v1/directories/[directoryId]/users/[userId]/route";
import * as v1DirUserGroups from "@/app/api/v1/directories/[directoryId]/users/[userId]/groups/route";
import * as v1Organization from "@/app/api/v1/organizations/[orgId]/route";
import * as v1RoleMappings from "@/app/api/v1/directories/[directoryId]/role-mappings/route";
import * as v1RoleMappingsPreview from "@/app/api/v1/directories/[directoryId]/role-mappings/preview/route";
import * as v1OrgGroups from "@/app/api/v1/organizations/[orgId]/groups/route";
import * as v1OrgUsers from "@/app/api/v1/organizations/[orgId]/users/route";
import { sql } from "drizzle-orm";
import { queryRows } from "@/db/client";
import { groupMembers } from "@/db/schema";
import { createEndpoint, deleteEndpoint } from "@/lib/webhooks/endpoints";
import { fanOut } from "@/lib/webhooks/queue";
import { createClientSecret } from "@/lib/auth/oauth-client";
import { createApiKey } from "@/lib/auth/api-key";
import { settleBackground } from "@/lib/background";
import { setDirectoryStatus } from "@/lib/directory/directories";
import { type Scim, scimClient } from "@/test/scim-client";
import { type TestDirectory, makeDirectory, settleEvents } from "@/test/scim-helpers";

type Tenant = TestDirectory & { scim: Scim; userId: string; userName: string; groupId: string };

async function tenant(name: string): Promise<Tenant> {
  const t = await makeDirectory();
  const scim = scimClient(t.directoryId, t.token);
  const userName = `${name}-${crypto.randomUUID().slice(0, 8)}@example.com`;
  const user = await scim("POST", "/Users", { body: { userName, externalId: `ext-${userName}` } });
  const group = await scim("POST", "/Groups", { body: { displayName: `${name} team`, members: [{ value: user.body.id }] } });
  expect([user.status, group.status]).toEqual([201, 201]);
  return { ...t, scim, userId: user.body.id as string, userName, groupId: group.body.id as string };
}

/** B's client with A's token: the wrong directory's credentials on the right URL. */
const crossed = (a: Tenant, b: Tenant) => scimClient(b.directoryId, a.token);

const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

type Check = (a: Tenant, b: Tenant) => Promise<void>;
type Case = { check: Check } | { coveredBy: string };

const p = (template: string) => (a: Tenant, b: Tenant) =>
  template.replaceAll("{aUser}", a.userId).replaceAll("{aGroup}", a.groupId).replaceAll("{bUser}", b.userId).replaceAll("{bGroup}", b.groupId);
type PathOf = ReturnType<typeof p>;
function calls(...list: [string, string, unknown?][]): [string, PathOf, unknown?][] {
  return list.map(([m, path, body]) => [m, p(path), body]);
}
/** Every listed call answers 401 with A's token on B's URL (paths are templates). */
function wrongToken(...list: [string, string, unknown?][]): Check {
  const resolved = calls(...list);
  return async (a, b) => {
    for (const [method, path, body] of resolved) {
      const res = await crossed(a, b)(method, path(a, b), { body });
      expect(res.status, `${method} ${path(a, b)}`).toBe(401);
    }
  };
}

const SCIM = "app/api/scim/[tenant]/v2";

const CASES: Record<string, Case> = {
  [`${SCIM}/Users/route.ts`]: {
    async check(a, b) {
      await wrongToken(["GET", "/Users"], ["POST", "/Users", { userName: "x@example.com" }])(a, b);
      // Filters on B never match A's user, by any attribute.
      for (const filter of [`userName eq "${a.userName}"`, `id eq "${a.userId}"`, `externalId eq "ext-${a.userName}"`, `userName co "${a.userName.split("@")[0]}"`]) {
        const res = await b.scim("GET", `/Users?filter=${encodeURIComponent(filter)}`);
        expect(res.status).toBe(200);
        expect(res.body.totalResults, filter).toBe(0);
      }
      // The same userName may exist in both directories: uniqueness is per directory.
      expect((await b.scim("POST", "/Users", { body: { userName: a.userName } })).status).toBe(201);
    },
  },
  [`${SCIM}/Users/[id]/route.ts`]: {
    async check(a, b) {
      await wrongToken(["GET", "/Users/{bUser}"], ["PUT", "/Users/{bUser}", { userName: "x@example.com" }], ["PATCH", "/Users/{bUser}", { schemas: [PATCH_OP], Operations: [] }], ["DELETE", "/Users/{bUser}"])(a, b);
      const id = `/Users/${a.userId}`;
      expect((await b.scim("GET", id)).status).toBe(404);
      expect((await b.scim("PUT", id, { body: { userName: "stolen@example.com" } })).status).toBe(404);
      expect((await b.scim("PATCH", id, { body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] } })).status).toBe(404);
      expect((await b.scim("DELETE", id)).status).toBe(404);
      const still = await a.scim("GET", id);
      expect(still.status).toBe(200);
      expect(still.body.active).not.toBe(false);
    },
  },
  [`${SCIM}/Users/.search/route.ts`]: {
    async check(a, b) {
      await wrongToken(["POST", "/Users/.search", { schemas: ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"] }])(a, b);
      const res = await b.scim("POST", "/Users/.search", { body: { filter: `userName eq "${a.userName}"` } });
      expect(res.body.totalResults).toBe(0);
    },
  },
  [`${SCIM}/Groups/route.ts`]: {
    async check(a, b) {
      await wrongToken(["GET", "/Groups"], ["POST", "/Groups", { displayName: "x" }])(a, b);
      const res = await b.scim("GET", `/Groups?filter=${encodeURIComponent(`members[value eq "${a.userId}"]`)}`);
      expect(res.body.totalResults).toBe(0);
      // A group of B cannot be created with A's user as a member.
      const created = await b.scim("POST", "/Groups", { body: { displayName: "poach", members: [{ value: a.userId }] } });
      expect(created.status).toBe(400);
    },
  },
  [`${SCIM}/Groups/[id]/route.ts`]: {
    async check(a, b) {
      await wrongToken(["GET", "/Groups/{bGroup}"], ["PUT", "/Groups/{bGroup}", { displayName: "x" }], ["PATCH", "/Groups/{bGroup}", { schemas: [PATCH_OP], Operations: [] }], ["DELETE", "/Groups/{bGroup}"])(a, b);
      const id = `/Groups/${a.groupId}`;
      expect((await b.scim("GET", id)).status).toBe(404);
      expect((await b.scim("PUT", id, { body: { displayName: "stolen" } })).status).toBe(404);
      expect((await b.scim("DELETE", id)).status).toBe(404);
      // `members` values of another directory are refused, in PATCH add and PUT alike.
      const add = await b.scim("PATCH", `/Groups/${b.groupId}`, {
        body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: a.userId }] }] },
      });
      expect(add.status).toBe(400);
      const put = await b.scim("PUT", `/Groups/${b.groupId}`, { body: { displayName: "B team", members: [{ value: a.userId }] } });
      expect(put.status).toBe(400);
      const members = await b.db.select().from(groupMembers).where(eq(groupMembers.groupId, b.groupId));
      expect(members.map((m) => m.userId)).toEqual([b.userId]);
    },
  },
  [`${SCIM}/Groups/.search/route.ts`]: {
    async check(a, b) {
      await wrongToken(["POST", "/Groups/.search", {}])(a, b);
      const res = await b.scim("POST", "/Groups/.search", { body: { filter: `displayName sw "${a.userName.split("-")[0]}"` } });
      expect((res.body.Resources as { id: string }[] | undefined)?.some((g) => g.id === a.groupId) ?? false).toBe(false);
    },
  },
  [`${SCIM}/.search/route.ts`]: {
    async check(a, b) {
      await wrongToken(["POST", "/.search", {}])(a, b);
      const res = await b.scim("POST", "/.search", { body: { filter: `id eq "${a.userId}" or id eq "${a.groupId}"` } });
      expect(res.body.totalResults).toBe(0);
    },
  },
  [`${SCIM}/Bulk/route.ts`]: {
    async check(a, b) {
      await wrongToken(["POST", "/Bulk", { schemas: [BULK], Operations: [] }])(a, b);
      const res = await b.scim("POST", "/Bulk", {
        body: {
          schemas: [BULK],
          Operations: [
            { method: "PATCH", path: `/Users/${a.userId}`, data: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "active", value: false }] } },
            { method: "DELETE", path: `/Groups/${a.groupId}` },
            { method: "POST", path: "/Groups", bulkId: "g", data: { displayName: "bulk poach", members: [{ value: a.userId }] } },
          ],
        },
      });
      expect(res.status).toBe(200);
      const statuses = (res.body.Operations as { status: string }[]).map((o) => o.status);
      expect(statuses).toEqual(["404", "404", "400"]);
      expect((await a.scim("GET", `/Groups/${a.groupId}`)).status).toBe(200);
      expect((await a.scim("GET", `/Users/${a.userId}`)).body.active).not.toBe(false);
    },
  },
  [`${SCIM}/ServiceProviderConfig/route.ts`]: { check: wrongToken(["GET", "/ServiceProviderConfig"]) },
  [`${SCIM}/ResourceTypes/route.ts`]: { check: wrongToken(["GET", "/ResourceTypes"]) },
  [`${SCIM}/ResourceTypes/[id]/route.ts`]: { check: wrongToken(["GET", "/ResourceTypes/User"]) },
  [`${SCIM}/Schemas/route.ts`]: { check: wrongToken(["GET", "/Schemas"]) },
  [`${SCIM}/Schemas/[id]/route.ts`]: { check: wrongToken(["GET", "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User"]) },
  [`${SCIM}/[...rest]/route.ts`]: { check: wrongToken(["GET", "/Nope"], ["POST", "/Users/x/y", {}]) },

  "app/api/scim/[tenant]/oauth/token/route.ts": {
    async check(a, b) {
      const client = await createClientSecret(a.db, a.ref, { type: "system" });
      const token = (tenant: string) =>
        oauthToken(
          new Request(`http://roster.test/api/scim/${tenant}/oauth/token`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: new URLSearchParams({ grant_type: "client_credentials", client_id: client.clientId, client_secret: client.clientSecret }),
          }),
          { params: Promise.resolve({ tenant }) },
        );
      // A's client on B's token endpoint: the answer for an unknown client.
      const crossedToken = await token(b.directoryId);
      expect(crossedToken.status).toBe(401);
      expect(await crossedToken.json()).toMatchObject({ error: "invalid_client" });
      // A's access token is A's: on B's SCIM URL it is a 401 like any wrong token.
      const issued = await token(a.directoryId);
      expect(issued.status).toBe(200);
      const { access_token } = (await issued.json()) as { access_token: string };
      expect((await scimClient(a.directoryId, access_token)("GET", "/Users")).status).toBe(200);
      expect((await scimClient(b.directoryId, access_token)("GET", "/Users")).status).toBe(401);
    },
  },
  "app/api/v1/directories/[directoryId]/oauth-clients/route.ts": {
    async check(a, b) {
      const secret = await createClientSecret(a.db, a.ref, { type: "system" });
      const list = await restGet(listClientSecretsRoute, `/api/v1/directories/${b.directoryId}/oauth-clients`, { directoryId: b.directoryId });
      expect(list.status).toBe(200);
      expect((list.body.data as { id: string }[]).some((s) => s.id === secret.id)).toBe(false);
      expect((await restGet(listClientSecretsRoute, `/api/v1/directories/${a.organizationId}/oauth-clients`, { directoryId: a.organizationId })).status).toBe(404);
    },
  },
  "app/api/v1/directories/[directoryId]/oauth-clients/[secretId]/route.ts": {
    async check(a, b) {
      const secret = await createClientSecret(a.db, a.ref, { type: "system" });
      const res = await restDelete(revokeClientSecretRoute, `/api/v1/directories/${b.directoryId}/oauth-clients/${secret.id}`, { directoryId: b.directoryId, secretId: secret.id });
      expect(res.status).toBe(404);
      // Still A's, still valid.
      const again = await restDelete(revokeClientSecretRoute, `/api/v1/directories/${a.directoryId}/oauth-clients/${secret.id}`, { directoryId: a.directoryId, secretId: secret.id });
      expect(again.status).toBe(204);
    },
  },
  // REST reads through a directory's or organization's path: another directory's ids are 404
  // there, and its lists hold only their own resources.
  "app/api/v1/directories/[directoryId]/route.ts": {
    async check(a) {
      expect((await call(v1Directory.GET, "GET", `/api/v1/directories/${a.organizationId}`, { directoryId: a.organizationId })).status).toBe(404);
      expect((await call(v1Directory.GET, "GET", `/api/v1/directories/${a.directoryId}`, { directoryId: a.directoryId })).status).toBe(200);
    },
  },
  "app/api/v1/directories/[directoryId]/users/route.ts": {
    async check(a, b) {
      const list = await call(v1DirUsers.GET, "GET", `/api/v1/directories/${b.directoryId}/users?limit=500`, { directoryId: b.directoryId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.userId);
    },
  },
  "app/api/v1/directories/[directoryId]/users/[userId]/route.ts": {
    async check(a, b) {
      expect((await call(v1DirUser.GET, "GET", `/api/v1/directories/${b.directoryId}/users/${a.userId}`, { directoryId: b.directoryId, userId: a.userId })).status).toBe(404);
    },
  },
  "app/api/v1/directories/[directoryId]/users/[userId]/groups/route.ts": {
    async check(a, b) {
      expect((await call(v1DirUserGroups.GET, "GET", `/api/v1/directories/${b.directoryId}/users/${a.userId}/groups`, { directoryId: b.directoryId, userId: a.userId })).status).toBe(404);
    },
  },
  "app/api/v1/directories/[directoryId]/groups/route.ts": {
    async check(a, b) {
      const list = await call(v1DirGroups.GET, "GET", `/api/v1/directories/${b.directoryId}/groups?limit=500`, { directoryId: b.directoryId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.groupId);
    },
  },
  "app/api/v1/directories/[directoryId]/groups/[groupId]/route.ts": {
    async check(a, b) {
      expect((await call(v1DirGroup.GET, "GET", `/api/v1/directories/${b.directoryId}/groups/${a.groupId}`, { directoryId: b.directoryId, groupId: a.groupId })).status).toBe(404);
    },
  },
  "app/api/v1/directories/[directoryId]/groups/[groupId]/members/route.ts": {
    async check(a, b) {
      expect((await call(v1DirGroupMembers.GET, "GET", `/api/v1/directories/${b.directoryId}/groups/${a.groupId}/members`, { directoryId: b.directoryId, groupId: a.groupId })).status).toBe(404);
    },
  },
  // A directory's mapping names only its own groups: A's group through B is refused as
  // unknown (and changes nothing), B's mapping never lists A's, and an organization's id is no directory.
  "app/api/v1/directories/[directoryId]/role-mappings/route.ts": {
    async check(a, b) {
      const put = await send(v1RoleMappings.PUT, "PUT", `/api/v1/directories/${b.directoryId}/role-mappings`, { directoryId: b.directoryId }, {
        mappings: [{ groupId: a.groupId, roles: [] }],
      });
      expect([put.status, (put.body as { error: { code: string } }).error.code]).toEqual([400, "invalid_reference"]);
      const list = await call(v1RoleMappings.GET, "GET", `/api/v1/directories/${b.directoryId}/role-mappings`, { directoryId: b.directoryId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.groupId);
      expect((await call(v1RoleMappings.GET, "GET", `/api/v1/directories/${a.organizationId}/role-mappings`, { directoryId: a.organizationId })).status).toBe(404);
      const rows = await queryRows(a.db, sql`select 1 from role_mappings where directory_id in (${a.directoryId}, ${b.directoryId})`);
      expect(rows).toEqual([]);
    },
  },
  "app/api/v1/directories/[directoryId]/role-mappings/preview/route.ts": {
    async check(a, b) {
      const res = await send(v1RoleMappingsPreview.POST, "POST", `/api/v1/directories/${b.directoryId}/role-mappings/preview`, { directoryId: b.directoryId }, {
        mappings: [{ groupId: a.groupId, roles: [] }],
      });
      expect(res.status).toBe(400);
      const own = await send(v1RoleMappingsPreview.POST, "POST", `/api/v1/directories/${b.directoryId}/role-mappings/preview`, { directoryId: b.directoryId }, {
        mappings: [{ groupId: b.groupId, roles: [] }],
      });
      expect(own).toEqual({ status: 200, body: { users: 0, roles: [] } });
    },
  },
  "app/api/v1/roles/route.ts": { coveredBy: "no tenant data: the deployment's role set (lib/api/roles.int.test.ts); mappings are per directory, checked above" },
  "app/api/v1/directories/[directoryId]/tokens/route.ts": {
    async check(a, b) {
      const list = await call(v1DirTokens.GET, "GET", `/api/v1/directories/${b.directoryId}/tokens`, { directoryId: b.directoryId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.tokenId);
    },
  },
  "app/api/v1/directories/[directoryId]/tokens/[tokenId]/route.ts": {
    async check(a, b) {
      expect((await call(v1DirToken.DELETE, "DELETE", `/api/v1/directories/${b.directoryId}/tokens/${a.tokenId}`, { directoryId: b.directoryId, tokenId: a.tokenId })).status).toBe(404);
      // A's token still works.
      expect((await a.scim("GET", "/Users")).status).toBe(200);
    },
  },
  "app/api/v1/organizations/[orgId]/route.ts": {
    async check(a) {
      expect((await call(v1Organization.GET, "GET", `/api/v1/organizations/${a.directoryId}`, { orgId: a.directoryId })).status).toBe(404);
      expect((await call(v1Organization.GET, "GET", `/api/v1/organizations/${a.organizationId}`, { orgId: a.organizationId })).status).toBe(200);
    },
  },
  "app/api/v1/organizations/[orgId]/users/route.ts": {
    async check(a, b) {
      const list = await call(v1OrgUsers.GET, "GET", `/api/v1/organizations/${b.organizationId}/users?limit=500`, { orgId: b.organizationId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.userId);
      expect(JSON.stringify(list.body)).toContain(b.userId);
    },
  },
  "app/api/v1/organizations/[orgId]/groups/route.ts": {
    async check(a, b) {
      const list = await call(v1OrgGroups.GET, "GET", `/api/v1/organizations/${b.organizationId}/groups?limit=500`, { orgId: b.organizationId });
      expect(list.status).toBe(200);
      expect(JSON.stringify(list.body)).not.toContain(a.groupId);
    },
  },
  "app/api/v1/openapi.json/route.ts": { coveredBy: "no tenant data: the public OpenAPI document (lib/api/openapi.test.ts)" },
  "app/api/v1/organizations/route.ts": {
    // API keys are the SaaS backend's, across its organizations (README, REST API): the list
    // is every organization by design. What a key cannot do is reach a resource through the
    // wrong organization's path (below).
    async check(a) {
      const res = await rest(listOrganizationsRoute, "/api/v1/organizations", {});
      expect(res.status).toBe(200);
      // Organizations, never their directories' credentials.
      expect(JSON.stringify(res.body)).not.toContain(a.token);
    },
  },
  "app/api/v1/organizations/[orgId]/directories/route.ts": {
    async check(a, b) {
      const list = await rest(listDirectoriesRoute, `/api/v1/organizations/${b.organizationId}/directories`, { orgId: b.organizationId });
      expect((list.body.data as { id: string }[]).map((d) => d.id)).toEqual([b.directoryId]);
      // A directory id where an organization id belongs is no organization.
      expect((await rest(listDirectoriesRoute, `/api/v1/organizations/${a.directoryId}/directories`, { orgId: a.directoryId })).status).toBe(404);
      expect((await rest(createDirectoryRoute, `/api/v1/organizations/${crypto.randomUUID()}/directories`, { orgId: crypto.randomUUID() }, { provider: "okta" })).status).toBe(404);
    },
  },
  "app/api/v1/organizations/[orgId]/portal-links/route.ts": {
    async check(a) {
      expect((await rest(createPortalLinkRoute, `/api/v1/organizations/${a.directoryId}/portal-links`, { orgId: a.directoryId }, {})).status).toBe(404);
    },
  },
  "app/api/v1/events/route.ts": {
    async check(a, b) {
      // Filtering by one organization or directory never returns another's events. The feed
      // reads below the oldest running transaction of the whole server, so on a busy shared
      // database the new events may take a moment to show: wait for them.
      let byOrg = await rest(eventsFeed, `/api/v1/events?organizationId=${b.organizationId}&limit=500`, {});
      for (let i = 0; i < 50 && (byOrg.body.data as unknown[]).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 200));
        byOrg = await rest(eventsFeed, `/api/v1/events?organizationId=${b.organizationId}&limit=500`, {});
      }
      expect(byOrg.status).toBe(200);
      const orgIds = new Set((byOrg.body.data as { organizationId: string }[]).map((e) => e.organizationId));
      expect([...orgIds]).toEqual([b.organizationId]);
      const mixed = await rest(eventsFeed, `/api/v1/events?organizationId=${b.organizationId}&directoryId=${a.directoryId}`, {});
      expect(mixed.body.data).toEqual([]);
    },
  },
  "app/api/v1/audit-log/route.ts": {
    async check(a, b) {
      await setDirectoryStatus(a.db, a.organizationId, a.directoryId, "active", { type: "system" });
      const res = await rest(auditLog, `/api/v1/audit-log?organizationId=${b.organizationId}&limit=500`, {});
      expect(res.status).toBe(200);
      expect((res.body.data as { organizationId: string }[]).every((e) => e.organizationId === b.organizationId)).toBe(true);
    },
  },

  // Webhook endpoints belong to the deployment (an API key acts for every organization), but an
  // endpoint scoped to one organization must never be handed another's events.
  "app/api/v1/webhooks/route.ts": {
    async check(a, b) {
      const { endpoint } = await createEndpoint(a.db, { url: "http://127.0.0.1:9/hooks", organizationId: b.organizationId }, { type: "system" }, {
        allowPrivate: true,
        isProduction: false,
      });
      try {
        await a.scim("PATCH", `/Users/${a.userId}`, { body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "A only" }] } });
        await b.scim("PATCH", `/Users/${b.userId}`, { body: { schemas: [PATCH_OP], Operations: [{ op: "replace", path: "title", value: "B only" }] } });
        await settleEvents(a.db, a.directoryId);
        await settleEvents(b.db, b.directoryId);
        // Fan out until the dispatcher has caught up (other test files' events come first).
        for (let i = 0; i < 400; i++) {
          const round = await fanOut(a.db);
          if (!round.hasMore && !round.isLocked) break;
          if (round.isLocked) await new Promise((resolve) => setTimeout(resolve, 20));
        }
        const orgs = await queryRows<{ organization_id: string }>(
          a.db,
          sql`select e.organization_id from webhook_deliveries d join events e on e.id = d.event_id where d.endpoint_id = ${endpoint.id}`,
        );
        expect(orgs.length).toBeGreaterThan(0);
        expect(orgs.every((o) => o.organization_id === b.organizationId)).toBe(true);
      } finally {
        await deleteEndpoint(a.db, endpoint.id, { type: "system" });
      }
    },
  },
  "app/api/v1/webhooks/[id]/route.ts": { coveredBy: "the deployment's endpoints (no tenant scope); organization filter checked under app/api/v1/webhooks/route.ts; 404s in lib/api/webhooks.int.test.ts" },
  "app/api/v1/webhooks/[id]/rotate-secret/route.ts": { coveredBy: "the deployment's endpoints (no tenant scope); lib/api/webhooks.int.test.ts" },
  "app/api/v1/webhooks/[id]/test/route.ts": { coveredBy: "the deployment's endpoints (no tenant scope); lib/api/webhooks.int.test.ts" },
  "app/api/v1/webhooks/[id]/deliveries/route.ts": { coveredBy: "one endpoint's deliveries; organization filter checked under app/api/v1/webhooks/route.ts" },
  "app/api/v1/webhooks/[id]/deliveries/[deliveryId]/retry/route.ts": { coveredBy: "one endpoint's deliveries; lib/api/webhooks.int.test.ts" },
  "app/api/cron/webhooks/route.ts": { coveredBy: "no tenant data: drains the deployment's delivery queue (lib/webhooks/webhooks.int.test.ts, CRON_SECRET)" },

  "app/api/orgs/[org]/live/route.ts": {
    coveredBy: "e2e/customer/routes.spec.ts (a customer admin's session on another organization's stream: 404; it needs a browser session)",
  },
  "app/api/auth/[...nextauth]/route.ts": { coveredBy: "no tenant data: operator sign-in (lib/auth/config.ts), throttled in lib/auth/rate-limit.int.test.ts" },
  "app/api/health/route.ts": { coveredBy: "no tenant data: database reachability only (test/database-outage.int.test.ts)" },
};

let apiKey: string | undefined;
type RestHandler = (request: Request, route: { params: Promise<never> }) => Promise<Response>;
async function rest(handler: unknown, url: string, params: Record<string, string>, body?: unknown) {
  apiKey ??= (await createApiKey((await makeDirectory()).db, "isolation test")).key;
  const response = await (handler as RestHandler)(
    new Request(`http://roster.test${url}`, {
      method: body === undefined ? "GET" : "POST",
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    }),
    { params: Promise.resolve(params as never) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function call(handler: unknown, method: string, url: string, params: Record<string, string>) {
  apiKey ??= (await createApiKey((await makeDirectory()).db, "isolation test")).key;
  const response = await (handler as RestHandler)(
    new Request(`http://roster.test${url}`, { method, headers: { authorization: `Bearer ${apiKey}` } }),
    { params: Promise.resolve(params as never) },
  );
  const text = await response.text();
  return { status: response.status, body: (text ? JSON.parse(text) : null) as unknown };
}

async function send(handler: unknown, method: string, url: string, params: Record<string, string>, body: unknown) {
  apiKey ??= (await createApiKey((await makeDirectory()).db, "isolation test")).key;
  const response = await (handler as RestHandler)(
    new Request(`http://roster.test${url}`, {
      method,
      headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params as never) },
  );
  return { status: response.status, body: (await response.json()) as unknown };
}

async function restGet(handler: unknown, url: string, params: Record<string, string>) {
  return rest(handler, url, params);
}

async function restDelete(handler: unknown, url: string, params: Record<string, string>) {
  apiKey ??= (await createApiKey((await makeDirectory()).db, "isolation test")).key;
  const response = await (handler as RestHandler)(
    new Request(`http://roster.test${url}`, { method: "DELETE", headers: { authorization: `Bearer ${apiKey}` } }),
    { params: Promise.resolve(params as never) },
  );
  return { status: response.status };
}

function routeFiles(dir: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routeFiles(full));
    else if (entry.name === "route.ts") found.push(full.split(path.sep).join("/"));
  }
  return found;
}

describe("tenant isolation", () => {
  it("has a case for every route under app/api", () => {
    const files = routeFiles("app/api").sort();
    expect(files.filter((f) => !(f in CASES)), "routes without an isolation case in CASES").toEqual([]);
    expect(Object.keys(CASES).filter((f) => !files.includes(f)), "cases for routes that no longer exist").toEqual([]);
  });

  const checked = Object.entries(CASES).filter((entry): entry is [string, { check: Check }] => "check" in entry[1]);
  it.each(checked)("%s", async (_file, { check }) => {
    const a = await tenant("alpha");
    const b = await tenant("bravo");
    await check(a, b);
    await settleBackground();
  });
});
