import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ScimError } from "./errors";
import {
  type AttrPath,
  type Filter,
  MAX_FILTER_DEPTH,
  MAX_FILTER_LENGTH,
  parseAttributePath,
  parseFilter,
  parsePatchPath,
  resolveAttributePath,
  resolveFilter,
} from "./filter";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "./schema";

const p = (attr: string, sub?: string, schema?: string): AttrPath => ({ schema, attr, sub });
const user = (filter: string, extra?: string[]) => resolveFilter(parseFilter(filter), "User", extra);
const group = (filter: string) => resolveFilter(parseFilter(filter), "Group");

/** The ScimError a call throws (fails the test if it throws anything else or nothing). */
function scimError(fn: () => unknown): ScimError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ScimError);
    return error as ScimError;
  }
  throw new Error("expected a ScimError");
}

function invalidFilter(fn: () => unknown, detail: RegExp | string): void {
  const e = scimError(fn);
  expect(e.status).toBe(400);
  expect(e.scimType).toBe("invalidFilter");
  if (typeof detail === "string") expect(e.detail).toContain(detail);
  else expect(e.detail).toMatch(detail);
}

describe("parseFilter: RFC 7644 §3.4.2.2 examples", () => {
  it.each<[string, Filter]>([
    ['userName eq "bjensen"', { op: "eq", path: p("userName"), value: "bjensen" }],
    ['name.familyName co "O\'Malley"', { op: "co", path: p("name", "familyName"), value: "O'Malley" }],
    ['userName sw "J"', { op: "sw", path: p("userName"), value: "J" }],
    [
      'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
      { op: "sw", path: p("userName", undefined, USER_SCHEMA), value: "J" },
    ],
    ["title pr", { op: "pr", path: p("title") }],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', { op: "gt", path: p("meta", "lastModified"), value: "2011-05-13T04:42:34Z" }],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', { op: "ge", path: p("meta", "lastModified"), value: "2011-05-13T04:42:34Z" }],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', { op: "lt", path: p("meta", "lastModified"), value: "2011-05-13T04:42:34Z" }],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', { op: "le", path: p("meta", "lastModified"), value: "2011-05-13T04:42:34Z" }],
    [
      'title pr and userType eq "Employee"',
      { op: "and", left: { op: "pr", path: p("title") }, right: { op: "eq", path: p("userType"), value: "Employee" } },
    ],
    [
      'title pr or userType eq "Intern"',
      { op: "or", left: { op: "pr", path: p("title") }, right: { op: "eq", path: p("userType"), value: "Intern" } },
    ],
    [
      'schemas eq "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"',
      { op: "eq", path: p("schemas"), value: ENTERPRISE_USER_SCHEMA },
    ],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      {
        op: "and",
        left: { op: "eq", path: p("userType"), value: "Employee" },
        right: {
          op: "or",
          left: { op: "co", path: p("emails"), value: "example.com" },
          right: { op: "co", path: p("emails", "value"), value: "example.org" },
        },
      },
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      {
        op: "and",
        left: { op: "ne", path: p("userType"), value: "Employee" },
        right: {
          op: "not",
          filter: {
            op: "or",
            left: { op: "co", path: p("emails"), value: "example.com" },
            right: { op: "co", path: p("emails", "value"), value: "example.org" },
          },
        },
      },
    ],
    [
      'userType eq "Employee" and (emails.type eq "work")',
      {
        op: "and",
        left: { op: "eq", path: p("userType"), value: "Employee" },
        right: { op: "eq", path: p("emails", "type"), value: "work" },
      },
    ],
    [
      'userType eq "Employee" and emails[type eq "work" and value co "@example.com"]',
      {
        op: "and",
        left: { op: "eq", path: p("userType"), value: "Employee" },
        right: {
          op: "valuePath",
          path: p("emails"),
          filter: {
            op: "and",
            left: { op: "eq", path: p("type"), value: "work" },
            right: { op: "co", path: p("value"), value: "@example.com" },
          },
        },
      },
    ],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      {
        op: "or",
        left: {
          op: "valuePath",
          path: p("emails"),
          filter: {
            op: "and",
            left: { op: "eq", path: p("type"), value: "work" },
            right: { op: "co", path: p("value"), value: "@example.com" },
          },
        },
        right: {
          op: "valuePath",
          path: p("ims"),
          filter: {
            op: "and",
            left: { op: "eq", path: p("type"), value: "xmpp" },
            right: { op: "co", path: p("value"), value: "@foo.com" },
          },
        },
      },
    ],
  ])("%s", (input, expected) => {
    expect(parseFilter(input)).toEqual(expected);
    expect(() => user(input)).not.toThrow();
  });
});

