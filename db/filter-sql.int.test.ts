// The filter → SQL translation against a real database: each filter runs as
// `select … from directory_users where directory_id = $d and (<filter>)` and the test checks
// which rows come back.
import { beforeAll, describe, expect, it } from "vitest";
import { type SQL, sql } from "drizzle-orm";
import { type Db, getDb, queryRows } from "@/db/client";
import { directories, directoryGroups, directoryUsers, groupMembers, organizations } from "@/db/schema";
import { groupFilterSql, groupSortSql, userFilterSql, userSortSql } from "@/db/filter-sql";
import { parseAttributePath, parseFilter, resolveAttributePath, resolveFilter } from "@/lib/scim/filter";
import { ScimError } from "@/lib/scim/errors";
import { ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";

const CUSTOM = "urn:example:custom:1.0:User";
const BOSS_ID = "26118915-6090-4610-87e4-49d8ca9f808d";

type Seed = { userName: string; data?: Record<string, unknown>; active?: boolean; externalId?: string; updated?: string; created?: string };

// Fifteen users chosen so that each filter below has matches and near misses.
const SEED: Seed[] = [
  {
    userName: "bjensen",
    externalId: "ext-bjensen",
    created: "2011-05-13T04:42:34Z",
    updated: "2024-06-01T00:00:00Z",
    data: {
      name: { givenName: "Barbara", familyName: "Jensen", formatted: "Ms. Barbara J Jensen III" },
      displayName: "Babs Jensen",
      title: "Tour Guide",
      userType: "Employee",
      emails: [
        { value: "bjensen@example.com", type: "work", primary: true },
        { value: "babs@jensen.org", type: "home" },
      ],
      ims: [{ value: "babs@foo.com", type: "xmpp" }],
      [ENTERPRISE_USER_SCHEMA]: {
        employeeNumber: "701984",
        department: "Tour Operations",
        manager: { value: BOSS_ID, displayName: "John Smith" },
      },
    },
  },
  {
    userName: "jsmith",
    created: "2011-05-13T04:42:34Z",
    updated: "2011-05-13T04:42:34Z",
    data: {
      name: { givenName: "John", familyName: "Smith" },
      title: "Trainee",
      userType: "Intern",
      emails: [{ value: "jsmith@example.org", type: "work" }],
    },
  },
  {
    userName: "omalley",
    updated: "2020-01-01T00:00:00Z",
    data: { name: { givenName: "Pat", familyName: "O'Malley" }, userType: "Employee", emails: [{ value: "pat@EXAMPLE.com", type: "home" }] },
  },
  { userName: "unicode", data: { displayName: 'Ünïcode "quoted" name', userType: "Contractor" } },
  {
    userName: "gone.user",
    active: false,
    data: { userType: "Employee", title: "Former", emails: [{ value: "gone@example.com", type: "work" }] },
  },
  { userName: "blank", data: { title: "", userType: "", emails: [], name: {} } },
  {
    userName: "crossed",
    data: {
      userType: "Employee",
      // The work address is elsewhere; only the home address is @example.com.
      emails: [
        { type: "work", value: "c@other.net" },
        { type: "home", value: "c@example.com" },
      ],
    },
  },
  { userName: "J_under%score", externalId: "ExtABC" },
  // A sloppy client stored primary as the string "True".
  { userName: "JANE", data: { userType: "Employee", emails: [{ value: "jane@example.com", type: "work", primary: "True" }] } },
  { userName: "custom", data: { [CUSTOM]: { level: 3, flag: true, code: "A1" } } },
  { userName: "custom2", data: { [CUSTOM]: { level: 10, flag: "false", code: "b2" } } },
  {
    userName: "xmpp",
    data: { userType: "Intern", ims: [{ type: "xmpp", value: "x@foo.com" }], emails: [{ value: "x@example.com", type: "work" }] },
  },
  { userName: "nodata", updated: "2010-01-01T00:00:00Z" },
  { userName: "plain_name" },
  { userName: "enterprise2", data: { userType: "Employee", [ENTERPRISE_USER_SCHEMA]: { employeeNumber: "42", department: "Sales" } } },
];
const ALL = SEED.map((s) => s.userName).sort();
const except = (...names: string[]) => ALL.filter((n) => !names.includes(n));

let db: Db;
let directoryId: string;
let otherDirectoryId: string;
const userIds = new Map<string, string>();
const groupIds = new Map<string, string>();
let otherAdminsId: string;

async function createDirectory(): Promise<string> {
  const [org] = await db
    .insert(organizations)
    .values({ name: "Filter test", slug: `filter-${crypto.randomUUID()}` })
    .returning();
  const [dir] = await db
    .insert(directories)
    .values({ organizationId: org!.id, name: "Filter test", provider: "generic" })
    .returning();
  return dir!.id;
}

function rowOf(directory: string, seed: Seed, id?: string) {
  const data: Record<string, unknown> = { userName: seed.userName, ...seed.data };
  const name = data.name as { givenName?: string; familyName?: string } | undefined;
  const emails = data.emails as { value: string }[] | undefined;
  return {
    directoryId: directory,
    ...(id ? { id } : {}),
    userName: seed.userName,
    externalId: seed.externalId ?? null,
    active: seed.active ?? true,
    displayName: (data.displayName as string | undefined) ?? null,
    givenName: name?.givenName ?? null,
    familyName: name?.familyName ?? null,
    primaryEmail: emails?.[0]?.value ?? null,
    data: seed.externalId ? { ...data, externalId: seed.externalId } : data,
    createdAt: new Date(seed.created ?? "2024-01-01T00:00:00Z"),
    updatedAt: new Date(seed.updated ?? "2025-01-01T00:00:00Z"),
  };
}

beforeAll(async () => {
  db = await getDb();
  directoryId = await createDirectory();
  otherDirectoryId = await createDirectory();

  const users = await db.insert(directoryUsers).values(SEED.map((s) => rowOf(directoryId, s))).returning();
  for (const u of users) userIds.set(u.userName, u.id);

  const groups = await db
    .insert(directoryGroups)
    .values(
      ["Admins", "Tour Guides", "Empty", 'Ünïcode "quoted" group'].map((displayName) => ({
        directoryId,
        displayName,
        externalId: displayName === "Admins" ? "grp-admins" : null,
        data: { displayName },
      })),
    )
    .returning();
  for (const g of groups) groupIds.set(g.displayName, g.id);
  const member = (group: string, user: string) => ({ directoryId, groupId: groupIds.get(group)!, userId: userIds.get(user)! });
  await db
    .insert(groupMembers)
    .values([
      member("Admins", "bjensen"),
      member("Admins", "jsmith"),
      member("Tour Guides", "bjensen"),
      member("Tour Guides", "omalley"),
      member('Ünïcode "quoted" group', "unicode"),
    ]);

  // Another tenant holding a user with the very same id as bjensen, in a group of its own:
  // neither may show up in, or leak membership into, the first directory's results.
  const [twin] = await db
    .insert(directoryUsers)
    .values(rowOf(otherDirectoryId, { userName: "omalley" }, userIds.get("bjensen")))
    .returning();
  const [otherAdmins] = await db
    .insert(directoryGroups)
    .values({ directoryId: otherDirectoryId, displayName: "Admins", data: { displayName: "Admins" } })
    .returning();
  otherAdminsId = otherAdmins!.id;
  await db.insert(groupMembers).values({ directoryId: otherDirectoryId, groupId: otherAdminsId, userId: twin!.id });
});

async function run(where: SQL, table: "users" | "groups", order?: SQL): Promise<string[]> {
  const query =
    table === "users"
      ? sql`select user_name as name from directory_users where directory_id = ${directoryId} and (${where})`
      : sql`select display_name as name from directory_groups where directory_id = ${directoryId} and (${where})`;
  const rows = await queryRows<{ name: string }>(db, order ? sql`${query} order by ${order}` : query);
  return rows.map((r) => r.name);
}

async function users(filter: string, extraSchemas: string[] = []): Promise<string[]> {
  return (await run(userFilterSql(resolveFilter(parseFilter(filter), "User", extraSchemas)), "users")).sort();
}

async function groups(filter: string): Promise<string[]> {
  return (await run(groupFilterSql(resolveFilter(parseFilter(filter), "Group")), "groups")).sort();
}

describe("RFC 7644 §3.4.2.2 examples", () => {
  it.each([
    ['userName eq "bjensen"', ["bjensen"]],
    ['name.familyName co "O\'Malley"', ["omalley"]],
    ['userName sw "J"', ["JANE", "J_under%score", "jsmith"]],
    ['urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"', ["JANE", "J_under%score", "jsmith"]],
    ["title pr", ["bjensen", "gone.user", "jsmith"]],
    ['meta.lastModified gt "2011-05-13T04:42:34Z"', except("jsmith", "nodata")],
    ['meta.lastModified ge "2011-05-13T04:42:34Z"', except("nodata")],
    ['meta.lastModified lt "2011-05-13T04:42:34Z"', ["nodata"]],
    ['meta.lastModified le "2011-05-13T04:42:34Z"', ["jsmith", "nodata"]],
    ['title pr and userType eq "Employee"', ["bjensen", "gone.user"]],
    ['title pr or userType eq "Intern"', ["bjensen", "gone.user", "jsmith", "xmpp"]],
    [`schemas eq "${ENTERPRISE_USER_SCHEMA}"`, ["bjensen", "enterprise2"]],
    [
      'userType eq "Employee" and (emails co "example.com" or emails.value co "example.org")',
      ["JANE", "bjensen", "crossed", "gone.user", "omalley"],
    ],
    [
      'userType ne "Employee" and not (emails co "example.com" or emails.value co "example.org")',
      ["J_under%score", "blank", "custom", "custom2", "nodata", "plain_name", "unicode"],
    ],
    ['userType eq "Employee" and (emails.type eq "work")', ["JANE", "bjensen", "crossed", "gone.user"]],
    ['userType eq "Employee" and emails[type eq "work" and value co "@example.com"]', ["JANE", "bjensen", "gone.user"]],
    [
      'emails[type eq "work" and value co "@example.com"] or ims[type eq "xmpp" and value co "@foo.com"]',
      ["JANE", "bjensen", "gone.user", "xmpp"],
    ],
  ])("%s", async (filter, expected) => {
    expect(await users(filter)).toEqual([...expected].sort());
  });
});

describe("provider filters", () => {
  it("matches userName without regard to case (PingOne `username Eq`)", async () => {
    expect(await users('username Eq "BJensen"')).toEqual(["bjensen"]);
    expect(await users('userName eq "jane"')).toEqual(["JANE"]);
  });

  it("matches any email with `emails eq` (PingOne workEmail identifier), case-insensitively", async () => {
    expect(await users('emails eq "jsmith@example.org"')).toEqual(["jsmith"]);
    expect(await users('emails eq "babs@jensen.org"')).toEqual(["bjensen"]);
    expect(await users('emails eq "PAT@example.com"')).toEqual(["omalley"]);
    expect(await users('email Co "jensen"')).toEqual(["bjensen"]);
  });

  it("finds `emails eq` candidates through the email values index, with the same matches", async () => {
    expect(await users('emails eq "BABS@JENSEN.ORG"')).toEqual(["bjensen"]);
    expect(await users('emails.value eq "c@OTHER.net"')).toEqual(["crossed"]);
    expect(await users('emails[type eq "work" and value eq "C@OTHER.NET"]')).toEqual(["crossed"]);
    // The index finds crossed by value; the one-element condition still rejects it.
    expect(await users('emails[type eq "home" and value eq "c@other.net"]')).toEqual([]);
    expect(await users('emails ne "c@other.net" and userName sw "c"')).toEqual(["custom", "custom2"]);
    // The compiled expression must be the indexed one, or every lookup scans the directory.
    const where = userFilterSql(resolveFilter(parseFilter('emails eq "jsmith@example.org"'), "User"));
    const plan = await db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      return queryRows<Record<string, string>>(tx, sql`explain select 1 from directory_users where ${where}`);
    });
    expect(plan.map((row) => Object.values(row).join(" ")).join("\n")).toContain("directory_users_email_values_idx");
  });

  it("compares externalId case-exactly", async () => {
    expect(await users('externalId eq "ext-bjensen"')).toEqual(["bjensen"]);
    expect(await users('externalId eq "ExtABC"')).toEqual(["J_under%score"]);
    expect(await users('externalId eq "extabc"')).toEqual([]);
  });

  it("supports Entra's `emails[type eq \"work\"].value eq …` within one element", async () => {
    expect(await users('emails[type eq "work"].value eq "jane@example.com"')).toEqual(["JANE"]);
    expect(await users('emails[type eq "home"].value eq "jane@example.com"')).toEqual([]);
    expect(await users('emails[type eq "work"].value co "@example.com"')).toEqual(["JANE", "bjensen", "gone.user", "xmpp"]);
  });

  it("finds a unicode display name with escaped quotes", async () => {
    expect(await users('displayName eq "Ünïcode \\"quoted\\" name"')).toEqual(["unicode"]);
    expect(await users('displayName eq "\\u00dcn\\u00efcode \\"quoted\\" name"')).toEqual(["unicode"]);
    expect(await groups('displayName eq "Ünïcode \\"quoted\\" group"')).toEqual(['Ünïcode "quoted" group']);
  });

  it("answers Entra's test-connection lookups with nothing", async () => {
    const guid = crypto.randomUUID();
    expect(await users(`userName eq "${guid}"`)).toEqual([]);
    expect(await groups(`displayName eq "${guid}"`)).toEqual([]);
  });
});

