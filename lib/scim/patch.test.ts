import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ScimError } from "./errors";
import { applyPatch, parsePatchBody } from "./patch";
import { ENTERPRISE_USER_SCHEMA, PATCH_OP_SCHEMA } from "./schema";

const ENT = ENTERPRISE_USER_SCHEMA;
const CUSTOM = "urn:pingone:custom:2.0:User";

function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ScimError) return e;
    throw e;
  }
  throw new Error("expected a ScimError");
}

const user = () => ({
  data: {
    userName: "bjensen",
    externalId: "ext-1",
    name: { givenName: "Barbara", familyName: "Jensen" },
    emails: [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ],
    addresses: [{ type: "work", streetAddress: "100 Universal City Plaza", locality: "Hollywood" }],
    active: true,
    [ENT]: { employeeNumber: "701984", manager: { value: "m-1" } },
  } as Record<string, unknown>,
});
const group = () => ({ data: { displayName: "Tour Guides" } as Record<string, unknown> });

/** parsePatchBody + applyPatch, the way the route handler calls them. */
function patch(kind: "User" | "Group", current: { data: Record<string, unknown> }, ops: unknown[]) {
  return applyPatch(kind, current, parsePatchBody({ schemas: [PATCH_OP_SCHEMA], Operations: ops }));
}
const patchUser = (ops: unknown[], current = user()) => patch("User", current, ops);
const patchGroup = (ops: unknown[], current = group()) => patch("Group", current, ops);

function expectError(fn: () => unknown, status: number, scimType: string | undefined) {
  const err = scimError(fn);
  expect({ status: err.status, scimType: err.scimType }).toEqual({ status, scimType });
  return err;
}

describe("parsePatchBody", () => {
  it("accepts op names in any case (Entra: Replace; ADD)", () => {
    const ops = parsePatchBody({
      schemas: [PATCH_OP_SCHEMA],
      Operations: [
        { op: "Replace", path: "active", value: false },
        { op: "ADD", path: "title", value: "x" },
        { op: "remove", path: " title " },
      ],
    });
    expect(ops).toEqual([
      { op: "replace", path: "active", value: false },
      { op: "add", path: "title", value: "x" },
      { op: "remove", path: "title" },
    ]);
  });

  it("tolerates a missing schemas array", () => {
    expect(parsePatchBody({ Operations: [{ op: "remove", path: "title" }] })).toHaveLength(1);
  });

  it.each([
    ["a non-object body", [], "invalidSyntax"],
    ["null", null, "invalidSyntax"],
    ["missing Operations", { schemas: [PATCH_OP_SCHEMA] }, "invalidSyntax"],
    ["empty Operations", { Operations: [] }, "invalidSyntax"],
    ["Operations not an array", { Operations: { op: "add" } }, "invalidSyntax"],
    ["the wrong schemas", { schemas: ["urn:x"], Operations: [{ op: "remove", path: "a" }] }, "invalidSyntax"],
    ["an unknown op", { Operations: [{ op: "move", path: "a" }] }, "invalidSyntax"],
    ["an op that is not an object", { Operations: ["add"] }, "invalidSyntax"],
    ["a non-string path", { Operations: [{ op: "remove", path: 5 }] }, "invalidPath"],
    ["add without value", { Operations: [{ op: "add", path: "title" }] }, "invalidValue"],
    ["too many operations", { Operations: Array.from({ length: 1001 }, () => ({ op: "remove", path: "title" })) }, "tooMany"],
  ])("rejects %s", (_label, body, scimType) => {
    expectError(() => parsePatchBody(body), 400, scimType);
  });
});

