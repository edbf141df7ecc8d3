/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// Requests from the providers' own documents, through the route handlers: Entra's "Add
// manager" (a bare extension attribute name as PATCH path) and the bare names in filters,
// `attributes` and `sortBy`; Microsoft's SCIM test collection's `attributes=emails[type eq "work"]`.
import { describe, expect, it } from "vitest";
import { makeDirectory } from "@/test/scim-helpers";
import { scimClient } from "@/test/scim-client";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function setup() {
  const t = await makeDirectory("entra");
  const scim = scimClient(t.directoryId, t.token);
  const make = async (userName: string, employeeNumber: string) => {
    const r = await scim("POST", "/Users", {
      body: {
        schemas: [USER, ENTERPRISE],
        userName,
        emails: [
          { value: `${userName}`, type: "work", primary: true },
          { value: `home.${userName}`, type: "home" },
        ],
        [ENTERPRISE]: { employeeNumber },
      },
    });
    expect(r.status).toBe(201);
    return r.body.id as string;
  };
  return { ...t, scim, make };
}

describe("Entra ID's documented requests", () => {
  it('"Add manager" with "path": "manager" and a value list sets the enterprise manager', async () => {
    const t = await setup();
    const boss = await t.make("boss@example.com", "1");
    const employee = await t.make("employee@example.com", "2");
    const patched = await t.scim("PATCH", `/Users/${employee}`, {
      body: { schemas: [PATCH], Operations: [{ op: "Add", path: "manager", value: [{ $ref: null, value: boss }] }] },
    });
    expect(patched.status, patched.text).toBe(200);
    expect(patched.body[ENTERPRISE].manager.value).toBe(boss);

    // The bare name in a filter, in `attributes` and in `sortBy` means the same attribute.
    const found = await t.scim("GET", `/Users?filter=${encodeURIComponent(`manager.value eq "${boss}"`)}&attributes=manager`);
    expect(found.body.totalResults).toBe(1);
    expect(found.body.Resources[0].id).toBe(employee);
    expect(found.body.Resources[0][ENTERPRISE]).toEqual({ manager: { value: boss } });
    expect(found.body.Resources[0].userName).toBeUndefined();

    const sorted = await t.scim("GET", "/Users?sortBy=employeeNumber&sortOrder=descending&attributes=employeeNumber");
    expect(sorted.body.Resources.map((r: { id: string }) => r.id)).toEqual([employee, boss]);

    const removed = await t.scim("PATCH", `/Users/${employee}`, {
      body: { schemas: [PATCH], Operations: [{ op: "Remove", path: "manager" }] },
    });
    expect(removed.body[ENTERPRISE]).toEqual({ employeeNumber: "2" });
  });
});

describe("Microsoft's SCIM test collection", () => {
  it('attributes=emails[type eq "work"] returns the matching email values only, on lists, reads and .search', async () => {
    const t = await setup();
    const id = await t.make("ada@example.com", "7");
    const query = `attributes=${encodeURIComponent('emails[type eq "work"]')}`;
    const listed = await t.scim("GET", `/Users?filter=${encodeURIComponent('userName eq "ada@example.com"')}&${query}`);
    expect(listed.body.Resources[0].emails).toEqual([{ value: "ada@example.com", type: "work", primary: true }]);
    const read = await t.scim("GET", `/Users/${id}?${query}`);
    expect(read.body).toEqual({ schemas: [USER, ENTERPRISE], id, emails: [{ value: "ada@example.com", type: "work", primary: true }] });
    const sub = await t.scim("GET", `/Users/${id}?attributes=${encodeURIComponent('emails[type eq "home"].value,userName')}`);
    expect(sub.body.emails).toEqual([{ value: "home.ada@example.com" }]);
    expect(sub.body.userName).toBe("ada@example.com");
    const searched = await t.scim("POST", "/Users/.search", { body: { attributes: ['emails[type eq "work"].value'] } });
    expect(searched.body.Resources[0].emails).toEqual([{ value: "ada@example.com" }]);
    const bad = await t.scim("GET", `/Users/${id}?attributes=${encodeURIComponent("emails[type eq")}`);
    expect(bad.status).toBe(400);
  });
});

describe("content negotiation (RFC 7644 §8.1)", () => {
  it("answers application/json to a client that accepts only that (OneLogin's documentation asks for it), else application/scim+json", async () => {
    const t = await setup();
    const cases: [string | undefined, string][] = [
      [undefined, "application/scim+json"],
      ["application/json", "application/json"],
      ["application/json; charset=utf-8", "application/json"],
      ["application/scim+json, application/json", "application/scim+json"],
      ["application/json, */*;q=0.1", "application/scim+json"],
      ["text/html", "application/scim+json"],
    ];
    for (const [accept, expected] of cases) {
      const reply = await t.scim("GET", "/Users", { headers: accept ? { accept } : {} });
      expect(reply.headers.get("content-type"), accept).toBe(expected);
      const error = await t.scim("GET", "/Users/nope", { headers: accept ? { accept } : {} });
      expect([error.status, error.headers.get("content-type")], accept).toEqual([404, expected]);
    }
  });
});