describe("operators and values", () => {
  it("takes % _ and \\ literally in co/sw/ew", async () => {
    expect(await users('userName co "_"')).toEqual(["J_under%score", "plain_name"]);
    expect(await users('userName co "%"')).toEqual(["J_under%score"]);
    expect(await users('userName sw "J_"')).toEqual(["J_under%score"]);
    expect(await users('userName ew "%score"')).toEqual(["J_under%score"]);
    expect(await users('userName co "\\\\"')).toEqual([]);
  });

  it("treats a missing attribute as not equal, so `not` and `ne` include it", async () => {
    expect(await users('not (title eq "Tour Guide")')).toEqual(except("bjensen"));
    expect(await users('title ne "Tour Guide"')).toEqual(except("bjensen"));
    expect(await users('not (userType eq "Employee" or userType eq "Intern")')).toEqual([
      "J_under%score",
      "blank",
      "custom",
      "custom2",
      "nodata",
      "plain_name",
      "unicode",
    ]);
  });

  it("reads `eq null` as absent and `pr` as present and non-empty", async () => {
    const noUserType = ["J_under%score", "blank", "custom", "custom2", "nodata", "plain_name"];
    expect(await users("userType eq null")).toEqual(noUserType);
    expect(await users("userType ne null")).toEqual(except(...noUserType));
    expect(await users("emails pr")).toEqual(["JANE", "bjensen", "crossed", "gone.user", "jsmith", "omalley", "xmpp"]);
    expect(await users("name pr")).toEqual(["bjensen", "jsmith", "omalley"]);
    expect(await users("externalId pr")).toEqual(["J_under%score", "bjensen"]);
  });

  it("compares booleans, including the strings sloppy clients store", async () => {
    expect(await users("active eq false")).toEqual(["gone.user"]);
    expect(await users('active eq "False"')).toEqual(["gone.user"]);
    expect(await users("not (active eq true)")).toEqual(["gone.user"]);
    expect(await users("emails[primary eq true]")).toEqual(["JANE", "bjensen"]);
  });

  it("orders strings lexically and case-insensitively", async () => {
    expect(await users('userName gt "x"')).toEqual(["xmpp"]);
    expect(await users('userName lt "c"')).toEqual(["bjensen", "blank"]);
    expect(await users('userName ge "JANE" and userName le "jsmith"')).toEqual(["JANE", "jsmith"]);
  });

  it("compares dateTimes as instants, whatever the offset", async () => {
    expect(await users('meta.lastModified gt "2011-05-13T06:42:34+02:00"')).toEqual(except("jsmith", "nodata"));
    expect(await users('meta.created eq "2011-05-13T04:42:34.000Z"')).toEqual(["bjensen", "jsmith"]);
    expect(await users('meta.lastModified lt "2010-06-01"')).toEqual(["nodata"]);
  });

  it("applies `and` before `or`", async () => {
    expect(await users('userType eq "Intern" and userName eq "xmpp" or userName eq "omalley"')).toEqual(["omalley", "xmpp"]);
    expect(await users('userType eq "Intern" and (userName eq "xmpp" or userName eq "omalley")')).toEqual(["xmpp"]);
  });

  it("matches ids, and treats a malformed id as matching nothing", async () => {
    const id = userIds.get("bjensen")!;
    expect(await users(`id eq "${id}"`)).toEqual(["bjensen"]);
    expect(await users(`id eq "${id.toUpperCase()}"`)).toEqual(["bjensen"]);
    expect(await users('id eq "not-a-uuid"')).toEqual([]);
    expect(await users('id ne "not-a-uuid"')).toEqual(ALL);
    expect(await users(`id sw "${id.slice(0, 8)}"`)).toEqual(["bjensen"]);
  });

  it("knows meta.resourceType and schemas without storing them", async () => {
    expect(await users('meta.resourceType eq "User"')).toEqual(ALL);
    expect(await users('meta.resourceType eq "Group"')).toEqual([]);
    expect(await users(`schemas eq "${USER_SCHEMA}"`)).toEqual(ALL);
    expect(await users(`not (schemas eq "${ENTERPRISE_USER_SCHEMA}")`)).toEqual(except("bjensen", "enterprise2"));
  });
});