describe("RFC 7644 §3.5.2 examples", () => {
  it("§3.5.2.1 path-less add of emails and nickName", () => {
    const { data, changed } = patchUser([
      { op: "add", value: { emails: [{ value: "babs@jensen.org", type: "home" }, { value: "b2@x.org", type: "other" }], nickName: "Babs" } },
    ]);
    expect(changed).toBe(true);
    expect(data.nickName).toBe("Babs");
    // The existing home email is not duplicated; the new one is appended.
    expect(data.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
      { value: "b2@x.org", type: "other" },
    ]);
  });

  it("§3.5.2.1 add members", () => {
    const r = patchGroup([
      { op: "add", path: "members", value: [{ display: "Babs Jensen", $ref: "https://example.com/v2/Users/2819c223", value: "2819c223" }] },
    ]);
    expect(r.membership).toEqual([{ kind: "add", ids: ["2819c223"] }]);
    expect(r.data).toEqual(group().data);
    expect(r.changed).toBe(false);
  });

  it("§3.5.2.2 remove one member, several members, all members", () => {
    expect(patchGroup([{ op: "remove", path: 'members[value eq "2819c223-7f76-453a-919d-413861904646"]' }]).membership).toEqual([
      { kind: "remove", ids: ["2819c223-7f76-453a-919d-413861904646"] },
    ]);
    expect(
      patchGroup([
        { op: "remove", path: 'members[value eq "a"]' },
        { op: "remove", path: 'members[value eq "b"]' },
      ]).membership,
    ).toEqual([
      { kind: "remove", ids: ["a"] },
      { kind: "remove", ids: ["b"] },
    ]);
    expect(patchGroup([{ op: "remove", path: "members" }]).membership).toEqual([{ kind: "removeAll" }]);
  });

  it("§3.5.2.2 remove all members then add two", () => {
    expect(
      patchGroup([
        { op: "remove", path: "members" },
        { op: "add", path: "members", value: [{ value: "a" }, { value: "b" }] },
      ]).membership,
    ).toEqual([{ kind: "removeAll" }, { kind: "add", ids: ["a", "b"] }]);
  });

  it("§3.5.2.2 remove emails matching a complex filter", () => {
    const { data } = patchUser([{ op: "remove", path: 'emails[type eq "work" and value ew "example.com"]' }]);
    expect(data.emails).toEqual([{ value: "babs@jensen.org", type: "home" }]);
  });

  it("§3.5.2.2 remove a single-valued attribute and a sub-attribute", () => {
    const { data } = patchUser([
      { op: "remove", path: "name.givenName" },
      { op: "remove", path: `${ENT}:manager` },
    ]);
    expect(data.name).toEqual({ familyName: "Jensen" });
    expect(data[ENT]).toEqual({ employeeNumber: "701984" });
  });

  it("§3.5.2.3 replace members", () => {
    expect(patchGroup([{ op: "replace", path: "members", value: [{ value: "x" }, { value: "y" }] }]).membership).toEqual([
      { kind: "replace", ids: ["x", "y"] },
    ]);
  });

  it("§3.5.2.3 replace the work address element", () => {
    const value = { type: "work", streetAddress: "911 Universal City Plaza", locality: "Hollywood", region: "CA", postalCode: "91608", country: "US", primary: true };
    const { data } = patchUser([{ op: "replace", path: 'addresses[type eq "work"]', value }]);
    expect(data.addresses).toEqual([value]);
  });

  it("§3.5.2.3 replace a sub-attribute of the work address", () => {
    const { data } = patchUser([{ op: "replace", path: 'addresses[type eq "work"].streetAddress', value: "1010 Broadway Ave" }]);
    expect(data.addresses).toEqual([{ type: "work", streetAddress: "1010 Broadway Ave", locality: "Hollywood" }]);
  });

  it("§3.5.2.3 path-less replace of emails and nickName", () => {
    const emails = [
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ];
    const { data } = patchUser([{ op: "replace", value: { emails, nickName: "Babs" } }]);
    expect(data.emails).toEqual(emails);
    expect(data.nickName).toBe("Babs");
  });

  it("§3.5.2.3 replace of a complex attribute keeps unspecified sub-attributes", () => {
    const { data } = patchUser([{ op: "replace", path: "name", value: { givenName: "Babs" } }]);
    expect(data.name).toEqual({ givenName: "Babs", familyName: "Jensen" });
  });
});

