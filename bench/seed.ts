// Seeding the benchmark directory. Users look like what PingOne's default mapping sends
// (core name/emails/phoneNumbers plus the enterprise extension). Part of them go through
// SCIM Bulk, which is measured; the rest are inserted set-based, a batch per statement,
// with the row computed by the service's own parser (parseResourceBody + userColumns), so
// that a seeded row is exactly what POST /Users would have stored. verifySqlRowsMatch
// checks that against users the server itself created.
import type postgres from "postgres";
import { parseResourceBody, userColumns } from "@/lib/scim/resources";
import { BULK_REQUEST_SCHEMA, ENTERPRISE_USER_SCHEMA, USER_SCHEMA } from "@/lib/scim/schema";
import { type HttpClient } from "./load";

const GIVEN = [
  "Ada", "Alan", "Grace", "Linus", "Barbara", "Edsger", "Donald", "Margaret", "Ken", "Dennis",
  "Frances", "John", "Radia", "Tim", "Sophie", "Niklaus", "Leslie", "Shafi", "Whitfield", "Adele",
  "Brian", "Carol", "Dorothy", "Erik", "Fatima", "Gustav", "Hedy", "Ivan", "Jean", "Katherine",
  "Lars", "Mary", "Noor", "Olga", "Pablo", "Qi", "Rosa", "Sven", "Tomoko", "Ursula",
];
const FAMILY = [
  "Lovelace", "Turing", "Hopper", "Torvalds", "Liskov", "Dijkstra", "Knuth", "Hamilton", "Thompson", "Ritchie",
  "Allen", "McCarthy", "Perlman", "Berners-Lee", "Wilson", "Wirth", "Lamport", "Goldwasser", "Diffie", "Goldberg",
  "Kernighan", "Shaw", "Vaughan", "Meijer", "Haddad", "Lindqvist", "Lamarr", "Petrov", "Sammet", "Johnson",
  "Bak", "Jackson", "Rahman", "Ivanova", "Garcia", "Zhang", "Peter", "Nilsson", "Sato", "Martin",
  "Okafor", "Silva", "Novak", "Kowalski", "Moreau", "Rossi", "Schmidt", "Tanaka", "Kim", "Nguyen",
  "Singh", "Patel", "Cohen", "Murphy", "Dubois", "Jensen", "Larsen", "Virtanen", "Horvat", "Popescu",
];
export const DEPARTMENTS = [
  "Engineering", "Sales", "Marketing", "Finance", "Legal", "Support", "Operations", "Research", "Design", "Security",
  "People", "IT", "Procurement", "Facilities", "Data", "Product", "Partnerships", "Customer Success", "Quality", "Compliance",
];
const TITLES = ["Engineer", "Senior Engineer", "Manager", "Director", "Analyst", "Specialist", "Consultant", "Associate"];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

/** The externalId of the i-th benchmark user (Okta-style). */
export const externalIdOf = (i: number) => `00u${i.toString(36).padStart(10, "0")}`;

/** The i-th benchmark user as PingOne would POST it. Deterministic, unique by i. */
export function userBody(i: number, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const given = pick(GIVEN, i);
  const family = pick(FAMILY, Math.floor(i / GIVEN.length));
  const userName = `${given}.${family}${i}@acme.example.com`.toLowerCase().replace(/[^a-z0-9.@-]/g, "");
  const emails: Record<string, unknown>[] = [{ value: userName, type: "work", primary: true }];
  if (i % 3 === 0) emails.push({ value: `${given}${i}@home.example.net`.toLowerCase(), type: "home" });
  return {
    schemas: [USER_SCHEMA, ENTERPRISE_USER_SCHEMA],
    userName,
    externalId: externalIdOf(i),
    active: true,
    name: { givenName: given, familyName: family, formatted: `${given} ${family}` },
    displayName: `${given} ${family}`,
    title: pick(TITLES, i),
    emails,
    phoneNumbers: [{ value: `+1 555 ${String(i).padStart(7, "0")}`, type: "work" }],
    [ENTERPRISE_USER_SCHEMA]: { employeeNumber: String(100000 + i), department: pick(DEPARTMENTS, i) },
    ...extra,
  };
}