describe("extension attributes", () => {
  it("filters the enterprise extension by URN and by bare name", async () => {
    expect(await users(`${ENTERPRISE_USER_SCHEMA}:employeeNumber eq "701984"`)).toEqual(["bjensen"]);
    expect(await users(`${ENTERPRISE_USER_SCHEMA}:manager.value eq "${BOSS_ID}"`)).toEqual(["bjensen"]);
    expect(await users(`${ENTERPRISE_USER_SCHEMA}:department sw "tour"`)).toEqual(["bjensen"]);
    expect(await users('employeeNumber eq "42"')).toEqual(["enterprise2"]);
    expect(await users(`${ENTERPRISE_USER_SCHEMA}:employeeNumber pr`)).toEqual(["bjensen", "enterprise2"]);
  });

  it("compares untyped attributes of a directory's extra schema by the value's type", async () => {
    const extra = [CUSTOM];
    expect(await users(`${CUSTOM}:level gt 2`, extra)).toEqual(["custom", "custom2"]);
    expect(await users(`${CUSTOM}:level lt 5`, extra)).toEqual(["custom"]);
    expect(await users(`${CUSTOM}:flag eq true`, extra)).toEqual(["custom"]);
    expect(await users(`${CUSTOM}:flag eq false`, extra)).toEqual(["custom2"]);
    expect(await users(`${CUSTOM}:code eq "a1"`, extra)).toEqual(["custom"]);
    expect(await users(`${CUSTOM}:code pr`, extra)).toEqual(["custom", "custom2"]);
    expect(await users(`schemas eq "${CUSTOM}"`, extra)).toEqual(["custom", "custom2"]);
  });
});