describe("provider forms (IDP-BEHAVIOUR.md)", () => {
  it("Okta deactivation: path-less replace {active:false}", () => {
    const r = patchUser([{ op: "replace", value: { active: false } }]);
    expect(r.data.active).toBe(false);
    expect(r.changed).toBe(true);
  });

  it("Okta group rename: path-less replace {id, displayName} ignores id", () => {
    const r = patchGroup([{ op: "replace", value: { id: "g-1", displayName: "Renamed" } }]);
    expect(r.data).toEqual({ displayName: "Renamed" });
  });

  it("Okta membership: remove by filter plus add with display", () => {
    const r = patchGroup([
      { op: "remove", path: 'members[value eq "u1"]' },
      { op: "add", path: "members", value: [{ value: "u2", display: "Bob" }] },
    ]);
    expect(r.membership).toEqual([
      { kind: "remove", ids: ["u1"] },
      { kind: "add", ids: ["u2"] },
    ]);
  });

  it("Entra: capitalised ops and string booleans", () => {
    expect(patchUser([{ op: "Replace", path: "active", value: "False" }]).data.active).toBe(false);
    expect(patchUser([{ op: "Add", path: "emails[type eq \"work\"].primary", value: "True" }]).data.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: true },
      { value: "babs@jensen.org", type: "home" },
    ]);
  });

  it("Entra: path-less replace with dotted and URN keys", () => {
    const { data } = patchUser([
      {
        op: "Replace",
        value: {
          "name.givenName": "Babs",
          [`${ENT}:employeeNumber`]: "1",
          [`${ENT}:department`]: "Sales",
          'emails[type eq "work"].value': "babs@work.example",
        },
      },
    ]);
    expect(data.name).toEqual({ givenName: "Babs", familyName: "Jensen" });
    expect(data[ENT]).toEqual({ employeeNumber: "1", manager: { value: "m-1" }, department: "Sales" });
    expect((data.emails as { value: string }[])[0]?.value).toBe("babs@work.example");
  });

  it("Entra: manager as a bare string, and manager.value", () => {
    expect(patchUser([{ op: "Replace", path: `${ENT}:manager`, value: "m-2" }]).data[ENT]).toEqual({
      employeeNumber: "701984",
      manager: { value: "m-2" },
    });
    expect(patchUser([{ op: "Add", path: `${ENT}:manager.value`, value: "m-3" }]).data[ENT]).toEqual({
      employeeNumber: "701984",
      manager: { value: "m-3" },
    });
  });

  it("Entra's documented Add manager: a bare `manager` path with a one-element value list", () => {
    const op = { op: "Add", path: "manager", value: [{ $ref: null, value: "2819c223-7f76-453a-919d-413861904646" }] };
    expect(patchUser([op]).data[ENT]).toEqual({
      employeeNumber: "701984",
      manager: { value: "2819c223-7f76-453a-919d-413861904646" },
    });
    // Bare names of the extension everywhere a path goes: sub-attributes, remove, path-less keys.
    expect(patchUser([{ op: "replace", path: "manager.value", value: "m-9" }]).data[ENT]).toMatchObject({ manager: { value: "m-9" } });
    expect(patchUser([{ op: "remove", path: "manager" }]).data[ENT]).toEqual({ employeeNumber: "701984" });
    expect(patchUser([{ op: "replace", value: { department: "R&D" } }]).data[ENT]).toMatchObject({ department: "R&D" });
    // A list of two for a single-valued attribute is still an error.
    expectError(() => patchUser([{ ...op, value: [{ value: "a" }, { value: "b" }] }]), 400, "invalidValue");
    // A core name stays the core attribute.
    expect(patchUser([{ op: "replace", path: "displayName", value: "D" }]).data.displayName).toBe("D");
  });

  it("Entra: employeeNumber through its URN path", () => {
    expect(patchUser([{ op: "Add", path: `${ENT}:employeeNumber`, value: "42" }]).data[ENT]).toMatchObject({ employeeNumber: "42" });
    // A user without the extension yet gets it.
    const bare = { data: { userName: "x" } };
    expect(patchUser([{ op: "add", path: `${ENT}:employeeNumber`, value: "42" }], bare).data).toEqual({
      userName: "x",
      [ENT]: { employeeNumber: "42" },
    });
  });

  it("Entra old member removal with a value array removes ONLY the listed members", () => {
    const r = patchGroup([{ op: "Remove", path: "members", value: [{ value: "u1" }, { value: "u2" }] }]);
    expect(r.membership).toEqual([{ kind: "remove", ids: ["u1", "u2"] }]);
  });

  it("Entra add member with $ref: null", () => {
    expect(patchGroup([{ op: "Add", path: "members", value: [{ $ref: null, value: "u1" }] }]).membership).toEqual([
      { kind: "add", ids: ["u1"] },
    ]);
  });

  it("members filter joined with or", () => {
    expect(patchGroup([{ op: "remove", path: 'members[value eq "a" or value eq "b"]' }]).membership).toEqual([
      { kind: "remove", ids: ["a", "b"] },
    ]);
  });

  it("path-less add/replace with a members key (JumpCloud, PingOne)", () => {
    expect(patchGroup([{ op: "add", value: { members: [{ value: "a" }] } }]).membership).toEqual([{ kind: "add", ids: ["a"] }]);
    expect(patchGroup([{ op: "replace", value: { displayName: "G2", members: [{ value: "a" }] } }])).toMatchObject({
      data: { displayName: "G2" },
      membership: [{ kind: "replace", ids: ["a"] }],
    });
  });

  it("PingOne/Entra: add emails[type eq \"work\"].value creates the work email when there is none", () => {
    const current = { data: { userName: "x", emails: [{ value: "h@x", type: "home" }] } };
    expect(patchUser([{ op: "add", path: 'emails[type eq "work"].value', value: "w@x" }], current).data.emails).toEqual([
      { value: "h@x", type: "home" },
      { type: "work", value: "w@x" },
    ]);
    const none = { data: { userName: "x" } };
    expect(patchUser([{ op: "add", path: 'emails[type eq "work"].value', value: "w@x" }], none).data.emails).toEqual([
      { type: "work", value: "w@x" },
    ]);
  });

  it("PingOne: replace the work phone number element", () => {
    const current = { data: { userName: "x", phoneNumbers: [{ value: "1", type: "work" }] } };
    expect(
      patchUser([{ op: "replace", path: 'phoneNumbers[type eq "work"]', value: { value: "2", type: "work" } }], current).data.phoneNumbers,
    ).toEqual([{ value: "2", type: "work" }]);
  });

  it("a newly added primary email takes over primary", () => {
    const { data } = patchUser([{ op: "add", path: "emails", value: [{ value: "new@x", type: "other", primary: true }] }]);
    expect(data.emails).toEqual([
      { value: "bjensen@example.com", type: "work", primary: false },
      { value: "babs@jensen.org", type: "home" },
      { value: "new@x", type: "other", primary: true },
    ]);
  });

  it("password is accepted and dropped", () => {
    const r = patchUser([
      { op: "replace", path: "password", value: "hunter2" },
      { op: "replace", value: { password: "hunter3" } },
    ]);
    expect(JSON.stringify(r.data)).not.toContain("hunter");
    expect(r.changed).toBe(false);
  });

  it("custom extension attributes are kept, by path and path-less", () => {
    const r = patchUser([
      { op: "add", path: `${CUSTOM}:badge`, value: "blue" },
      { op: "replace", value: { [CUSTOM]: { floor: 3 } } },
    ]);
    expect(r.data[CUSTOM]).toEqual({ badge: "blue", floor: 3 });
    expect(patchUser([{ op: "remove", path: `${CUSTOM}:badge` }], { data: r.data }).data[CUSTOM]).toEqual({ floor: 3 });
    expect(patchUser([{ op: "remove", path: CUSTOM }], { data: r.data }).data[CUSTOM]).toBeUndefined();
  });
});

