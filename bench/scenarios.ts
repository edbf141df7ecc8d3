// What the benchmark asks the SCIM endpoints, in the shapes real providers send: the
// read paths first (on the freshly seeded directory), then the writes.
import { createHmac } from "node:crypto";
import { encodeCursor } from "@/lib/scim/list";
import { PATCH_OP_SCHEMA } from "@/lib/scim/schema";
import { type Scenario } from "./load";
import { externalIdOf, userBody } from "./seed";

export type SampleUser = { id: string; userName: string; email: string; index: number };

export type ScenarioInput = {
  /** Path of the SCIM base, e.g. /api/scim/{directoryId}/v2. */
  base: string;
  users: number;
  sample: SampleUser[];
  groups: { all: string; allMembers: number; small: string; smallMembers: number; displayNames: string[] };
  /** The keyset position after row `deepOffset` in the default order (for a minted cursor). */
  deep: { offset: number; createdUs: string; id: string };
  directoryId: string;
  authSecret: string;
};

type ListBody = { totalResults: number; Resources: { id: string }[]; nextCursor?: string };

const q = (value: string) => encodeURIComponent(value);
const filterPath = (base: string, filter: string, extra = "") => `${base}/Users?filter=${q(filter)}${extra}`;

function parseList(body: string): ListBody {
  return JSON.parse(body) as ListBody;
}

/** Throws (counted as an error of the scenario) when a lookup did not find its user. */
function expectFound(body: string, what: string): void {
  const list = parseList(body);
  if (!(list.totalResults >= 1 && list.Resources.length >= 1)) throw new Error(`${what}: no match`);
}

/**
 * RFC 9865 cursors are HMAC-signed with a key bound to the directory; this mirrors
 * cursorSecret() in lib/scim-http/operations.ts (HMAC-SHA256 of the directory id under
 * AUTH_SECRET), so that the benchmark can start a cursor walk deep in the directory
 * without walking 990 pages first. If the server's scheme changes, the deep-cursor
 * check in run.ts fails loudly instead of timing 400s.
 */
export function mintUserCursor(input: ScenarioInput): string {
  const secret = createHmac("sha256", input.authSecret).update(input.directoryId).digest("base64url");
  return encodeCursor({ sortKey: input.deep.createdUs, id: input.deep.id, query: "User:" }, secret);
}

/** One GET per iteration: its path (fresh per request) and an optional check of the answer. */
type ReadSpec = { key: string; label: string; path: () => string; check?: (body: string) => void };

function readScenario(spec: ReadSpec, concurrency?: number): Scenario {
  // Stats are keyed apart per concurrency, so the request log can time each on its own.
  const stat = concurrency === 1 ? `${spec.key}.serial` : spec.key;
  return {
    key: stat,
    ...(concurrency ? { concurrency } : {}),
    labels: { [stat]: spec.label },
    iterate: async (ctx) => {
      const res = await ctx.call(stat, "GET", spec.path());
      if (res.status === 200) spec.check?.(res.body);
      return true;
    },
  };
}

/** Reads also run with one client: the service time without the queueing of N clients on 2 cores. */
const SERIAL_READS = new Set(["testConnection", "filterUserName", "getGroupNoMembers", "filterEmailsEq", "getUser", "listFirst", "listDeep", "cursorDeep", "countOnly"]);