describe("group membership", () => {
  it("filters users by group through group_members", async () => {
    const admins = groupIds.get("Admins")!;
    const tour = groupIds.get("Tour Guides")!;
    expect(await users(`groups eq "${admins}"`)).toEqual(["bjensen", "jsmith"]);
    expect(await users(`groups.value eq "${tour}"`)).toEqual(["bjensen", "omalley"]);
    expect(await users('groups.display eq "admins"')).toEqual(["bjensen", "jsmith"]);
    expect(await users(`groups[display sw "Tour" and value eq "${tour}"]`)).toEqual(["bjensen", "omalley"]);
    expect(await users(`groups[display sw "Tour" and value eq "${admins}"]`)).toEqual([]);
    expect(await users('groups[type eq "direct"]')).toEqual(["bjensen", "jsmith", "omalley", "unicode"]);
    expect(await users("groups pr")).toEqual(["bjensen", "jsmith", "omalley", "unicode"]);
    expect(await users(`groups ne "${admins}"`)).toEqual(except("bjensen", "jsmith"));
  });

  it("matches nothing for a malformed or foreign group id", async () => {
    expect(await users('groups eq "not-a-uuid"')).toEqual([]);
    expect(await users(`groups eq "${otherAdminsId}"`)).toEqual([]);
  });

  it("filters groups by member", async () => {
    const bjensen = userIds.get("bjensen")!;
    expect(await groups('displayName eq "admins"')).toEqual(["Admins"]);
    expect(await groups('externalId eq "grp-admins"')).toEqual(["Admins"]);
    expect(await groups(`members eq "${bjensen}"`)).toEqual(["Admins", "Tour Guides"]);
    expect(await groups(`members.value eq "${userIds.get("unicode")!}"`)).toEqual(['Ünïcode "quoted" group']);
    expect(await groups('members[display co "jensen"]')).toEqual(["Admins", "Tour Guides"]);
    expect(await groups('members[type eq "User"]')).toEqual(["Admins", "Tour Guides", 'Ünïcode "quoted" group']);
    expect(await groups("not (members pr)")).toEqual(["Empty"]);
    expect(await groups('members eq "garbage"')).toEqual([]);
    expect(await groups('meta.resourceType eq "Group" and displayName sw "t"')).toEqual(["Tour Guides"]);
  });
});