describe("semantics", () => {
  it("a no-op PATCH reports changed: false", () => {
    expect(patchUser([{ op: "replace", path: "userName", value: "bjensen" }]).changed).toBe(false);
    expect(patchUser([{ op: "remove", path: "nickName" }]).changed).toBe(false);
    expect(patchUser([{ op: "add", path: "emails", value: { value: "babs@jensen.org", type: "home" } }]).changed).toBe(false);
  });

  it("never modifies the input, and is all-or-nothing", () => {
    const current = user();
    const before = structuredClone(current);
    patchUser([{ op: "replace", path: "nickName", value: "x" }], current);
    expectError(() => patchUser([{ op: "replace", path: "nickName", value: "x" }, { op: "replace", path: "active", value: "maybe" }], current), 400, "invalidValue");
    expect(current).toEqual(before);
  });

  it("remove of a non-existent attribute or a non-matching filter is fine", () => {
    expect(patchUser([{ op: "remove", path: "title" }]).changed).toBe(false);
    expect(patchUser([{ op: "remove", path: 'emails[type eq "pager"]' }]).changed).toBe(false);
  });

  it("replace of an absent attribute adds it", () => {
    expect(patchUser([{ op: "replace", path: "title", value: "CEO" }]).data.title).toBe("CEO");
  });

  it("replace with null clears", () => {
    expect(patchUser([{ op: "replace", path: "nickName", value: null }], { data: { userName: "a", nickName: "n" } }).data).toEqual({ userName: "a" });
  });

  it("attribute names are case-insensitive and stored canonically", () => {
    const { data } = patchUser([{ op: "replace", path: "NAME.GIVENNAME", value: "B" }, { op: "add", path: "NickName", value: "n" }]);
    expect(data.name).toEqual({ givenName: "B", familyName: "Jensen" });
    expect(data.nickName).toBe("n");
  });

  it("a filter on an absent multi-valued attribute with replace is noTarget", () => {
    expectError(() => patchUser([{ op: "replace", path: 'emails[type eq "work"].value', value: "x" }], { data: { userName: "a" } }), 400, "noTarget");
  });
});