describe("parseFilter: grammar", () => {
  it("reads operators, keywords and literals in any case (PingOne sends `username Eq`)", () => {
    expect(parseFilter('username Eq "x"')).toEqual({ op: "eq", path: p("username"), value: "x" });
    expect(parseFilter('A EQ "x" AND NOT (B Pr) OR c eq TRUE')).toEqual({
      op: "or",
      left: { op: "and", left: { op: "eq", path: p("A"), value: "x" }, right: { op: "not", filter: { op: "pr", path: p("B") } } },
      right: { op: "eq", path: p("c"), value: true },
    });
    expect(parseFilter("a eq False")).toMatchObject({ value: false });
    expect(parseFilter("a eq NULL")).toMatchObject({ value: null });
  });

  it("binds `and` tighter than `or`, and both to the left", () => {
    const [a, b, c, d] = ["a", "b", "c", "d"].map((n) => ({ op: "pr", path: p(n) }) as const);
    expect(parseFilter("a pr or b pr and c pr or d pr")).toEqual({
      op: "or",
      left: { op: "or", left: a, right: { op: "and", left: b, right: c } },
      right: d,
    });
    expect(parseFilter("(a pr or b pr) and c pr")).toEqual({ op: "and", left: { op: "or", left: a, right: b }, right: c });
    expect(parseFilter("a pr and b pr and c pr")).toEqual({ op: "and", left: { op: "and", left: a, right: b }, right: c });
  });

  it("accepts `not(` without a space and extra whitespace anywhere", () => {
    expect(parseFilter('not(a eq "x")')).toEqual({ op: "not", filter: { op: "eq", path: p("a"), value: "x" } });
    expect(parseFilter('  emails [ type  eq\t"work" ]\n')).toEqual({
      op: "valuePath",
      path: p("emails"),
      filter: { op: "eq", path: p("type"), value: "work" },
    });
  });

  it("decodes every JSON string escape", () => {
    expect(parseFilter(String.raw`a eq "q\" b\\ s\/ \b\f\n\r\t \u00dc\u20AC \ud83d\ude00"`)).toMatchObject({
      value: 'q" b\\ s/ \b\f\n\r\t Ü€ 😀',
    });
    expect(parseFilter('displayName eq "Ünïcode \\"quoted\\" name"')).toMatchObject({ value: 'Ünïcode "quoted" name' });
    expect(parseFilter('a eq ""')).toMatchObject({ value: "" });
  });

  it("reads JSON numbers", () => {
    expect(parseFilter("a gt 42")).toMatchObject({ value: 42 });
    expect(parseFilter("a gt -0.5")).toMatchObject({ value: -0.5 });
    expect(parseFilter("a gt 1.5e3")).toMatchObject({ value: 1500 });
    expect(parseFilter("a gt 2E-2")).toMatchObject({ value: 0.02 });
  });

  it("splits schema URNs, attributes and sub-attributes", () => {
    expect(parseFilter(`${ENTERPRISE_USER_SCHEMA}:manager.value eq "x"`)).toMatchObject({
      path: p("manager", "value", ENTERPRISE_USER_SCHEMA),
    });
    expect(parseFilter(`${ENTERPRISE_USER_SCHEMA}:employeeNumber pr`)).toEqual({
      op: "pr",
      path: p("employeeNumber", undefined, ENTERPRISE_USER_SCHEMA),
    });
    expect(parseFilter('members[$ref eq "x"]')).toMatchObject({ filter: { path: p("$ref") } });
  });

  it("reads Entra's `emails[type eq \"work\"].value eq …` as one element matching both", () => {
    expect(parseFilter('emails[type eq "work"].value eq "a@b.c"')).toEqual({
      op: "valuePath",
      path: p("emails"),
      filter: {
        op: "and",
        left: { op: "eq", path: p("type"), value: "work" },
        right: { op: "eq", path: p("value"), value: "a@b.c" },
      },
    });
  });
});