describe("sorting", () => {
  const sortUsers = async (sortBy: string | undefined, order: "ascending" | "descending") => {
    const path = sortBy === undefined ? undefined : resolveAttributePath(parseAttributePath(sortBy), "User");
    return run(sql`true`, "users", userSortSql(path, order));
  };

  it("sorts userName case-insensitively by code point", async () => {
    const expected = [...ALL].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : 1));
    expect(await sortUsers("userName", "ascending")).toEqual(expected);
    expect(await sortUsers("username", "descending")).toEqual([...expected].reverse());
    const unresolved = await run(sql`true`, "users", userSortSql(parseAttributePath("NAME.FAMILYNAME"), "ascending"));
    expect(unresolved.slice(0, 3)).toEqual(["bjensen", "omalley", "jsmith"]);
  });

  it("puts missing values last ascending and first descending", async () => {
    const asc = await sortUsers("name.familyName", "ascending");
    expect(asc.slice(0, 3)).toEqual(["bjensen", "omalley", "jsmith"]);
    const desc = await sortUsers("name.familyName", "descending");
    expect(desc.slice(-3)).toEqual(["jsmith", "omalley", "bjensen"]);
  });

  it("sorts a multi-valued attribute by its primary value, else the first", async () => {
    const asc = await sortUsers("emails", "ascending");
    // bjensen's primary is bjensen@…, crossed's first is c@other.net.
    expect(asc.slice(0, 7)).toEqual(["bjensen", "crossed", "gone.user", "JANE", "jsmith", "omalley", "xmpp"]);
  });

  it("sorts by dateTime columns, ties broken by id, and by creation without sortBy", async () => {
    const byModified = await sortUsers("meta.lastModified", "ascending");
    expect(byModified.slice(0, 3)).toEqual(["nodata", "jsmith", "omalley"]);
    const byCreated = await sortUsers(undefined, "ascending");
    expect(byCreated.slice(0, 2).sort()).toEqual(["bjensen", "jsmith"]);
    expect(await sortUsers(undefined, "ascending")).toEqual(byCreated);
  });

  it("sorts groups and refuses attributes that cannot be sorted", async () => {
    const path = resolveAttributePath(parseAttributePath("displayName"), "Group");
    expect(await run(sql`true`, "groups", groupSortSql(path, "ascending"))).toEqual([
      "Admins",
      "Empty",
      "Tour Guides",
      'Ünïcode "quoted" group',
    ]);
    expect(() => userSortSql({ schema: undefined, attr: "groups", sub: undefined }, "ascending")).toThrow(ScimError);
    expect(() => userSortSql({ schema: undefined, attr: "name", sub: undefined }, "ascending")).toThrow(ScimError);
  });
});