describe("errors", () => {
  it.each<[string, unknown[], number, string]>([
    ["replace with a filter that matches nothing", [{ op: "replace", path: 'emails[type eq "pager"].value', value: "x" }], 400, "noTarget"],
    ["replace of a whole element that matches nothing", [{ op: "replace", path: 'emails[type eq "pager"]', value: { value: "x" } }], 400, "noTarget"],
    ["add with a filter that cannot describe an element", [{ op: "add", path: 'emails[type ne "work" and value co "zzz"].value', value: "x" }], 400, "noTarget"],
    ["remove without path", [{ op: "remove" }], 400, "noTarget"],
    ["a path to an unknown attribute", [{ op: "replace", path: "favouriteColour", value: "red" }], 400, "invalidPath"],
    ["an unknown sub-attribute", [{ op: "replace", path: "name.nickname", value: "x" }], 400, "invalidPath"],
    ["an unknown enterprise attribute", [{ op: "replace", path: `${ENT}:shoeSize`, value: "x" }], 400, "invalidPath"],
    ["a filter on a single-valued attribute", [{ op: "replace", path: 'name[givenName eq "x"].familyName', value: "x" }], 400, "invalidPath"],
    ["a syntactically bad path", [{ op: "replace", path: "emails[type eq", value: "x" }], 400, "invalidPath"],
    ["writing id", [{ op: "replace", path: "id", value: "x" }], 400, "mutability"],
    ["writing meta", [{ op: "replace", path: "meta.created", value: "2020-01-01T00:00:00Z" }], 400, "mutability"],
    ["writing groups", [{ op: "add", path: "groups", value: [{ value: "g" }] }], 400, "mutability"],
    ["writing manager.displayName (readOnly)", [{ op: "replace", path: `${ENT}:manager.displayName`, value: "x" }], 400, "mutability"],
    ["removing userName", [{ op: "remove", path: "userName" }], 400, "mutability"],
    ["emptying userName", [{ op: "replace", path: "userName", value: "" }], 400, "invalidValue"],
    ["a wrong value type", [{ op: "replace", path: "active", value: "sometimes" }], 400, "invalidValue"],
    ["an object for a string", [{ op: "replace", path: "title", value: { a: 1 } }], 400, "invalidValue"],
    ["a path-less value that is not an object", [{ op: "replace", value: "x" }], 400, "invalidValue"],
    ["an unknown filter sub-attribute", [{ op: "remove", path: 'emails[colour eq "red"]' }], 400, "invalidFilter"],
  ])("%s", (_label, ops, status, scimType) => {
    expectError(() => patchUser(ops), status, scimType);
  });

  it.each<[string, unknown[], string]>([
    ["a members filter on anything but value", [{ op: "remove", path: 'members[display eq "Bob"]' }], "invalidFilter"],
    ["a members filter with and", [{ op: "remove", path: 'members[value eq "a" and value eq "b"]' }], "invalidFilter"],
    ["a members filter with ne", [{ op: "remove", path: 'members[value ne "a"]' }], "invalidFilter"],
    ["a member without value", [{ op: "add", path: "members", value: [{ display: "Bob" }] }], "invalidValue"],
    ["a members sub-attribute path", [{ op: "replace", path: "members.display", value: "x" }], "invalidPath"],
    ["removing displayName", [{ op: "remove", path: "displayName" }], "mutability"],
  ])("group: %s", (_label, ops, scimType) => {
    expectError(() => patchGroup(ops), 400, scimType);
  });
});

