/* eslint-disable @typescript-eslint/no-unsafe-member-access --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// Endpoint names in any case, on every path form (lib/scim-http/routes.ts): each variant is
// served by the same endpoint as the spec's spelling, ids stay exact, and what names no
// endpoint is still a SCIM 404.
import { describe, expect, it } from "vitest";
import { makeDirectory } from "@/test/scim-helpers";
import { scimClient } from "@/test/scim-client";

const BULK = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

async function setup() {
  const t = await makeDirectory();
  return { ...t, scim: scimClient(t.directoryId, t.token) };
}

describe("endpoint names without regard to case", () => {
  it("serves /users, /USERS, //users, /groups and their items, .search and Bulk like their canonical names", async () => {
    const t = await setup();
    const created = await t.scim("POST", "/users", { body: { userName: "ada@example.com" } });
    expect(created.status).toBe(201);
    // The resource's own URLs keep the spec's spelling.
    expect(created.headers.get("location")).toMatch(/\/v2\/Users\/[0-9a-f-]{36}$/);
    const id = created.body.id as string;
    for (const path of [`/users/${id}`, `/USERS/${id}`, `//users/${id}`, `/uSeRs/${id}`]) {
      const got = await t.scim("GET", path);
      expect(got.status, path).toBe(200);
      expect(got.body.id).toBe(id);
    }
    const listed = await t.scim("GET", `/users?filter=${encodeURIComponent('userName eq "ADA@example.com"')}`);
    expect(listed.body.totalResults).toBe(1);

    const group = await t.scim("POST", "/GROUPS", { body: { displayName: "Team", members: [{ value: id }] } });
    expect(group.status).toBe(201);
    const patch = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "displayName", value: "Team 2" }] };
    expect((await t.scim("PATCH", `/groups/${group.body.id as string}`, { body: patch })).status).toBe(204);
    expect((await t.scim("PUT", `/users/${id}`, { body: { userName: "ada@example.com", displayName: "Ada" } })).body.displayName).toBe("Ada");

    for (const path of ["/users/.search", "/Users/.SEARCH", "/.Search"]) {
      const found = await t.scim("POST", path, { body: { filter: 'userName eq "ada@example.com"' } });
      expect(found.status, path).toBe(200);
      expect(found.body.totalResults, path).toBe(1);
    }
    const bulk = await t.scim("POST", "/bulk", {
      body: { schemas: [BULK], Operations: [{ method: "POST", path: "/users", bulkId: "b", data: { userName: "bob@example.com" } }] },
    });
    expect(bulk.status).toBe(200);
    expect(bulk.body.Operations[0].status).toBe("201");

    expect((await t.scim("DELETE", `/users/${id}`)).status).toBe(204);
    expect((await t.scim("GET", `/Users/${id}`)).status).toBe(404);
  });

  it("serves the discovery documents in any case", async () => {
    const t = await setup();
    for (const path of ["/serviceproviderconfig", "/SERVICEPROVIDERCONFIG", "/resourcetypes", "/resourcetypes/User", "/schemas", "/schemas/urn:ietf:params:scim:schemas:core:2.0:User"]) {
      const r = await t.scim("GET", path);
      expect(r.status, path).toBe(200);
      expect(r.headers.get("content-type")).toBe("application/scim+json");
    }
  });

  it("still answers 401 first, 404 for what names no endpoint, 405 for a verb the endpoint lacks", async () => {
    const t = await setup();
    expect((await t.scim("GET", "/users", { token: "rst_scim_wrong" })).status).toBe(401);
    for (const path of ["/people", "/users/x/y", "/usersx", "/user"]) {
      const r = await t.scim("GET", path);
      expect(r.status, path).toBe(404);
      expect(r.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);
    }
    const r = await t.scim("DELETE", "/users");
    expect(r.status).toBe(405);
    expect(r.body.status).toBe("405");
  });
});
