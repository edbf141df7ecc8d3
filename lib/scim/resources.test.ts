import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import {
  etagMatches,
  etagOf,
  groupColumns,
  parseEtag,
  parseResourceBody,
  projectResource,
  serializeGroup,
  serializeUser,
  userColumns,
} from "./resources";
import { ENTERPRISE_USER_SCHEMA, GROUP_SCHEMA, USER_SCHEMA } from "./schema";

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

const CUSTOM = "urn:pingone:custom:2.0:User";

describe("parseResourceBody", () => {
  it("reads a PingOne create body with canonical case and drops nothing it should keep", () => {
    const { data, externalId, extensionSchemas } = parseResourceBody("User", {
      schemas: [USER_SCHEMA],
      username: "alice@example.com",
      Name: { GivenName: "Alice", familyname: "Liddell" },
      emails: [{ value: "alice@example.com", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555", type: "work" }],
      active: false,
    });
    expect(data).toEqual({
      userName: "alice@example.com",
      name: { givenName: "Alice", familyName: "Liddell" },
      emails: [{ value: "alice@example.com", type: "work", primary: true }],
      phoneNumbers: [{ value: "+1 555", type: "work" }],
      active: false,
    });
    expect(externalId).toBeUndefined();
    expect(extensionSchemas).toEqual([]);
  });

  it("drops password, groups, id and meta from an Okta create body and keeps externalId", () => {
    const parsed = parseResourceBody("User", {
      schemas: [USER_SCHEMA],
      id: "client-chosen",
      meta: { resourceType: "User" },
      userName: "bob",
      externalId: "00u1",
      password: "hunter2",
      groups: [],
      locale: "en-US",
    });
    expect(parsed.data).toEqual({ userName: "bob", externalId: "00u1", locale: "en-US" });
    expect(parsed.externalId).toBe("00u1");
    expect(JSON.stringify(parsed)).not.toContain("hunter2");
  });

  it("reads an Entra create body: enterprise extension, string booleans, bare manager id, roles: []", () => {
    const { data, extensionSchemas } = parseResourceBody("User", {
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      userName: "carol@contoso.com",
      active: "True",
      roles: [],
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "42", Department: "R&D", manager: "mgr-id" },
    });
    expect(data.active).toBe(true);
    expect(data.roles).toBeUndefined();
    expect(data[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "42", department: "R&D", manager: { value: "mgr-id" } });
    expect(extensionSchemas).toEqual([ENTERPRISE_USER_SCHEMA]);
  });

  it("keeps a declared custom extension as given and ignores an undeclared one", () => {
    const { data } = parseResourceBody("User", {
      schemas: [USER_SCHEMA, CUSTOM],
      userName: "d",
      [CUSTOM]: { badgeColour: "blue", nested: { a: 1, b: null } },
      "urn:not:declared:User": { x: 1 },
    });
    expect(data[CUSTOM]).toEqual({ badgeColour: "blue", nested: { a: 1 } });
    expect(data["urn:not:declared:User"]).toBeUndefined();
  });

  it("keeps only the first primary when PingOne marks two emails primary", () => {
    const { data } = parseResourceBody("User", {
      userName: "e",
      emails: [
        { value: "a@x", type: "work", primary: true },
        { value: "b@x", type: "home", primary: "true" },
      ],
    });
    expect(data.emails).toEqual([
      { value: "a@x", type: "work", primary: true },
      { value: "b@x", type: "home", primary: false },
    ]);
  });

  it("wraps a single object where an array is expected, and treats null as absent", () => {
    const { data } = parseResourceBody("User", {
      userName: "f",
      emails: { value: "f@x", type: "work" },
      title: null,
      name: { givenName: null },
    });
    expect(data).toEqual({ userName: "f", emails: [{ value: "f@x", type: "work" }] });
  });

  it("tolerates a missing schemas array and unknown core attributes", () => {
    expect(parseResourceBody("User", { userName: "g", favouriteColour: "red" }).data).toEqual({ userName: "g" });
  });

  it("reads a group with members and an extra Microsoft URN (Entra)", () => {
    const parsed = parseResourceBody("Group", {
      schemas: [GROUP_SCHEMA, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
      displayName: "Engineering",
      externalId: "g-1",
      members: [{ value: "u1", display: "Alice", $ref: null }, { value: "u2" }, { value: "u1" }],
    });
    expect(parsed.data).toEqual({ displayName: "Engineering", externalId: "g-1" });
    expect(parsed.members).toEqual([{ value: "u1" }, { value: "u2" }]);
  });

  it("distinguishes absent members from an empty list (Okta POSTs members: [])", () => {
    expect(parseResourceBody("Group", { displayName: "a" }).members).toBeUndefined();
    expect(parseResourceBody("Group", { displayName: "a", members: [] }).members).toEqual([]);
  });

  it.each([
    ["a non-object body", "User", [], "invalidSyntax"],
    ["a string body", "User", "x", "invalidSyntax"],
    ["schemas that is not an array", "User", { schemas: USER_SCHEMA, userName: "a" }, "invalidSyntax"],
    ["a Group body sent to /Users", "User", { schemas: [GROUP_SCHEMA], userName: "a" }, "invalidSyntax"],
    ["a missing userName", "User", { name: { givenName: "x" } }, "invalidValue"],
    ["an empty userName", "User", { userName: "  " }, "invalidValue"],
    ["a missing displayName", "Group", { members: [] }, "invalidValue"],
    ["an object userName", "User", { userName: { a: 1 } }, "invalidValue"],
    ["a non-boolean active", "User", { userName: "a", active: "maybe" }, "invalidValue"],
    ["a string name", "User", { userName: "a", name: "Alice" }, "invalidValue"],
    ["an array for a single-valued attribute", "User", { userName: ["a"] }, "invalidValue"],
    ["a member without value", "Group", { displayName: "a", members: [{ display: "x" }] }, "invalidValue"],
    ["a member with a numeric value", "Group", { displayName: "a", members: [{ value: 5 }] }, "invalidValue"],
    ["a non-object extension", "User", { userName: "a", [ENTERPRISE_USER_SCHEMA]: "x" }, "invalidValue"],
  ] as const)("rejects %s", (_label, kind, body, scimType) => {
    const err = scimError(() => parseResourceBody(kind, body));
    expect(err.status).toBe(400);
    expect(err.scimType).toBe(scimType);
  });

  it("names the offending attribute in the error", () => {
    expect(scimError(() => parseResourceBody("User", { userName: "a", active: 3 })).detail).toContain("active");
  });

  it("refuses prototype keys anywhere without polluting Object.prototype", () => {
    const bodies = [
      JSON.parse('{"userName":"a","__proto__":{"polluted":1}}'),
      JSON.parse('{"userName":"a","name":{"__proto__":{"polluted":1}}}'),
      JSON.parse(`{"schemas":["${CUSTOM}"],"userName":"a","${CUSTOM}":{"x":{"__proto__":{"polluted":1}}}}`),
      { userName: "a", constructor: { prototype: { polluted: 1 } } },
    ];
    for (const body of bodies) {
      const err = scimError(() => parseResourceBody("User", body));
      expect(err.status).toBe(400);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("columns", () => {
  it("derives user columns: primary email, else work, else first", () => {
    const base = { userName: "a", name: { givenName: "A", familyName: "B" } };
    expect(userColumns({ ...base, emails: [{ value: "h@x", type: "home" }, { value: "p@x", primary: true }] }).primaryEmail).toBe("p@x");
    expect(userColumns({ ...base, emails: [{ value: "h@x", type: "home" }, { value: "w@x", type: "Work" }] }).primaryEmail).toBe("w@x");
    expect(userColumns({ ...base, emails: [{ value: "h@x", type: "home" }] }).primaryEmail).toBe("h@x");
    expect(userColumns(base)).toEqual({
      userName: "a",
      externalId: null,
      active: true,
      displayName: null,
      givenName: "A",
      familyName: "B",
      primaryEmail: null,
    });
    expect(userColumns({ userName: "a", active: false }).active).toBe(false);
  });

  it("derives group columns", () => {
    expect(groupColumns({ displayName: "G", externalId: "x" })).toEqual({ displayName: "G", externalId: "x" });
  });
});

describe("serialize", () => {
  const row = {
    id: "u-1",
    data: { userName: "a", [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "1" } },
    createdAt: new Date("2025-01-01T00:00:00Z"),
    updatedAt: new Date("2025-01-02T00:00:00Z"),
    version: 3,
  };

  it("builds a user with schemas, groups $ref and meta", () => {
    const u = serializeUser({ ...row, groups: [{ value: "g-1", display: "Eng" }] }, "https://x/api/scim/d/v2/");
    expect(u).toEqual({
      schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
      id: "u-1",
      userName: "a",
      [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "1" },
      groups: [{ value: "g-1", $ref: "https://x/api/scim/d/v2/Groups/g-1", display: "Eng", type: "direct" }],
      meta: {
        resourceType: "User",
        created: "2025-01-01T00:00:00.000Z",
        lastModified: "2025-01-02T00:00:00.000Z",
        location: "https://x/api/scim/d/v2/Users/u-1",
        version: 'W/"3"',
      },
    });
  });

  it("builds a group with members", () => {
    const g = serializeGroup(
      { ...row, id: "g-1", data: { displayName: "Eng" }, members: [{ value: "u-1", display: "a" }] },
      "https://x/v2",
    );
    expect(g.schemas).toEqual([GROUP_SCHEMA]);
    expect(g.members).toEqual([{ value: "u-1", $ref: "https://x/v2/Users/u-1", display: "a", type: "User" }]);
    expect(g.meta?.location).toBe("https://x/v2/Groups/g-1");
  });

  it("never returns a stored password", () => {
    expect(serializeUser({ ...row, data: { userName: "a", password: "p" } }, "https://x").password).toBeUndefined();
  });

  it("formats and parses ETags", () => {
    expect(etagOf(7)).toBe('W/"7"');
    expect(parseEtag('W/"3"')).toBe(3);
    expect(parseEtag('"3"')).toBe(3);
    expect(parseEtag("3")).toBe(3);
    expect(parseEtag("*")).toBe("*");
    expect(parseEtag("W/abc")).toBeUndefined();
    expect(etagMatches('W/"1", W/"3"', 3)).toBe(true);
    expect(etagMatches('W/"1"', 3)).toBe(false);
    expect(etagMatches("*", 3)).toBe(true);
  });
});

describe("projectResource", () => {
  const user = serializeUser(
    {
      id: "u-1",
      data: {
        userName: "a",
        name: { givenName: "A", familyName: "B" },
        emails: [
          { value: "a@x", type: "work" },
          { value: "b@x", type: "home" },
        ],
        [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "1", department: "R&D" },
      },
      createdAt: new Date(0),
      updatedAt: new Date(0),
      version: 1,
    },
    "https://x",
  );

  it("returns only the requested attributes plus schemas and id", () => {
    expect(projectResource(user, "User", { attributes: ["USERNAME"] })).toEqual({
      schemas: user.schemas,
      id: "u-1",
      userName: "a",
    });
  });

  it("selects sub-attributes of complex and multi-valued attributes", () => {
    const p = projectResource(user, "User", { attributes: ["name.givenName", "emails.value", "name.familyName"] });
    expect(p.name).toEqual({ givenName: "A", familyName: "B" });
    expect(p.emails).toEqual([{ value: "a@x" }, { value: "b@x" }]);
    expect(p.meta).toBeUndefined();
  });

  it("understands URN-qualified names", () => {
    const p = projectResource(user, "User", {
      attributes: [`${USER_SCHEMA}:userName`, `${ENTERPRISE_USER_SCHEMA}:employeeNumber`],
    });
    expect(p.userName).toBe("a");
    expect(p[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1" });
    expect(projectResource(user, "User", { attributes: [ENTERPRISE_USER_SCHEMA] })[ENTERPRISE_USER_SCHEMA]).toEqual({
      employeeNumber: "1",
      department: "R&D",
    });
  });

  it("returns a multi-valued attribute with only the values a value filter selects", () => {
    // Microsoft's SCIM test collection: attributes=emails[type eq "work"].
    expect(projectResource(user, "User", { attributes: ['emails[type eq "work"]'] }).emails).toEqual([{ value: "a@x", type: "work" }]);
    expect(projectResource(user, "User", { attributes: ['EMAILS[TYPE eq "WORK"].value'] }).emails).toEqual([{ value: "a@x" }]);
    expect(projectResource(user, "User", { attributes: [`${USER_SCHEMA}:emails[type eq "home" or value co "zz"]`] }).emails).toEqual([
      { value: "b@x", type: "home" },
    ]);
    expect(projectResource(user, "User", { attributes: ['emails[type eq "other"]'] }).emails).toBeUndefined();
    expect(() => projectResource(user, "User", { attributes: ["emails[type eq"] })).toThrow(ScimError);
  });

  it("reads a bare name of the extension as the extension's attribute", () => {
    expect(projectResource(user, "User", { attributes: ["employeeNumber"] })[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1" });
    const without = projectResource(user, "User", { excludedAttributes: ["department"] });
    expect(without[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1" });
  });

  it("accepts parsed attribute paths", () => {
    const p = projectResource(user, "User", { attributes: [{ schema: undefined, attr: "name", sub: "givenName" }] });
    expect(p.name).toEqual({ givenName: "A" });
  });

  it("excludes attributes but never id or schemas", () => {
    const p = projectResource(user, "User", {
      excludedAttributes: ["emails", "id", "name.familyName", `${ENTERPRISE_USER_SCHEMA}:department`, "schemas"],
    });
    expect(p.id).toBe("u-1");
    expect(p.schemas).toEqual(user.schemas);
    expect(p.emails).toBeUndefined();
    expect(p.name).toEqual({ givenName: "A" });
    expect(p[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1" });
    expect(p.meta).toBeDefined();
    // The input is left alone.
    expect(user.name).toEqual({ givenName: "A", familyName: "B" });
    expect(user[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1", department: "R&D" });
  });

  it("excludes members from a group (Entra's excludedAttributes=members)", () => {
    const g = serializeGroup(
      { id: "g", data: { displayName: "G" }, createdAt: new Date(0), updatedAt: new Date(0), version: 1, members: [{ value: "u" }] },
      "https://x",
    );
    const p = projectResource(g, "Group", { excludedAttributes: ["members"] });
    expect(p.members).toBeUndefined();
    expect(p.displayName).toBe("G");
  });

  it("never returns password even when asked", () => {
    const withPw = { ...user, password: "p" };
    expect(projectResource(withPw, "User", { attributes: ["password"] }).password).toBeUndefined();
    expect(projectResource(withPw, "User", {}).password).toBeUndefined();
  });
});

describe("projectResource with filter.ts paths", () => {
  it("understands a bare extension URN split at its last colon", () => {
    const u = serializeUser(
      { id: "u", data: { userName: "a", [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "1" } }, createdAt: new Date(0), updatedAt: new Date(0), version: 1 },
      "https://x",
    );
    const split = { schema: "urn:ietf:params:scim:schemas:extension:enterprise:2.0", attr: "User", sub: undefined };
    expect(projectResource(u, "User", { attributes: [split] })[ENTERPRISE_USER_SCHEMA]).toEqual({ employeeNumber: "1" });
    expect(projectResource(u, "User", { excludedAttributes: [split] })[ENTERPRISE_USER_SCHEMA]).toBeUndefined();
  });
});