export function readScenarios(input: ScenarioInput, serialSeconds: number): Scenario[] {
  const { base, sample } = input;
  const random = () => sample[Math.floor(Math.random() * sample.length)]!;
  const deepCursor = mintUserCursor(input);
  const deepStart = input.deep.offset + 1;
  // A walk must not run off the end of a small directory (the last page has no nextCursor).
  const walkPages = Math.max(1, Math.min(50, Math.floor((input.users - 1) / 100)));
  // A lookup of a random existing user must find it.
  const lookup = (filter: (u: SampleUser) => string) => ({
    path: () => filterPath(base, filter(random())),
    check: (body: string) => expectFound(body, "an existing user"),
  });
  const specs: ReadSpec[] = [
    { key: "testConnection", label: "GET /Users?startIndex=1&count=1 (Test Connection)", path: () => `${base}/Users?startIndex=1&count=1` },
    {
      key: "filterUserName",
      label: 'GET /Users?filter=userName eq "…"',
      ...lookup((u) => `userName eq "${u.userName}"`),
    },
    {
      key: "filterUserNamePingOne",
      label: 'GET /Users?filter=username Eq "…" (PingOne)',
      // PingOne's template sends the value as typed; upper case checks that the
      // case-insensitive match still uses the index.
      ...lookup((u) => `username Eq "${u.userName.toUpperCase()}"`),
    },
    {
      key: "filterEmailsEq",
      label: 'GET /Users?filter=emails eq "…" (PingOne workEmail)',
      ...lookup((u) => `emails eq "${u.email}"`),
    },
    {
      key: "filterEmailsCo",
      label: 'GET /Users?filter=emails[type eq "work" and value co "…"]',
      // "hopper1234@": the family name, number and "@" of one user's work address.
      ...lookup((u) => `emails[type eq "work" and value co "${u.email.slice(u.email.indexOf(".") + 1, u.email.indexOf("@") + 1)}"]`),
    },
    {
      key: "filterExternalId",
      label: 'GET /Users?filter=externalId eq "…"',
      ...lookup((u) => `externalId eq "${externalIdOf(u.index)}"`),
    },
    { key: "getUser", label: "GET /Users/{id}", path: () => `${base}/Users/${random().id}` },
    {
      key: "getGroupNoMembers",
      label: `GET /Groups/{id}?excludedAttributes=members (${input.groups.allMembers.toLocaleString("en-US")}-member group)`,
      path: () => `${base}/Groups/${input.groups.all}?excludedAttributes=members`,
    },
    {
      key: "filterGroup",
      label: 'GET /Groups?filter=displayName eq "…"&excludedAttributes=members',
      path: () => {
        const names = input.groups.displayNames;
        const name = names[Math.floor(Math.random() * names.length)]!;
        return `${base}/Groups?filter=${q(`displayName eq "${name}"`)}&excludedAttributes=members`;
      },
      check: (body) => expectFound(body, "an existing group"),
    },
    { key: "listFirst", label: "GET /Users?startIndex=1&count=100", path: () => `${base}/Users?startIndex=1&count=100` },
    {
      key: "listDeep",
      label: `GET /Users?startIndex=${deepStart}&count=100 (offset)`,
      path: () => `${base}/Users?startIndex=${deepStart}&count=100`,
    },
    {
      key: "cursorDeep",
      label: `GET /Users?count=100&cursor=… (after row ${input.deep.offset})`,
      path: () => `${base}/Users?count=100&cursor=${q(deepCursor)}`,
    },
    { key: "countOnly", label: "GET /Users?count=0 (total only)", path: () => `${base}/Users?count=0` },
  ];

  const cursorWalk: Scenario = {
    key: "cursorWalk",
    labels: {
      cursorPage: "GET /Users?count=100&cursor=… (each page of a walk)",
      cursorWalk: `cursor walk, ${walkPages} pages of 100 (whole walk)`,
    },
    warmup: 1,
    iterate: async (ctx) => {
      await ctx.time("cursorWalk", async () => {
        let cursor = "";
        for (let page = 0; page < walkPages; page++) {
          const res = await ctx.call("cursorPage", "GET", `${base}/Users?count=100&cursor=${q(cursor)}`);
          const next = res.status === 200 ? parseList(res.body).nextCursor : undefined;
          if (!next) throw new Error(`cursor walk ended at page ${page + 1}: ${res.status}`);
          cursor = next;
        }
      });
      return true;
    },
  };

  return [
    ...specs.map((spec) => readScenario(spec)),
    cursorWalk,
    ...specs
      .filter((spec) => SERIAL_READS.has(spec.key))
      .map((spec) => ({ ...readScenario(spec, 1), seconds: serialSeconds, warmup: 2 })),
  ];
}

const patchOp = (...operations: Record<string, unknown>[]) => ({ schemas: [PATCH_OP_SCHEMA], Operations: operations });

/**
 * The writes. `created` collects the ids of users made by the POST scenario: they belong
 * to no group, so the membership scenarios can add and remove them.
 */