describe("parseFilter: invalid filters", () => {
  it.each<[string, RegExp | string]>([
    ["", "empty"],
    ["   ", "empty"],
    ["userName", 'Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "userName" but found the end of the input at position 9'],
    ['userName eq', "Expected a value after \"eq\" (a \"string\", number, true, false or null) but found the end of the input at position 12"],
    ['userName equals "x"', 'Unknown operator "equals" (expected eq, ne, co, sw, ew, gt, ge, lt, le or pr) at position 10'],
    ["userName eq bjensen", 'Expected a value after "eq" but found "bjensen" (strings must be in double quotes) at position 13'],
    ["userName eq 'bjensen'", "Values must be in double quotes, not single quotes at position 13"],
    ['userName eq "bjensen', "Unterminated string at position 13"],
    ['userName eq "x" extra', 'Unexpected "extra" (expected "and", "or" or the end of the filter) at position 17'],
    ['(userName eq "x"', 'Expected ")" to close the "(" at position 1 but found the end of the input at position 17'],
    ['userName eq "x")', 'Unexpected ")" at position 16'],
    ['userName eq "x" and', "Filter ends early: expected an attribute name at position 20"],
    ['userName eq "x" or or a pr', 'Expected an attribute name but found "or" at position 20'],
    ['userName eq "x" and 5', 'Expected an attribute name, "(" or "not (" but found a number at position 21'],
    ['emails[type eq "work"', 'Expected "]" to close the "[" at position 7'],
    ['emails[type eq "work" and x[y pr]]', "Value filters cannot be nested at position 28"],
    ['emails.value[type eq "work"]', 'A value filter must follow a multi-valued attribute, not "emails.value" at position 13'],
    ['a.b.c eq "x"', 'Invalid sub-attribute "b.c" in "a.b.c"'],
    ['a eq "\\x"', 'Invalid escape "\\x" in string at position 7'],
    ['a eq "\\u12G4"', "Invalid \\u escape (expected 4 hex digits) at position 7"],
    ['a eq "\\u0000"', "NUL characters are not allowed"],
    ["a eq 01", "leading zeros at position 6"],
    ["a eq 1.", 'digits expected after "."'],
    ["a eq 1e", "digits expected in the exponent"],
    ["a eq 1e999", "Number out of range"],
    ["a eq 12abc", "Invalid number at position 6"],
    ['a eq "x" && b pr', 'Unexpected character "&" at position 10'],
    ['userName eq "x" ; drop table users', 'Unexpected character ";"'],
    ['urn:foo eq "x"', /^"urn:foo" names no attribute after its schema URN at position 1$/],
    ['foo:bar eq "x"', 'Invalid attribute path "foo:bar"'],
    ['emails[type eq "work"].value', 'Expected an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after "value"'],
    ['emails[type eq "work"]. eq "x"', 'Expected an attribute name but found "eq"'],
    ["not a pr", 'Expected "(" after "not" at position 5'],
  ])("%s", (input, detail) => {
    invalidFilter(() => parseFilter(input), detail);
  });

  it("limits length and nesting", () => {
    invalidFilter(() => parseFilter(`a eq "${"x".repeat(MAX_FILTER_LENGTH)}"`), `longer than ${MAX_FILTER_LENGTH}`);
    const deep = (n: number) => `${"(".repeat(n)}a pr${")".repeat(n)}`;
    expect(parseFilter(deep(MAX_FILTER_DEPTH))).toEqual({ op: "pr", path: p("a") });
    invalidFilter(() => parseFilter(deep(MAX_FILTER_DEPTH + 1)), `nested more than ${MAX_FILTER_DEPTH} levels deep at position ${MAX_FILTER_DEPTH + 1}`);
    invalidFilter(() => parseFilter(`${"not (".repeat(40)}a pr${")".repeat(40)}`), "nested more than");
  });

  it("rejects a non-string input with a ScimError", () => {
    invalidFilter(() => parseFilter(undefined as unknown as string), "must be a string");
  });
});

