import { describe, expect, it } from "vitest";
import { ROLE_KEY_PATTERN, mappingIssues, mappingPairs, previewSentences, roleSetIssues } from "./role-rules";

describe("role keys", () => {
  it("are lowercase slugs", () => {
    for (const key of ["admin", "billing-admin", "read_only", "a1", "org-admin-2"]) expect(ROLE_KEY_PATTERN.test(key), key).toBe(true);
    for (const key of ["Admin", "1admin", "-admin", "admin-", "a--b", "a_-b", "a b", "", "ädmin", "a.b"]) expect(ROLE_KEY_PATTERN.test(key), key).toBe(false);
  });
});

describe("roleSetIssues", () => {
  it("names repeated keys and every default after the first", () => {
    expect(roleSetIssues([{ key: "a", isDefault: false }, { key: "b", isDefault: true }])).toEqual([]);
    expect(
      roleSetIssues([
        { key: "a", isDefault: true },
        { key: "b", isDefault: false },
        { key: "a", isDefault: true },
        { key: "c", isDefault: true },
      ]),
    ).toEqual([
      { path: [2, "key"], message: 'Duplicate role key "a" (also at index 0).' },
      { path: [2, "isDefault"], message: "At most one role may be the default (index 0 already is)." },
      { path: [3, "isDefault"], message: "At most one role may be the default (index 0 already is)." },
    ]);
  });
});

describe("mappings", () => {
  it("flatten to pairs, each once, group ids lower-cased", () => {
    expect(mappingPairs([{ groupId: "AB", roles: ["x", "y", "x"] }, { groupId: "cd", roles: [] }])).toEqual([
      { groupId: "ab", roleKey: "x" },
      { groupId: "ab", roleKey: "y" },
    ]);
  });
  it("refuse a group listed twice, in any case", () => {
    expect(mappingIssues([{ groupId: "ab" }, { groupId: "cd" }, { groupId: "AB" }])).toEqual([
      { path: [2, "groupId"], message: "Group AB is listed twice (also at index 0); list its roles once." },
    ]);
  });
});

describe("previewSentences", () => {
  it("words each role's gains and losses", () => {
    expect(
      previewSentences({
        users: 40,
        roles: [
          { key: "admin", name: "Admin", gained: 37, lost: 2 },
          { key: "member", name: "Member", gained: 1, lost: 0 },
          { key: "billing", name: "Billing", gained: 0, lost: 1200 },
          { key: "none", name: "None", gained: 0, lost: 0 },
        ],
      }),
    ).toEqual(["37 users would gain Admin, 2 would lose it", "1 user would gain Member", "1,200 users would lose Billing"]);
    expect(previewSentences({ users: 0, roles: [] })).toEqual([]);
  });
});
