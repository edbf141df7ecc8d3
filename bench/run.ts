// `npm run bench [-- --users 100000 --concurrency 8 --seconds 8 --bulk-users 10000 --keep]`
// `npm run bench -- --only webhooks [--writes 300 --deliveries 3000]` runs only the webhook
// path (bench/webhooks.ts).
//
// The performance benchmark: a fresh PostgreSQL database, a production server on
// 127.0.0.1:3300, a directory of --users users (part seeded through SCIM Bulk, measured,
// the rest set-based), one group holding every user, then N concurrent SCIM clients
// against the real HTTP endpoints and the portal's read queries in-process. Prints a
// table, writes bench/results/<date>.json, and always stops its server and drops its
// database (--keep keeps the database, for EXPLAIN ANALYZE afterwards).
import { execSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { buildIfNeeded } from "@/scripts/start";
import { BENCH_AGENT, HttpClient, type RunLimits, type Scenario, type ServerTiming, type StatResult, runScenario } from "./load";
import { portalScenarios } from "./portal";
import { HEADER, formatMarkdown, formatRow, formatTable } from "./report";
import {
  type InitialSyncResult,
  type SampleUser,
  type ScenarioInput,
  ceilingOf,
  fixedScenarios,
  initialSync,
  mintUserCursor,
  readScenarios,
  writeScenarios,
} from "./scenarios";
import { type BulkSeedResult, USER_INDEX_SQL, seedGroups, seedUsersBulk, seedUsersSql, verifySqlRowsMatch } from "./seed";
import {
  createDatabase,
  createDirectoryViaApi,
  databaseUrl,
  dropDatabase,
  cpuMsOf,
  isPortInUse,
  sampleServerRss,
  sleep,
  startServer,
  waitForHealth,
} from "./server";

const HOST = "127.0.0.1";
const RESULTS_DIR = path.join(process.cwd(), "bench", "results");

type Options = {
  only: "webhooks" | undefined;
  writes: number;
  deliveries: number;
  users: number[];
  syncUsers: number;
  concurrency: number;
  seconds: number;
  maxRequests: number;
  bulkUsers: number;
  port: number;
  keep: boolean;
  profile: boolean;
  /** Only the SCIM workloads whose key matches (the fixed route and seeding always run). */
  match: RegExp | undefined;
};

function options(): Options {
  const { values } = parseArgs({
    options: {
      users: { type: "string", default: "5000,100000" },
      "sync-users": { type: "string", default: "5000" },
      concurrency: { type: "string", default: "16" },
      seconds: { type: "string", default: "8" },
      "max-requests": { type: "string", default: "5000" },
      "bulk-users": { type: "string", default: "5000" },
      port: { type: "string", default: "3300" },
      keep: { type: "boolean", default: false },
      profile: { type: "boolean", default: false },
      match: { type: "string" },
      only: { type: "string" },
      writes: { type: "string", default: "300" },
      deliveries: { type: "string", default: "3000" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(`npm run bench -- [options]
  --users N[,N…]    directory sizes, each measured in a directory of its own (default 5000,100000)
  --sync-users N    users in the initial-sync workload, 0 to skip (default 5000)
  --concurrency N   concurrent SCIM clients (default 16)
  --seconds S       measured seconds per operation (default 8)
  --max-requests N  at most this many measured requests per operation (default 5000)
  --bulk-users N    how many users of the first directory are created through SCIM Bulk, measured (default 5000)
  --port P          port of the benchmark server on 127.0.0.1 (default 3300)
  --keep            keep the benchmark database afterwards (the server is always stopped)
  --profile         run the server under node --cpu-prof; the .cpuprofile lands in bench/results/
  --match REGEX     only the SCIM workloads whose key matches (e.g. "patchUser|replaceUser"), for a quick
                    measurement or a profile of one path; the fixed route always runs
  --only webhooks   only the webhook path: write cost with a subscription, delivery throughput
  --writes N        (webhooks) timed user writes per phase (default 300)
  --deliveries N    (webhooks) size of the delivered backlog (default 3000)`);
    process.exit(0);
  }
  const int = (name: string, v: string, min: number) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} must be an integer >= ${min}`);
    return n;
  };
  const users = values.users.split(",").map((v) => int("users", v.trim(), 2000));
  if (values.only !== undefined && values.only !== "webhooks") throw new Error("--only takes: webhooks");
  return {
    only: values.only,
    writes: int("writes", values.writes, 10),
    deliveries: int("deliveries", values.deliveries, 10),
    users,
    syncUsers: int("sync-users", values["sync-users"], 0),
    concurrency: int("concurrency", values.concurrency, 1),
    seconds: int("seconds", values.seconds, 1),
    maxRequests: int("max-requests", values["max-requests"], 10),
    bulkUsers: int("bulk-users", values["bulk-users"], 0),
    port: int("port", values.port, 1),
    keep: values.keep,
    profile: values.profile,
    match: values.match === undefined ? undefined : new RegExp(values.match),
  };
}

/** Whether --match (when given) selects the workload `key`. */
function isWanted(opts: Options, key: string): boolean {
  return opts.match === undefined || opts.match.test(key);
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

function gitRevision(): string {
  try {
    const rev = execSync("git rev-parse --short HEAD", { encoding: "utf8" }).trim();
    const dirty = execSync("git status --porcelain --untracked-files=no", { encoding: "utf8" }).trim() !== "";
    return dirty ? `${rev}+dirty` : rev;
  } catch {
    return "unknown";
  }
}

// Cleanup runs once, in reverse order of registration, on success, failure or Ctrl-C.
const cleanups: { label: string; run: () => Promise<void> }[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const step of cleanups.reverse()) {
      try {
        await step.run();
      } catch (error) {
        console.error(`[bench] cleanup "${step.label}" failed:`, error instanceof Error ? error.message : error);
      }
    }
  })();
  return cleaning;
}
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    log(`${signal}: stopping the server${cleanups.some((c) => c.label === "drop database") ? " and dropping the database" : ""}`);
    void cleanup().finally(() => process.exit(130));
  });
}

async function lastRequestLogId(sql: postgres.Sql): Promise<string> {
  const [row] = await sql<{ id: string }[]>`select coalesce(max(id), 0)::text as id from scim_requests`;
  return row?.id ?? "0";
}

/**
 * Server-side durations of the requests sent since `since`, per stat: the request log
 * records each request's handler time, and the benchmark names the stat in User-Agent.
 */
async function serverTimings(sql: postgres.Sql, since: string): Promise<Map<string, ServerTiming>> {
  // The log is written in the background after each response; give the last ones a moment.
  await sleep(500);
  const rows = await sql<{ stat: string; n: number; p: number[] }[]>`
    select substr(user_agent, ${BENCH_AGENT.length + 1}) as stat, count(*)::int as n,
           percentile_disc(array[0.5, 0.95, 0.99]) within group (order by duration_ms)::float8[] as p
    from scim_requests
    where id > ${since}::bigint and user_agent like ${`${BENCH_AGENT}%`} and user_agent <> ${`${BENCH_AGENT}warmup`}
    group by 1`;
  return new Map(rows.map((r) => [r.stat, { count: r.n, p50: r.p[0] ?? 0, p95: r.p[1] ?? 0, p99: r.p[2] ?? 0 }]));
}

async function main(): Promise<void> {
  const opts = options();
  if (opts.only === "webhooks") {
    const { runWebhookBench } = await import("./webhooks");
    await runWebhookBench({ writes: opts.writes, deliveries: opts.deliveries, keep: opts.keep });
    return;
  }
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error("DATABASE_URL must be a postgres:// URL (the benchmark never runs on the embedded database)");
  const origin = `http://${HOST}:${opts.port}`;
  if (await isPortInUse(opts.port, HOST)) throw new Error(`${HOST}:${opts.port} is already in use; pass --port`);

  // The benchmark's own build (.next-bench, with the fixed-response route; next.config.ts).
  // Before anything is created: buildIfNeeded exits the process when the build fails.
  const loadAverageAtStart = os.loadavg();
  process.env.ROSTER_BENCH_BUILD = "1";
  buildIfNeeded();

  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const dbName = `roster_bench_${startedAt.toISOString().replace(/\D/g, "").slice(0, 17)}`;
  const benchUrl = databaseUrl(serverUrl, dbName);
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${stamp}.server.log`);

  log(`database ${dbName} on ${new URL(serverUrl).host}`);
  // Registered first: an interrupted create leaves nothing behind either (drop if exists).
  if (!opts.keep) cleanups.push({ label: "drop database", run: () => dropDatabase(serverUrl, dbName) });
  await createDatabase(serverUrl, dbName);
  // lib/env reads DATABASE_URL once, on first use: set it before the migration asks.
  process.env.DATABASE_URL = benchUrl;
  const { migrateDatabase } = await import("@/db/migrate");
  await migrateDatabase();

  const authSecret = randomBytes(32).toString("base64url");
  const apiKey = `rst_key_${randomBytes(32).toString("base64url")}`;
  const server = startServer({
    port: opts.port,
    host: HOST,
    logFile,
    ...(opts.profile ? { cpuProfileDir: RESULTS_DIR } : {}),
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATABASE_URL: benchUrl,
      AUTH_SECRET: authSecret,
      ROSTER_BOOTSTRAP_API_KEY: apiKey,
      ROSTER_BENCH_BUILD: "1",
      APP_URL: origin,
      AUTH_URL: origin,
    },
  });
  cleanups.push({ label: "stop server", run: () => server.stop() });
  log(`production server (scripts/start.ts) on ${origin} (pid ${server.pid}, log ${path.relative(process.cwd(), logFile)})`);
  await waitForHealth(origin, server);

  const rss = sampleServerRss(server.pid);
  cleanups.push({ label: "stop memory sampler", run: () => Promise.resolve(rss.stop()) });
  const client = new HttpClient(new URL(origin), { "user-agent": "roster-bench" }, opts.concurrency);
  cleanups.push({ label: "close http client", run: () => Promise.resolve(client.close()) });
  const sql = postgres(benchUrl, { max: 2, onnotice: () => {} });
  cleanups.push({ label: "close database client", run: () => sql.end({ timeout: 5 }) });
  const limits: RunLimits = { concurrency: opts.concurrency, seconds: opts.seconds, maxIterations: opts.maxRequests };
  const memory: { phase: string; peakMb: number; endMb: number }[] = [];
  const phase = (name: string) => {
    memory.push({ phase: name, peakMb: mb(rss.peak()), endMb: mb(rss.current()) });
    log(`  server memory after ${name}: peak ${mb(rss.peak())} MB, now ${mb(rss.current())} MB`);
    rss.resetPeak();
  };
  const printStat = (r: StatResult) => {
    const row = formatRow(r);
    log(`  ${row[0]}: ${r.count} in ${(r.count / Math.max(r.throughput, 1e-9)).toFixed(1)} s, ${row[3]}/s, p50 ${row[4]} p95 ${row[5]} p99 ${row[6]} max ${row[7]} ms${r.server ? ` (server p50 ${row[8]} p95 ${row[9]})` : ""}${r.cpu ? `, cpu/request app ${row[10]} db ${row[11]} ms` : ""}${r.ratio !== undefined ? `, ${row[12]} of the fixed route` : ""}${r.errors ? `, ${r.errors} errors: ${r.errorSamples[0]}` : ""}`);
  };

  // CPU per request: the server process, and the database backends serving this database.
  const backendPids = async () =>
    (await sql<{ pid: number }[]>`select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`).map((r) => r.pid);
  const measured = async (scenario: Scenario): Promise<StatResult[]> => {
    const pids = await backendPids();
    let before = { app: 0, db: 0 };
    let after = { app: 0, db: 0 };
    const read = () => ({ app: cpuMsOf(server.pid), db: pids.reduce((sum, pid) => sum + cpuMsOf(pid), 0) });
    const rows = await runScenario(scopedClient.current, scenario, limits, (p) => {
      if (p === "measuring") before = read();
      else after = read();
    });
    const requests = rows.reduce((n, r) => n + (r.label.startsWith("cursor walk") ? 0 : r.count + r.errors), 0);
    if (requests === 0 || after.app === 0) return rows;
    const cpu = { serverMs: (after.app - before.app) / requests, dbMs: (after.db - before.db) / requests };
    // One scenario's CPU is shared by its stats (the add/remove pair of a membership scenario).
    return rows.map((r) => (r.label.startsWith("cursor walk") ? r : { ...r, cpu }));
  };
  const scopedClient = { current: client };

  // ---- The ceiling: the fixed-response route, same server, same client ------------------
  log(`fixed-response route (the App Router's ceiling), ${opts.concurrency} concurrent clients…`);
  const fixed: StatResult[] = [];
  for (const scenario of fixedScenarios()) {
    const rows = await measured(scenario);
    for (const r of rows) {
      if (r.errors > 0) throw new Error(`the fixed route failed (is this the benchmark build?): ${r.errorSamples[0]}`);
      fixed.push(r);
      printStat(r);
    }
  }
  const withRatio = (r: StatResult): StatResult => {
    const ceiling = r.method && r.concurrency === opts.concurrency ? fixed.find((f) => f.key === ceilingOf(r.method!)) : undefined;
    return ceiling && ceiling.throughput > 0 ? { ...r, ratio: r.throughput / ceiling.throughput } : r;
  };
  phase("fixed route");

  // ---- One directory per size ----------------------------------------------------------
  const sizes: SizeResult[] = [];
  let portalInput: Parameters<typeof portalScenarios>[0] | undefined;
  for (const [sizeIndex, users] of opts.users.entries()) {
    const dir = await createDirectoryViaApi(origin, apiKey, `Benchmark ${stamp} ${users}`);
    const base = `/api/scim/${dir.directoryId}/v2`;
    const auth = { authorization: `Bearer ${dir.token}` };
    const scoped = client.withHeaders(auth);
    scopedClient.current = scoped;
    log(`directory of ${users.toLocaleString("en-US")} users (${dir.directoryId})`);

    // Seeding: Bulk in the first directory only (measured once), the rest set-based.
    const bulkUsers = sizeIndex === 0 ? Math.min(users, opts.bulkUsers) : 0;
    let bulk: BulkSeedResult | undefined;
    if (bulkUsers > 0) {
      log(`seeding ${bulkUsers} users through SCIM Bulk (${opts.concurrency} concurrent requests)…`);
      bulk = await seedUsersBulk(scoped, base, { from: 0, to: bulkUsers }, opts.concurrency);
      log(`  Bulk: ${bulk.users} users in ${bulk.seconds.toFixed(1)} s = ${bulk.usersPerSecond.toFixed(0)} users/s (${bulk.requests} requests, ${bulk.failed} failed)`);
      if (bulk.failed > 0) throw new Error(`${bulk.failed} Bulk operations failed (see ${logFile})`);
      const probe = [0, Math.floor(bulkUsers / 2), bulkUsers - 1];
      await verifySqlRowsMatch(sql, dir.directoryId, probe);
      log(`  the SQL seeding shape matches what the server stored (users ${probe.join(", ")})`);
    }
    const sqlUsers = users - bulkUsers;
    log(`seeding ${sqlUsers} users set-based…`);
    const sqlSeconds = await seedUsersSql(sql, dir.directoryId, { from: bulkUsers, to: users });
    log(`  SQL: ${sqlUsers} users in ${sqlSeconds.toFixed(1)} s`);
    const groups = await seedGroups(scoped, sql, base, dir.directoryId);
    log(`  groups: "${groups.all.displayName}" ${groups.all.members} members, "${groups.small.displayName}" ${groups.small.members}, ${groups.departments.length} departments (${groups.seconds.toFixed(1)} s)`);
    // What autovacuum would have done by the time a directory this size is queried: fresh
    // statistics for the planner and a visibility map for index-only scans.
    const vacuumStarted = performance.now();
    await sql.unsafe("vacuum (analyze) directory_users, directory_groups, group_members, events, scim_requests");
    const vacuumSeconds = (performance.now() - vacuumStarted) / 1000;
    log(`  vacuum analyze: ${vacuumSeconds.toFixed(1)} s`);
    phase(`seeding ${users} users`);

    // Inputs
    const sample = (
      await sql<{ id: string; user_name: string; primary_email: string; index: number }[]>`
        select id, user_name, primary_email, ${sql.unsafe(USER_INDEX_SQL)} as index
        from directory_users where directory_id = ${dir.directoryId}::uuid order by random() limit 20000`
    ).map((r): SampleUser => ({ id: r.id, userName: r.user_name, email: r.primary_email, index: r.index }));
    const deepOffset = Math.max(1, users - 1000);
    const [deepRow] = await sql<{ created_us: string; id: string }[]>`
      select (extract(epoch from created_at) * 1000000)::bigint::text as created_us, id
      from directory_users where directory_id = ${dir.directoryId}::uuid
      order by created_at, id offset ${deepOffset - 1} limit 1`;
    if (!deepRow) throw new Error("no row at the deep offset");
    const input: ScenarioInput = {
      base,
      users,
      sample,
      groups: {
        all: groups.all.id,
        allMembers: groups.all.members,
        small: groups.small.id,
        smallMembers: groups.small.members,
        displayNames: [groups.all.displayName, groups.small.displayName, ...groups.departments.map((d) => d.displayName)],
      },
      deep: { offset: deepOffset, createdUs: deepRow.created_us, id: deepRow.id },
      directoryId: dir.directoryId,
      authSecret,
    };
    // The deep offset page and the deep cursor page must be the same rows; otherwise the
    // minted cursor is not what the server would have handed out.
    const byOffset = await scoped.request("GET", `${base}/Users?startIndex=${deepOffset + 1}&count=1`);
    const byCursor = await scoped.request("GET", `${base}/Users?count=1&cursor=${encodeURIComponent(mintUserCursor(input))}`);
    const firstId = (body: string) => (JSON.parse(body) as { Resources?: { id: string }[] }).Resources?.[0]?.id;
    if (byOffset.status !== 200 || byCursor.status !== 200 || firstId(byOffset.body) !== firstId(byCursor.body)) {
      throw new Error(`deep cursor check failed: offset ${byOffset.status}, cursor ${byCursor.status} ${byCursor.body.slice(0, 200)}`);
    }

    // Measurements
    const results: StatResult[] = [];
    const run = async (scenario: Scenario) => {
      if (!isWanted(opts, scenario.key)) return;
      const since = await lastRequestLogId(sql);
      const rows = await measured(scenario);
      const server = await serverTimings(sql, since);
      for (const raw of rows) {
        const timing = server.get(raw.key);
        const r = withRatio(timing ? { ...raw, server: timing } : raw);
        results.push(r);
        printStat(r);
      }
    };
    log(`SCIM reads, ${users.toLocaleString("en-US")} users, ${opts.concurrency} concurrent clients, ${opts.seconds} s each…`);
    for (const scenario of readScenarios(input, Math.max(2, Math.ceil(opts.seconds / 2)))) await run(scenario);
    phase(`reads at ${users} users`);
    log("SCIM writes…");
    const created: string[] = [];
    for (const scenario of writeScenarios(input, created)) await run(scenario);
    phase(`writes at ${users} users`);
    // The floor for a whole-group read: the same members joined with their display names in
    // raw SQL, from this process (what the group answer is measured against).
    const rawJoin = !isWanted(opts, "rawMemberJoin") ? [] : await runScenario(
      client,
      {
        key: "rawMemberJoin",
        labels: { rawMemberJoin: `raw SQL: the ${groups.all.members.toLocaleString("en-US")} members joined with display names (1 client)` },
        concurrency: 1,
        warmup: 1,
        maxIterations: 200,
        iterate: async (ctx) => {
          await ctx.time("rawMemberJoin", () =>
            sql`select m.user_id, coalesce(u.display_name, u.user_name) as display
                from group_members m join directory_users u on u.directory_id = m.directory_id and u.id = m.user_id
                where m.directory_id = ${dir.directoryId}::uuid and m.group_id = ${groups.all.id}::uuid`.then(() => undefined),
          );
          return true;
        },
      },
      limits,
    );
    for (const r of rawJoin) {
      results.push(r);
      printStat(r);
    }
    sizes.push({ users, seeding: { bulk: bulk ?? null, sql: { users: sqlUsers, seconds: sqlSeconds }, groups: { allMembers: groups.all.members, smallMembers: groups.small.members, departments: groups.departments.length, seconds: groups.seconds }, vacuumSeconds }, scim: results });
    portalInput = { databaseUrl: benchUrl, directoryId: dir.directoryId, bigGroupId: groups.all.id, bigGroupMembers: groups.all.members, searchTerm: "grac", deepOffset };
  }

  // ---- Initial sync in a directory of its own --------------------------------------------
  let sync: InitialSyncResult | undefined;
  if (opts.syncUsers > 0 && isWanted(opts, "initialSync")) {
    const dir = await createDirectoryViaApi(origin, apiKey, `Benchmark ${stamp} initial sync`);
    const sizesOfSync = { users: opts.syncUsers, groups: 50, memberships: opts.syncUsers * 2, batch: 100 };
    log(`initial sync: ${sizesOfSync.users} users (a lookup and a create each), ${sizesOfSync.groups} groups, ${sizesOfSync.memberships} memberships in PATCHes of ${sizesOfSync.batch}, ${opts.concurrency} concurrent clients…`);
    sync = await initialSync(client.withHeaders({ authorization: `Bearer ${dir.token}` }), `/api/scim/${dir.directoryId}/v2`, sizesOfSync, opts.concurrency);
    const steps = sync.phases ? ` (users ${sync.phases.users.toFixed(1)} s, groups ${sync.phases.groups.toFixed(1)} s, memberships ${sync.phases.memberships.toFixed(1)} s)` : "";
    log(`  initial sync: ${sync.seconds.toFixed(1)} s${steps}${sync.failed ? `, ${sync.failed} failed requests` : ""}`);
    if (sync.failed > 0) throw new Error(`${sync.failed} requests of the initial sync failed (see ${logFile})`);
    phase("initial sync");
  }

  // ---- Portal queries, in-process --------------------------------------------------------
  const portalResults: StatResult[] = [];
  if (portalInput && isWanted(opts, "portal") && fs.existsSync(path.join(process.cwd(), "lib", "directory", "portal.ts"))) {
    log("portal read queries, in-process, 1 client…");
    const session = await portalScenarios(portalInput);
    try {
      for (const scenario of session.scenarios) {
        const rows = await runScenario(client, scenario, limits);
        portalResults.push(...rows);
        for (const r of rows) log(`  ${r.label}: p50 ${formatRow(r)[4]} p95 ${formatRow(r)[5]} ms`);
      }
    } finally {
      await session.close();
    }
  }
  const peakMb = Math.max(...memory.map((m) => m.peakMb));

  // ---- Report -------------------------------------------------------------------------
  const [pg] = await sql<{ server_version: string }[]>`show server_version`;
  const meta = {
    date: startedAt.toISOString(),
    revision: gitRevision(),
    node: process.version,
    postgres: pg?.server_version,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model,
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    loadAverageAtStart,
    sizes: opts.users,
    concurrency: opts.concurrency,
    secondsPerOperation: opts.seconds,
    serverPoolSize: Number(process.env.ROSTER_DB_POOL_SIZE ?? 10),
    ...(opts.match ? { match: opts.match.source } : {}),
  };
  const previous = previousResults(opts.users, opts.match === undefined);
  const file = path.join(RESULTS_DIR, `${stamp}.json`);
  const report: BenchReport = { meta, fixed, sizes, initialSync: sync ?? null, memory: { peakMb, phases: memory }, portal: portalResults };
  fs.writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);

  const md: string[] = [];
  const print = (title: string, rows: string[][]) => {
    console.log(`\n${title}\n${formatTable(rows)}`);
    md.push(`${title}\n\n${formatMarkdown(rows, HEADER)}\n`);
  };
  console.log(`\nRoster benchmark — ${opts.users.join(" and ")} users, ${os.cpus().length} CPUs, PostgreSQL ${pg?.server_version}, ${meta.revision}, load average at start ${loadAverageAtStart.map((l) => l.toFixed(1)).join(" ")}`);
  print(`Fixed-response route (the ceiling; c = concurrent clients)`, fixed.map(formatRow));
  for (const size of sizes) {
    if (size.seeding.bulk) console.log(`\nSeeding: SCIM Bulk ${size.seeding.bulk.usersPerSecond.toFixed(0)} users/s (${size.seeding.bulk.users} users, ${opts.concurrency} concurrent requests)`);
    print(`SCIM over HTTP, ${size.users.toLocaleString("en-US")} users (p50…max measured by the client; srv = the server's own duration from its request log; ÷ fixed = req/s over the fixed route's for the same method)`, size.scim.map(formatRow));
  }
  if (sync) console.log(`\nInitial sync: ${sync.users} users with lookups, ${sync.groups} groups, ${sync.memberships} memberships: ${sync.seconds.toFixed(1)} s${sync.phases ? ` (users ${sync.phases.users.toFixed(1)} s, groups ${sync.phases.groups.toFixed(1)} s, memberships ${sync.phases.memberships.toFixed(1)} s)` : ""}`);
  console.log(`Server memory (largest process, resident): peak ${peakMb} MB; ${memory.map((m) => `${m.phase} ${m.peakMb}`).join(", ")}`);
  if (portalResults.length > 0) print("Portal queries, in-process (lib/directory/portal.ts)", portalResults.map(formatRow));
  if (previous) {
    const lines = compareRuns(previous.report, report);
    console.log(`\nCompared with ${path.basename(previous.file)} (${previous.report.meta.revision ?? "?"}):\n${lines.join("\n")}`);
    md.push(`Compared with ${path.basename(previous.file)}:\n\n${lines.map((l) => `    ${l}`).join("\n")}\n`);
  }
  const mdFile = path.join(RESULTS_DIR, `${stamp}.md`);
  fs.writeFileSync(mdFile, `${md.join("\n")}\n`);
  console.log(`\nResults: ${path.relative(process.cwd(), file)} (and ${path.basename(mdFile)})`);
  if (opts.keep) console.log(`Kept database: ${benchUrl}  (drop it with: psql ${serverUrl} -c 'drop database "${dbName}"')`);
  if (sizes.some((s) => s.scim.some((r) => r.errors > 0))) console.log(`Some requests failed: see the errors column and ${path.relative(process.cwd(), logFile)}`);
}

const mb = (bytes: number) => Math.round(bytes / 2 ** 20);

type SizeResult = {
  users: number;
  seeding: {
    bulk: BulkSeedResult | null;
    sql: { users: number; seconds: number };
    groups: { allMembers: number; smallMembers: number; departments: number; seconds: number };
    vacuumSeconds: number;
  };
  scim: StatResult[];
};

type BenchReport = {
  meta: { revision?: string; sizes?: number[]; users?: number; [k: string]: unknown };
  fixed?: StatResult[];
  sizes?: SizeResult[];
  /** Results files before the fixed route existed: one size, `meta.users`. */
  scim?: StatResult[];
  initialSync?: InitialSyncResult | null;
  memory?: { peakMb: number; phases?: { phase: string; peakMb: number; endMb: number }[] };
  portal?: StatResult[];
};

/**
 * The newest earlier results file with the same directory sizes, if any; for a full run,
 * never one of --match's partial runs.
 */
function previousResults(sizes: number[], isFullRun: boolean): { file: string; report: BenchReport } | undefined {
  const files = fs.existsSync(RESULTS_DIR) ? fs.readdirSync(RESULTS_DIR).filter((f) => /^\d{4}-.*Z\.json$/.test(f)).sort().reverse() : [];
  for (const name of files) {
    try {
      const report = JSON.parse(fs.readFileSync(path.join(RESULTS_DIR, name), "utf8")) as BenchReport;
      if (isFullRun && report.meta.match !== undefined) continue;
      const theirs = report.meta.sizes ?? (report.meta.users !== undefined ? [report.meta.users] : []);
      if (theirs.length > 0 && sizes.some((s) => theirs.includes(s))) return { file: path.join(RESULTS_DIR, name), report };
    } catch {
      // An unreadable or partial file: look further back.
    }
  }
  return undefined;
}

/** Requests/s of the same operation (key, size, concurrency) in two runs, and the change. */
function compareRuns(before: BenchReport, after: BenchReport): string[] {
  const statsOf = (r: BenchReport) => {
    const map = new Map<string, { label: string; throughput: number }>();
    const sizes = r.sizes ?? (r.scim && r.meta.users !== undefined ? [{ users: r.meta.users, scim: r.scim }] : []);
    for (const size of sizes) for (const s of size.scim) map.set(`${size.users}:${s.key}:${s.concurrency}`, { label: `${s.label} @${size.users} c${s.concurrency}`, throughput: s.throughput });
    for (const s of r.fixed ?? []) map.set(`fixed:${s.key}:${s.concurrency}`, { label: `${s.label} c${s.concurrency}`, throughput: s.throughput });
    return map;
  };
  const old = statsOf(before);
  const lines: string[] = [];
  for (const [key, now] of statsOf(after)) {
    const was = old.get(key);
    if (!was || was.throughput <= 0) continue;
    const change = (now.throughput / was.throughput - 1) * 100;
    lines.push(`${now.label}: ${was.throughput.toFixed(1)} → ${now.throughput.toFixed(1)} req/s (${change >= 0 ? "+" : ""}${change.toFixed(0)} %)`);
  }
  if (before.initialSync && after.initialSync) lines.push(`initial sync: ${before.initialSync.seconds.toFixed(1)} → ${after.initialSync.seconds.toFixed(1)} s`);
  if (before.memory && after.memory) lines.push(`peak server memory: ${before.memory.peakMb} → ${after.memory.peakMb} MB`);
  return lines.length > 0 ? lines : ["(no operation in common)"];
}

main()
  .then(() => cleanup())
  .then(() => process.exit(0))
  .catch(async (error: unknown) => {
    console.error("[bench] failed:", error instanceof Error ? (error.stack ?? error.message) : error);
    await cleanup();
    process.exit(1);
  });