describe("resolveFilter", () => {
  it("canonicalises attribute names to the table's case", () => {
    expect(user('USERNAME eq "x"')).toEqual({ op: "eq", path: p("userName"), value: "x" });
    expect(user('NAME.FAMILYNAME eq "x"')).toEqual({ op: "eq", path: p("name", "familyName"), value: "x" });
    expect(user('urn:ietf:params:scim:schemas:core:2.0:user:USERNAME eq "x"')).toEqual({ op: "eq", path: p("userName"), value: "x" });
    expect(user('URN:IETF:PARAMS:SCIM:SCHEMAS:EXTENSION:ENTERPRISE:2.0:USER:employeenumber eq "1"')).toEqual({
      op: "eq",
      path: p("employeeNumber", undefined, ENTERPRISE_USER_SCHEMA),
      value: "1",
    });
    expect(user('emails[TYPE eq "work"]')).toEqual({ op: "valuePath", path: p("emails"), filter: { op: "eq", path: p("type"), value: "work" } });
    expect(group('DisplayName eq "x"')).toEqual({ op: "eq", path: p("displayName"), value: "x" });
  });

  it("reads a multi-valued attribute without sub-attribute as its value", () => {
    expect(user('emails eq "a@b.c"')).toEqual({ op: "eq", path: p("emails", "value"), value: "a@b.c" });
    expect(user('groups eq "x"')).toEqual({ op: "eq", path: p("groups", "value"), value: "x" });
    expect(group('members eq "x"')).toEqual({ op: "eq", path: p("members", "value"), value: "x" });
    expect(user("emails pr")).toEqual({ op: "pr", path: p("emails") });
  });

  it("accepts PingOne's `email` as `emails` and bare enterprise attribute names", () => {
    expect(user('email Co "x"')).toEqual({ op: "co", path: p("emails", "value"), value: "x" });
    expect(user('employeeNumber eq "42"')).toEqual({ op: "eq", path: p("employeeNumber", undefined, ENTERPRISE_USER_SCHEMA), value: "42" });
  });

  it("keeps attributes of a directory's extra schemas untyped, and refuses unknown schemas", () => {
    const custom = "urn:example:custom:1.0:User";
    expect(user(`${custom}:level gt 2`, [custom])).toEqual({ op: "gt", path: p("level", undefined, custom), value: 2 });
    invalidFilter(() => user(`${custom}:level gt 2`), 'Unknown schema "urn:example:custom:1.0:User"');
    invalidFilter(() => group(`${USER_SCHEMA}:userName eq "x"`), "Unknown schema");
  });

  it("coerces values to the attribute's type", () => {
    expect(user('active eq "False"')).toMatchObject({ value: false });
    expect(user("active eq TRUE")).toMatchObject({ value: true });
    expect(user("title eq 42")).toMatchObject({ value: "42" });
    expect(user('meta.lastModified gt "2011-05-13T04:42:34Z"')).toMatchObject({ value: "2011-05-13T04:42:34+00:00" });
    expect(user('meta.created ge "2024-01-31"')).toMatchObject({ value: "2024-01-31T00:00:00+00:00" });
    expect(user('meta.created ge "2024-01-31T10:00:00.123456+0530"')).toMatchObject({ value: "2024-01-31T10:00:00.123456+05:30" });
    expect(user("userType eq null")).toMatchObject({ value: null });
  });

  it.each<[string, string]>([
    ['foo eq "x"', 'Unknown attribute "foo" for User resources'],
    ['name.nickname eq "x"', 'Unknown sub-attribute "nickname" of "name"'],
    ['userName.x eq "x"', '"userName" has no sub-attributes'],
    ['password eq "secret"', '"password" is never returned and cannot be used in a filter'],
    ["password pr", '"password" is never returned'],
    ['name eq "x"', '"name" is a complex attribute: compare one of its sub-attributes, e.g. "name.formatted"'],
    ['addresses eq "x"', '"addresses" is a complex attribute'],
    ["active gt true", '"gt" cannot be used on the boolean attribute "active"'],
    ['active co "t"', '"co" cannot be used on the boolean attribute "active"'],
    ['active eq "yes"', '"active" is boolean: compare it with true or false'],
    ["active eq 1", '"active" is boolean'],
    ['emails[primary lt true]', '"lt" cannot be used on the boolean attribute "primary"'],
    ['x509Certificates.value gt "x"', '"gt" cannot be used on the binary attribute'],
    ['meta.lastModified gt "yesterday"', '"meta.lastModified" is a dateTime: compare it with a string such as "2011-05-13T04:42:34Z", not "yesterday"'],
    ['meta.lastModified gt "2024-02-30T00:00:00Z"', "is a dateTime"],
    ['meta.lastModified gt "2024-01-01T24:00:00Z"', "is a dateTime"],
    ["meta.lastModified gt 5", "is a dateTime"],
    ['meta.created co "2024"', '"co" cannot be used on the dateTime attribute'],
    ["userName gt null", '"gt" cannot compare "userName" with null'],
    ['meta.location eq "x"', '"meta.location" is computed for responses and cannot be used in a filter'],
    ['groups[$ref eq "x"]', '"groups.$ref" is computed'],
    ['userName[value eq "x"]', '"userName" has no sub-attributes, so "userName[…]" cannot filter its values'],
    ['emails[value.x eq "x"]', 'Inside "emails[…]" use sub-attribute names of "emails", not "value.x"'],
    ['emails[foo eq "x"]', 'Unknown sub-attribute "foo" of "emails"'],
    [`${ENTERPRISE_USER_SCHEMA} pr`, `"${ENTERPRISE_USER_SCHEMA}" names a schema, not an attribute`],
    ['schemas.value eq "x"', '"schemas" has no sub-attributes'],
  ])("rejects %s", (input, detail) => {
    invalidFilter(() => user(input), detail);
  });

  it("rejects user attributes on groups", () => {
    invalidFilter(() => group('userName eq "x"'), 'Unknown attribute "userName" for Group resources');
    invalidFilter(() => group('email eq "x"'), 'Unknown attribute "email"');
  });

  it("rejects a nested value filter built by hand", () => {
    const nested: Filter = {
      op: "valuePath",
      path: p("emails"),
      filter: { op: "valuePath", path: p("type"), filter: { op: "pr", path: p("value") } },
    };
    invalidFilter(() => resolveFilter(nested, "User"), 'Value filters cannot be nested (inside "emails[…]")');
  });
});