describe("prototype pollution", () => {
  const attempts: unknown[][] = [
    [{ op: "add", path: "__proto__.polluted", value: "yes" }],
    [{ op: "add", path: "constructor.prototype.polluted", value: "yes" }],
    [{ op: "add", path: "name.__proto__", value: { polluted: "yes" } }],
    [{ op: "add", path: "name.constructor", value: "yes" }],
    [{ op: "replace", path: `${CUSTOM}:__proto__`, value: { polluted: "yes" } }],
    [{ op: "replace", path: `${CUSTOM}:constructor.prototype`, value: { polluted: "yes" } }],
    [{ op: "add", value: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown }],
    [{ op: "add", value: { constructor: { prototype: { polluted: "yes" } } } }],
    [{ op: "add", value: JSON.parse(`{"${CUSTOM}": {"__proto__": {"polluted": "yes"}}}`) as unknown }],
    [{ op: "add", value: JSON.parse(`{"${CUSTOM}": {"a": {"__proto__": {"polluted": "yes"}}}}`) as unknown }],
    [{ op: "add", path: "name", value: JSON.parse('{"__proto__": {"polluted": "yes"}}') as unknown }],
    [{ op: "remove", path: 'emails[__proto__ eq "x"]' }],
    [{ op: "remove", path: 'emails[constructor eq "x"]' }],
  ];

  it.each(attempts.map((ops, i) => [i, ops] as const))("attempt %i is refused with a 400", (_i, ops) => {
    const err = scimError(() => patchUser(ops));
    expect(err.status).toBe(400);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });
});

describe("property: applyPatch only ever throws ScimError", () => {
  const names = [
    "userName", "name", "name.givenName", "emails", 'emails[type eq "work"]', 'emails[type eq "work"].value',
    "emails.value", "active", "id", "meta", "groups", "password", "members", 'members[value eq "a"]', "displayName",
    `${ENT}:manager`, `${ENT}:manager.value`, `${ENT}:employeeNumber`, ENT, `${CUSTOM}:x`, CUSTOM, "__proto__",
    "constructor", "unknown", "addresses[type eq \"work\"].streetAddress", "emails[value co 1]", "[", "urn:", "x509Certificates",
  ];
  const json = fc.jsonValue({ maxDepth: 3 });
  const op = fc.record(
    {
      op: fc.constantFrom("add", "remove", "replace", "Add", "REPLACE", "bogus"),
      path: fc.oneof(fc.constantFrom(...names), fc.string()),
      value: fc.oneof(json, fc.dictionary(fc.constantFrom(...names), json)),
    },
    { requiredKeys: ["op"] },
  );

  it.each(["User", "Group"] as const)("%s", (kind) => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 1, maxLength: 6 }), (ops) => {
        const current = kind === "User" ? user() : group();
        const before = structuredClone(current);
        try {
          const r = applyPatch(kind, current, parsePatchBody({ Operations: ops }));
          expect(typeof r.changed).toBe("boolean");
        } catch (e) {
          if (!(e instanceof ScimError)) throw e;
          expect(e.status).toBe(400);
        }
        expect(current).toEqual(before);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