export function writeScenarios(input: ScenarioInput, created: string[]): Scenario[] {
  const { base, sample } = input;
  // Distinct users per request where a repeat would be a no-op; the sample is shuffled.
  const half = Math.max(1, Math.floor(sample.length / 2));
  const forPut = (n: number) => sample[n % half]!;
  const forDeactivate = (n: number) => sample[half + (n % Math.max(1, sample.length - half))] ?? sample[n % sample.length]!;

  const big = `${input.groups.allMembers.toLocaleString("en-US")}-member group`;
  const small = `${input.groups.smallMembers}-member group`;
  const membership = (key: string, group: string, label: string, concurrency?: number): Scenario => ({
    key,
    ...(concurrency ? { concurrency } : {}),
    labels: {
      [`${key}.add`]: `PATCH /Groups/{id} add 1 member (${label})`,
      [`${key}.remove`]: `PATCH /Groups/{id} remove 1 member (${label})`,
    },
    iterate: async (ctx) => {
      if (created.length === 0) throw new Error("no created users to add (POST /Users failed?)");
      // Iterations running at the same time have neighbouring numbers, hence distinct users.
      const user = created[ctx.iteration % created.length]!;
      const path = `${base}/Groups/${group}`;
      await ctx.call(`${key}.add`, "PATCH", path, patchOp({ op: "add", path: "members", value: [{ value: user }] }), 204);
      // Okta's form: remove by a filtered path.
      await ctx.call(`${key}.remove`, "PATCH", path, patchOp({ op: "remove", path: `members[value eq "${user}"]` }), 204);
      return true;
    },
  });

  return [
    {
      key: "createUser",
      labels: { createUser: "POST /Users" },
      iterate: async (ctx) => {
        const i = input.users + 1_000_000 + ctx.iteration;
        const res = await ctx.call("createUser", "POST", `${base}/Users`, userBody(i), 201);
        if (res.status === 201) created.push((JSON.parse(res.body) as { id: string }).id);
        return true;
      },
    },
    {
      key: "replaceUser",
      labels: { replaceUser: "PUT /Users/{id}" },
      iterate: async (ctx) => {
        const u = forPut(ctx.iteration);
        const body = userBody(u.index, { title: `Title revision ${ctx.iteration}` });
        await ctx.call("replaceUser", "PUT", `${base}/Users/${u.id}`, body);
        return true;
      },
    },
    {
      key: "patchUser",
      labels: { patchUser: "PATCH /Users/{id} (2 replace ops)" },
      iterate: async (ctx) => {
        const u = forPut(ctx.iteration + half / 2);
        const body = patchOp(
          { op: "replace", path: "title", value: `Title patch ${ctx.iteration}` },
          { op: "replace", path: "name.givenName", value: `Given${ctx.iteration}` },
        );
        await ctx.call("patchUser", "PATCH", `${base}/Users/${u.id}`, body);
        return true;
      },
    },
    {
      key: "deactivateUser",
      labels: { deactivateUser: "PATCH /Users/{id} active=false" },
      iterate: async (ctx) => {
        const u = forDeactivate(ctx.iteration);
        await ctx.call("deactivateUser", "PATCH", `${base}/Users/${u.id}`, patchOp({ op: "replace", path: "active", value: false }));
        return true;
      },
    },
    membership("memberBig", input.groups.all, big),
    membership("memberSmall", input.groups.small, small),
    membership("memberBigSerial", input.groups.all, `${big}, 1 client`, 1),
    membership("memberSmallSerial", input.groups.small, `${small}, 1 client`, 1),
    {
      // What a provider sends when many people join at once: 100 members in one PATCH, and
      // Entra's form of removing them again (one remove op with a value list).
      key: "memberBatch",
      concurrency: 1,
      maxIterations: 200,
      labels: {
        "memberBatch.add": `PATCH /Groups/{id} add 100 members (${big}, 1 client)`,
        "memberBatch.remove": `PATCH /Groups/{id} remove 100 members (${big}, 1 client)`,
      },
      iterate: async (ctx) => {
        if (created.length < 100) throw new Error("fewer than 100 created users to add (POST /Users failed?)");
        const start = (ctx.iteration * 100) % (created.length - 99);
        const value = created.slice(start, start + 100).map((id) => ({ value: id }));
        const path = `${base}/Groups/${input.groups.all}`;
        await ctx.call("memberBatch.add", "PATCH", path, patchOp({ op: "add", path: "members", value }), 204);
        await ctx.call("memberBatch.remove", "PATCH", path, patchOp({ op: "remove", path: "members", value }), 204);
        return true;
      },
    },
    ...[1, undefined].map(
      (concurrency): Scenario => ({
        key: concurrency === 1 ? "getBigGroup.serial" : "getBigGroup",
        labels: {
          [concurrency === 1 ? "getBigGroup.serial" : "getBigGroup"]: `GET /Groups/{id} with all members (${big}${concurrency === 1 ? ", 1 client" : ""})`,
        },
        ...(concurrency ? { concurrency } : {}),
        warmup: 1,
        maxIterations: 200,
        iterate: async (ctx) => {
          const stat = concurrency === 1 ? "getBigGroup.serial" : "getBigGroup";
          const res = await ctx.call(stat, "GET", `${base}/Groups/${input.groups.all}`);
          if (res.status === 200 && (JSON.parse(res.body) as { members?: unknown[] }).members?.length !== input.groups.allMembers) {
            throw new Error("the group answer did not list every member");
          }
          return true;
        },
      }),
    ),
    {
      key: "deleteUser",
      labels: { deleteUser: "DELETE /Users/{id}" },
      iterate: async (ctx) => {
        const id = created.pop();
        if (!id) return false;
        await ctx.call("deleteUser", "DELETE", `${base}/Users/${id}`, undefined, 204);
        return true;
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------
// The ceiling: the benchmark build's fixed-response route (app/api/scim/bench-fixed), asked
// the same way. Every SCIM workload is also printed as a ratio to the one of its method.

export const FIXED_BASE = "/api/scim/bench-fixed/v2";

/** Which fixed-route stat a SCIM stat is compared with (by HTTP method). */
export function ceilingOf(method: string): string | undefined {
  if (method === "GET") return "fixedGet";
  if (method === "POST") return "fixedPost";
  if (method === "PUT" || method === "PATCH") return "fixedPatch";
  return undefined;
}

export function fixedScenarios(): Scenario[] {
  const lookup = `${FIXED_BASE}/Users?filter=${q('userName eq "ada.lovelace@example.com"')}`;
  return [
    {
      key: "fixedGet",
      labels: { fixedGet: "fixed route: GET (lookup-sized answer)" },
      iterate: async (ctx) => {
        await ctx.call("fixedGet", "GET", lookup);
        return true;
      },
    },
    {
      key: "fixedPost",
      labels: { fixedPost: "fixed route: POST (reads a User body)" },
      iterate: async (ctx) => {
        await ctx.call("fixedPost", "POST", `${FIXED_BASE}/Users`, userBody(ctx.iteration), 201);
        return true;
      },
    },
    {
      key: "fixedPatch",
      labels: { fixedPatch: "fixed route: PATCH (reads a PatchOp body)" },
      iterate: async (ctx) => {
        const body = patchOp({ op: "replace", path: "title", value: `Title ${ctx.iteration}` }, { op: "replace", path: "active", value: true });
        await ctx.call("fixedPatch", "PATCH", `${FIXED_BASE}/Users/2819c223-7f76-453a-919d-413861904646`, body);
        return true;
      },
    },
  ];
}

// ---------------------------------------------------------------------------------------
// Initial sync: what a provider does when an app is first assigned — for each user a lookup
// by userName (no match) then a create, then the groups, then their members in batches.

export type InitialSyncResult = {
  users: number;
  groups: number;
  memberships: number;
  seconds: number;
  /** Wall time of each step: the users (lookup + create), the groups, the member PATCHes. */
  phases?: { users: number; groups: number; memberships: number };
  failed: number;
};

export async function initialSync(
  client: { request(method: string, path: string, body?: unknown): Promise<{ status: number; body: string }> },
  base: string,
  sizes: { users: number; groups: number; memberships: number; batch: number },
  concurrency: number,
): Promise<InitialSyncResult> {
  let failed = 0;
  const started = performance.now();
  const ids: string[] = new Array<string>(sizes.users);
  let next = 0;
  const pool = async (count: number, work: (i: number) => Promise<void>) => {
    next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < count; i = next++) await work(i);
      }),
    );
  };
  // Users 5,000,000 + i: never among the directory's seeded users.
  await pool(sizes.users, async (i) => {
    const body = userBody(5_000_000 + i);
    const found = await client.request("GET", filterPath(base, `userName eq "${String(body.userName)}"`));
    if (found.status !== 200 || parseList(found.body).totalResults !== 0) failed += 1;
    const res = await client.request("POST", `${base}/Users`, body);
    if (res.status === 201) ids[i] = (JSON.parse(res.body) as { id: string }).id;
    else failed += 1;
  });
  const usersDone = performance.now();
  const groupIds: string[] = new Array<string>(sizes.groups);
  await pool(sizes.groups, async (g) => {
    const res = await client.request("POST", `${base}/Groups`, { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: `Sync group ${g}` });
    if (res.status === 201) groupIds[g] = (JSON.parse(res.body) as { id: string }).id;
    else failed += 1;
  });
  const groupsDone = performance.now();
  // memberships spread evenly: group g gets users g*per … (g+1)*per (mod users).
  const perGroup = Math.ceil(sizes.memberships / sizes.groups);
  const batches: { group: string; members: string[] }[] = [];
  for (let g = 0; g < sizes.groups; g++) {
    const members = Array.from({ length: perGroup }, (_, k) => ids[(g * perGroup + k) % sizes.users]).filter((id): id is string => Boolean(id));
    for (let k = 0; k < members.length; k += sizes.batch) batches.push({ group: groupIds[g] ?? "", members: members.slice(k, k + sizes.batch) });
  }
  await pool(batches.length, async (b) => {
    const { group, members } = batches[b]!;
    const res = await client.request("PATCH", `${base}/Groups/${group}`, patchOp({ op: "add", path: "members", value: members.map((value) => ({ value })) }));
    if (res.status !== 204 && res.status !== 200) failed += 1;
  });
  const done = performance.now();
  return {
    users: sizes.users,
    groups: sizes.groups,
    memberships: perGroup * sizes.groups,
    seconds: (done - started) / 1000,
    phases: { users: (usersDone - started) / 1000, groups: (groupsDone - usersDone) / 1000, memberships: (done - groupsDone) / 1000 },
    failed,
  };
}