describe("parseAttributePath and resolveAttributePath", () => {
  it("parses and canonicalises sortBy / attributes paths", () => {
    expect(parseAttributePath("name.givenName")).toEqual(p("name", "givenName"));
    expect(resolveAttributePath(parseAttributePath("NAME.givenname"), "User")).toEqual(p("name", "givenName"));
    expect(resolveAttributePath(parseAttributePath(`${ENTERPRISE_USER_SCHEMA}:manager.value`), "User")).toEqual(
      p("manager", "value", ENTERPRISE_USER_SCHEMA),
    );
    expect(resolveAttributePath(parseAttributePath("meta.lastModified"), "Group")).toEqual(p("meta", "lastModified"));
  });

  it("throws invalidValue by default, or the scimType asked for", () => {
    const e = scimError(() => parseAttributePath("name givenName"));
    expect(e.scimType).toBe("invalidValue");
    expect(e.detail).toContain("position 6");
    expect(scimError(() => resolveAttributePath(p("nope"), "User")).scimType).toBe("invalidValue");
    expect(scimError(() => resolveAttributePath(p("nope"), "User", [], "invalidFilter")).scimType).toBe("invalidFilter");
    expect(scimError(() => parseAttributePath("")).detail).toContain("empty");
  });
});

describe("parsePatchPath", () => {
  it("parses attribute paths, value filters and their sub-attribute", () => {
    expect(parsePatchPath("name.givenName")).toEqual({ path: p("name", "givenName"), filter: undefined, subAttr: undefined });
    expect(parsePatchPath('members[value eq "2819c223"]')).toEqual({
      path: p("members"),
      filter: { op: "eq", path: p("value"), value: "2819c223" },
      subAttr: undefined,
    });
    expect(parsePatchPath('emails[type eq "work"].value')).toEqual({
      path: p("emails"),
      filter: { op: "eq", path: p("type"), value: "work" },
      subAttr: "value",
    });
    expect(parsePatchPath(`${ENTERPRISE_USER_SCHEMA}:manager`)).toEqual({
      path: p("manager", undefined, ENTERPRISE_USER_SCHEMA),
      filter: undefined,
      subAttr: undefined,
    });
    expect(parsePatchPath('addresses[type eq "work" and primary eq true].streetAddress')).toMatchObject({
      path: p("addresses"),
      subAttr: "streetAddress",
    });
  });

  it.each(["", 'members[value eq "x"', "members]", 'emails[type eq "work"].', 'emails[type eq "work"].value.x', "a b", 'a.b[x eq "y"]'])(
    "rejects %j with invalidPath",
    (input) => {
      const e = scimError(() => parsePatchPath(input));
      expect(e.status).toBe(400);
      expect(e.scimType).toBe("invalidPath");
    },
  );
});