/** Which benchmark user a stored row is (inverse of userBody's employeeNumber). */
export const USER_INDEX_SQL = `((data -> '${ENTERPRISE_USER_SCHEMA}' ->> 'employeeNumber')::int - 100000)`;

/** The columns and data the SCIM service stores for userBody(i). */
function userRow(i: number) {
  const { data } = parseResourceBody("User", userBody(i));
  const c = userColumns(data);
  return {
    user_name: c.userName,
    external_id: c.externalId,
    active: c.active,
    display_name: c.displayName,
    given_name: c.givenName,
    family_name: c.familyName,
    primary_email: c.primaryEmail,
    data,
  };
}

// ---------------------------------------------------------------------------------------
// Through SCIM Bulk (measured)

export type BulkSeedResult = { users: number; requests: number; seconds: number; usersPerSecond: number; failed: number };

/**
 * POSTs users [from, to) through /Bulk, `concurrency` requests at a time, each holding as
 * many operations as fit the advertised limits (1,000 operations, 1 MiB).
 */
export async function seedUsersBulk(
  client: HttpClient,
  scimPath: string,
  range: { from: number; to: number },
  concurrency: number,
): Promise<BulkSeedResult> {
  const maxOps = 1000;
  const maxBytes = 900 * 1024;
  const requests: unknown[][] = [];
  let current: unknown[] = [];
  let size = 0;
  for (let i = range.from; i < range.to; i++) {
    const op = { method: "POST", path: "/Users", bulkId: `u${i}`, data: userBody(i) };
    const opSize = Buffer.byteLength(JSON.stringify(op));
    if (current.length >= maxOps || size + opSize > maxBytes) {
      requests.push(current);
      current = [];
      size = 0;
    }
    current.push(op);
    size += opSize;
  }
  if (current.length > 0) requests.push(current);

  let next = 0;
  let failed = 0;
  let users = 0;
  const started = performance.now();
  const worker = async () => {
    for (let r = next++; r < requests.length; r = next++) {
      const res = await client.request("POST", `${scimPath}/Bulk`, { schemas: [BULK_REQUEST_SCHEMA], Operations: requests[r] });
      if (res.status !== 200) throw new Error(`Bulk request answered ${res.status}: ${res.body.slice(0, 500)}`);
      const body = JSON.parse(res.body) as { Operations: { status: string }[] };
      for (const op of body.Operations) {
        if (op.status === "201") users += 1;
        else failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, requests.length) }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { users, requests: requests.length, seconds, usersPerSecond: users / seconds, failed };
}

// ---------------------------------------------------------------------------------------
// Set-based SQL (fast)

/**
 * Inserts users [from, to) in batches, one INSERT … SELECT FROM jsonb_to_recordset per batch.
 * created_at/updated_at come from clock_timestamp() per row, so that rows have distinct,
 * increasing creation times like users provisioned one by one (now() would give a whole
 * batch the same instant).
 */
export async function seedUsersSql(
  sql: postgres.Sql,
  directoryId: string,
  range: { from: number; to: number },
  batch = 5000,
): Promise<number> {
  const started = performance.now();
  for (let start = range.from; start < range.to; start += batch) {
    const rows = [];
    for (let i = start; i < Math.min(start + batch, range.to); i++) rows.push(userRow(i));
    // ::text::jsonb: a text parameter, so that the driver does not JSON-encode the JSON again.
    await sql`
      insert into directory_users (directory_id, user_name, external_id, active, display_name, given_name,
                                   family_name, primary_email, data, created_at, updated_at)
      select ${directoryId}::uuid, r.user_name, r.external_id, r.active, r.display_name, r.given_name,
             r.family_name, r.primary_email, r.data, r.ts, r.ts
      from (select x.*, clock_timestamp() as ts
            from jsonb_to_recordset(${JSON.stringify(rows)}::text::jsonb)
              as x(user_name text, external_id text, active boolean, display_name text, given_name text,
                   family_name text, primary_email text, data jsonb)) r`;
  }
  return (performance.now() - started) / 1000;
}

/**
 * Compares users the server created (through Bulk) with what seedUsersSql would have
 * inserted for the same index: data JSONB and every derived column must be equal.
 */
export async function verifySqlRowsMatch(sql: postgres.Sql, directoryId: string, indexes: number[]): Promise<void> {
  for (const i of indexes) {
    const expected = userRow(i);
    const [row] = await sql<{ same: boolean }[]>`
      select (data = ${JSON.stringify(expected.data)}::text::jsonb
              and user_name = ${expected.user_name} and external_id is not distinct from ${expected.external_id}
              and active = ${String(expected.active)}::text::boolean
              and display_name is not distinct from ${expected.display_name}
              and given_name is not distinct from ${expected.given_name}
              and family_name is not distinct from ${expected.family_name}
              and primary_email is not distinct from ${expected.primary_email}) as same
      from directory_users where directory_id = ${directoryId}::uuid and lower(user_name) = lower(${expected.user_name})`;
    if (!row) throw new Error(`verify: user ${i} (${expected.user_name}) was not created by Bulk`);
    if (!row.same) throw new Error(`verify: the SQL-seeded shape of user ${i} differs from what the server stored`);
  }
}

// ---------------------------------------------------------------------------------------
// Groups: created through SCIM, filled set-based

export type SeededGroups = {
  all: { id: string; displayName: string; members: number };
  small: { id: string; displayName: string; members: number };
  departments: { id: string; displayName: string }[];
  seconds: number;
};

async function postGroup(client: HttpClient, scimPath: string, displayName: string, members: string[] = []) {
  const res = await client.request("POST", `${scimPath}/Groups`, {
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"],
    displayName,
    members: members.map((value) => ({ value })),
  });
  if (res.status !== 201) throw new Error(`POST /Groups ${displayName} answered ${res.status}: ${res.body.slice(0, 300)}`);
  return (JSON.parse(res.body) as { id: string }).id;
}

/**
 * "All Employees" with every user, one group per department (each user in one), and a
 * 10-member "Small Team" to compare membership changes against. The groups are POSTed
 * through SCIM; their membership rows are one INSERT … SELECT each, as a sync of that
 * size would leave them (without the per-member events the service would also write).
 */
export async function seedGroups(client: HttpClient, sql: postgres.Sql, scimPath: string, directoryId: string): Promise<SeededGroups> {
  const started = performance.now();
  const smallMembers = await sql<{ id: string }[]>`
    select id from directory_users where directory_id = ${directoryId}::uuid order by random() limit 10`;
  const smallId = await postGroup(client, scimPath, "Small Team", smallMembers.map((r) => r.id));
  const allId = await postGroup(client, scimPath, "All Employees");
  await sql`
    insert into group_members (directory_id, group_id, user_id)
    select directory_id, ${allId}::uuid, id from directory_users where directory_id = ${directoryId}::uuid`;
  const departments: { id: string; displayName: string }[] = [];
  for (const name of DEPARTMENTS) departments.push({ id: await postGroup(client, scimPath, name), displayName: name });
  await sql`
    insert into group_members (directory_id, group_id, user_id)
    select u.directory_id, g.id, u.id
    from directory_users u
    join directory_groups g on g.directory_id = u.directory_id
      and g.display_name = u.data -> ${ENTERPRISE_USER_SCHEMA}::text ->> 'department'
    where u.directory_id = ${directoryId}::uuid`;
  // What the membership statements keep on the group row (lib/directory/groups.ts): the
  // member count, which the service reads (e.g. to stream a large group's answer).
  await sql`
    update directory_groups g set member_count = c.n, version = g.version + 1, updated_at = now()
    from (select group_id, count(*)::int as n from group_members where directory_id = ${directoryId}::uuid group by group_id) c
    where g.directory_id = ${directoryId}::uuid and g.id = c.group_id`;
  const [counts] = await sql<{ all: number; small: number }[]>`
    select (select count(*)::int from group_members where directory_id = ${directoryId}::uuid and group_id = ${allId}::uuid) as all,
           (select count(*)::int from group_members where directory_id = ${directoryId}::uuid and group_id = ${smallId}::uuid) as small`;
  return {
    all: { id: allId, displayName: "All Employees", members: counts?.all ?? 0 },
    small: { id: smallId, displayName: "Small Team", members: counts?.small ?? 0 },
    departments,
    seconds: (performance.now() - started) / 1000,
  };
}