describe("robustness", () => {
  /** parseFilter either returns or throws a ScimError; anything else is a bug. */
  function parseOrScimError(input: string): void {
    try {
      parseFilter(input);
    } catch (error) {
      if (!(error instanceof ScimError) || error.status !== 400 || error.scimType !== "invalidFilter") throw error;
    }
  }

  function timed(input: string): number {
    const start = performance.now();
    parseOrScimError(input);
    return performance.now() - start;
  }

  const fragments = [
    "userName", "emails", "name.familyName", "urn:ietf:params:scim:schemas:core:2.0:User:userName",
    "eq", "Ne", "co", "sw", "ew", "gt", "ge", "lt", "le", "pr", "and", "OR", "not", "(", ")", "[", "]", ".",
    '"x"', '"a\\"b"', '"\\u00e9"', '"\\', "42", "-1.5e3", "true", "null", "False", " ", "\t", "'", "&", "\\", ":", "$ref",
  ];

  it("never throws anything but ScimError on arbitrary text", () => {
    fc.assert(fc.property(fc.string({ maxLength: 300 }), (s) => parseOrScimError(s)), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => parseOrScimError(s)), { numRuns: 1000 });
  });

  it("never throws anything but ScimError on near-filters, and resolves them safely too", () => {
    const nearFilter = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(" "));
    const glued = fc.array(fc.constantFrom(...fragments), { maxLength: 40 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(fc.oneof(nearFilter, glued), (s) => {
        let parsed: Filter | undefined;
        try {
          parsed = parseFilter(s);
        } catch (error) {
          if (!(error instanceof ScimError)) throw error;
        }
        if (parsed) {
          try {
            resolveFilter(parsed, "User");
          } catch (error) {
            if (!(error instanceof ScimError)) throw error;
          }
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("parses pathological inputs in linear time", () => {
    const chain = (unit: string) => unit.repeat(Math.floor((MAX_FILTER_LENGTH - 10) / unit.length));
    const inputs = [
      "(".repeat(4000),
      "[".repeat(4000),
      ")".repeat(4000),
      "not (".repeat(800),
      `a[${"b[".repeat(1000)}`,
      `${chain('a eq "x" and ')}a pr`,
      `${chain('a eq "x" or ')}a pr`,
      `${chain('a eq "x" and b pr or ')}a pr`,
      `${chain('emails[type eq "w" and value co "@x"] or ')}a pr`,
      chain('a eq "x" and '),
      `a eq "${"\\".repeat(4000)}`,
      `a eq "${"\\\\".repeat(2000)}"`,
      `a eq "${"\\u00e9".repeat(680)}"`,
      `a eq ${"9".repeat(4000)}`,
      `a eq 1${"0".repeat(300)}.${"5".repeat(3000)}`,
      `${"a".repeat(4000)} pr`,
      `${"urn:".repeat(1000)} pr`,
      `${"a.".repeat(2000)} pr`,
      " ".repeat(4096),
      `"${" ".repeat(4000)}`,
    ];
    // Warm the JIT so that the measurement is the algorithm, not compilation.
    for (const input of inputs) parseOrScimError(input);
    let total = 0;
    for (const input of inputs) {
      expect(input.length).toBeLessThanOrEqual(MAX_FILTER_LENGTH);
      const ms = timed(input);
      total += ms;
      expect(ms, `${input.slice(0, 30)}… took ${ms.toFixed(1)} ms`).toBeLessThan(50);
    }
    expect(total / inputs.length).toBeLessThan(5);
  });

  it("resolves a long chain without trouble", () => {
    const filter = parseFilter(`${'userName eq "x" and '.repeat(150)}title pr`);
    expect(() => resolveFilter(filter, "User")).not.toThrow();
  });
});
