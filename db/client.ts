// One database client per process: postgres-js when DATABASE_URL is set, otherwise an
// embedded PGlite in the data folder. Both speak the same SQL through Drizzle.
import fs from "node:fs";
import path from "node:path";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import type { SQL } from "drizzle-orm";
import type { Sql } from "postgres";
import { settleBackground } from "@/lib/background";
import { env } from "@/lib/env";
import * as schema from "./schema";

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];
export type Executor = Db | Tx;

export type DbHandle = {
  db: Db;
  kind: "postgres" | "embedded";
  /** Subscribes to a NOTIFY channel; resolves to an unsubscribe function. */
  listen(channel: string, onMessage: (payload: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
};

type GlobalWithDb = typeof globalThis & { __rosterDb?: Promise<DbHandle> };
const g = globalThis as GlobalWithDb;

/** The process-wide database. A failed start-up is not cached: the next call tries again. */
export function getDbHandle(): Promise<DbHandle> {
  if (!g.__rosterDb) {
    const starting = openDb().catch((error: unknown) => {
      g.__rosterDb = undefined;
      throw error;
    });
    g.__rosterDb = starting;
  }
  return g.__rosterDb;
}

let openDbValue: { handle: Promise<DbHandle>; db: Db } | undefined;

/** The process-wide database (once open, without another await on every call). */
export function getDb(): Promise<Db> {
  const handle = g.__rosterDb;
  if (handle && openDbValue?.handle === handle) return Promise.resolve(openDbValue.db);
  return getDbHandle().then((h) => {
    if (g.__rosterDb) openDbValue = { handle: g.__rosterDb, db: h.db };
    return h.db;
  });
}

/**
 * Closes the process-wide client (shutdown, CLI, tests), once the background writes started
 * so far (request-log batches, last-used stamps: lib/background) have finished with it.
 */
export async function closeDb(): Promise<void> {
  await settleBackground();
  const current = g.__rosterDb;
  g.__rosterDb = undefined;
  if (current) await (await current).close();
}

async function openDb(): Promise<DbHandle> {
  const { databaseUrl, dataDir, dbPoolSize } = env();
  return databaseUrl ? openPostgres(databaseUrl, dbPoolSize) : openEmbedded(dataDir);
}

/**
 * Every prepared statement runs with its generic plan, planned once per connection for any
 * directory. A custom plan is planned for the values at hand, and for a directory created
 * after the last ANALYZE the statistics say "one row": every index that starts with
 * directory_id then looks as good as the primary key, and PostgreSQL picked one that made a
 * lookup by id or userName, and each member of a membership change, scan the whole
 * directory (a new customer's initial sync, 100 PATCHes of 100 members: 115 s at 5,000
 * users; lib/directory/membership-cost.int.test.ts). A generic plan estimates a directory
 * as the average one, so the unique keys win as they should; and it is not planned again
 * on every execution, which the large write statements (a change, its events and NOTIFY in
 * one statement) paid for in CPU on every request.
 */
const PLAN_CACHE_MODE = "force_generic_plan";

async function openPostgres(url: string, max: number): Promise<DbHandle> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  // jit off: Roster's queries are short index lookups; PostgreSQL's JIT compiles any query
  // whose estimate crosses jit_above_cost (a correlated count over a large table does),
  // which cost ~0.5 s per query for nothing. postgres-js opens connections lazily and
  // replaces a broken one on the next query, so a database that went away and came back
  // needs no restart; connect_timeout bounds how long a request waits on an unreachable
  // server before it answers 503 (isDatabaseUnavailable).
  const client = postgres(url, {
    max,
    onnotice: () => {},
    connect_timeout: 5,
    connection: { application_name: "roster", jit: "off", plan_cache_mode: PLAN_CACHE_MODE },
  });
  const db = drizzle(preparing(client), { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    async listen(channel, onMessage) {
      const sub = await client.listen(channel, onMessage);
      return () => sub.unlisten();
    },
    close: () => client.end({ timeout: 5 }),
  };
}

/** Statements with more parameters than this vary with their input (IN lists, batches). */
const MAX_PREPARED_PARAMS = 64;

type PostgresClient = Sql;

/**
 * The client Drizzle gets: every statement it sends is a named prepared statement (parsed and
 * planned once per connection, then only bound and executed). Drizzle asks postgres-js for
 * an unnamed statement unless a query was `.prepare()`d, which costs a parse and plan on every
 * request; Roster's statements are few and repeated, so preparing them all is the cheaper
 * default. Statements whose shape varies with their input (many parameters) stay unnamed, so
 * a connection's statement cache cannot grow without bound. Transactions and savepoints hand
 * out clients of their own; those are wrapped the same way.
 */
function preparing(client: PostgresClient): PostgresClient {
  type Unsafe = PostgresClient["unsafe"];
  type Options = Parameters<Unsafe>[2];
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop === "unsafe") {
        return ((query: string, params?: unknown[], options?: Options) =>
          target.unsafe(query, params as never, {
            ...options,
            prepare: (params?.length ?? 0) <= MAX_PREPARED_PARAMS,
          })) as Unsafe;
      }
      if (prop === "begin" || prop === "savepoint") {
        return (...args: unknown[]) => {
          const last = args.length - 1;
          const callback = args[last] as (tx: PostgresClient) => unknown;
          args[last] = (tx: PostgresClient) => callback(preparing(tx));
          return (Reflect.get(target, prop) as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      const value: unknown = Reflect.get(target, prop, receiver);
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

async function openEmbedded(dataDir: string): Promise<DbHandle> {
  const { PGlite } = await import("@electric-sql/pglite");
  const { drizzle } = await import("drizzle-orm/pglite");
  // "memory://" keeps the database in memory (tests); anything else is a folder.
  const isMemory = dataDir.startsWith("memory://");
  if (!isMemory) {
    fs.mkdirSync(dataDir, { recursive: true });
    lockDataDir(dataDir);
  }
  // One backend: PGlite runs one statement or one whole transaction at a time (query() and
  // transaction() wait on one mutex), so concurrent callers' transactions never interleave
  // and the events reader's horizon (lib/events/reader.ts) is simply the next xid.
  const pg = await PGlite.create(isMemory ? "memory://" : path.join(dataDir, "pglite"));
  await pg.exec(`set plan_cache_mode = ${PLAN_CACHE_MODE}`);
  const db = drizzle(pg, { schema }) as unknown as Db;
  // The embedded database is created on demand, so it is also migrated on demand.
  const { migrate } = await import("drizzle-orm/pglite/migrator");
  await migrate(drizzle(pg), { migrationsFolder: migrationsFolder() });
  return {
    db,
    kind: "embedded",
    async listen(channel, onMessage) {
      const unlisten = await pg.listen(channel, onMessage);
      return () => unlisten();
    },
    async close() {
      await pg.close();
      if (!isMemory) unlockDataDir(dataDir);
    },
  };
}

/**
 * PGlite is one process's database: a second process opening the same folder would corrupt
 * it. A pid file turns that mistake into a clear error.
 */
function lockDataDir(dataDir: string): void {
  const lockFile = path.join(dataDir, "pglite.lock");
  try {
    fs.writeFileSync(lockFile, String(process.pid), { flag: "wx" });
  } catch {
    const holder = Number(fs.readFileSync(lockFile, "utf8").trim());
    if (holder && holder !== process.pid && isAlive(holder)) {
      throw new Error(
        `The embedded database in ${dataDir} is in use by process ${holder} (a running Roster server?). ` +
          "Stop that process, or set DATABASE_URL to share a PostgreSQL database.",
      );
    }
    fs.writeFileSync(lockFile, String(process.pid));
  }
  process.once("exit", () => unlockDataDir(dataDir));
}

function unlockDataDir(dataDir: string): void {
  const lockFile = path.join(dataDir, "pglite.lock");
  try {
    if (fs.readFileSync(lockFile, "utf8").trim() === String(process.pid)) fs.unlinkSync(lockFile);
  } catch {
    // Already gone.
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function migrationsFolder(): string {
  return path.join(/*turbopackIgnore: true*/ process.cwd(), "db", "migrations");
}

/** Rows of a raw `db.execute(sql…)`, whichever driver answered. */
export async function queryRows<T>(executor: Executor, query: SQL): Promise<T[]> {
  const result: unknown = await executor.execute(query);
  if (Array.isArray(result)) return result as T[];
  return (result as { rows: T[] }).rows;
}

/**
 * The first value of `pick` along an error's `cause` chain: Drizzle wraps the driver's
 * error, and the two drivers name its fields differently.
 */
function fromErrorChain(error: unknown, pick: (e: Record<string, unknown>) => string | undefined): string | undefined {
  let e: unknown = error;
  for (let depth = 0; depth < 4 && e && typeof e === "object"; depth++) {
    const found = pick(e as Record<string, unknown>);
    if (found !== undefined) return found;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Postgres error code (e.g. 23505) of a driver error, if it has one. */
export function pgErrorCode(error: unknown): string | undefined {
  return fromErrorChain(error, (e) => (typeof e.code === "string" && /^[0-9A-Z]{5}$/.test(e.code) ? e.code : undefined));
}

/** The constraint a unique/foreign-key violation names (postgres-js: constraint_name, PGlite: constraint). */
export function pgConstraint(error: unknown): string | undefined {
  return fromErrorChain(error, (e) => {
    const c = e.constraint_name ?? e.constraint;
    return typeof c === "string" ? c : undefined;
  });
}

// Driver error codes for "could not reach the server" (postgres-js uses Node's socket codes
// and its own CONNECTION_* names) and SQLSTATEs for a server that is going away or full.
const UNAVAILABLE_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "ENOTFOUND",
  "EAI_AGAIN",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "CONNECT_TIMEOUT",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "57P01", // admin_shutdown
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (starting up, in recovery)
  "53300", // too_many_connections
]);

/**
 * Whether an error means the database cannot be reached right now (as opposed to a query
 * it refused): the edges answer 503 with Retry-After instead of 500, since a retry later
 * will succeed without anyone changing anything.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const code = fromErrorChain(error, (e) => {
    const c = e.code;
    if (typeof c !== "string") return undefined;
    // SQLSTATE class 08: connection exception.
    return UNAVAILABLE_CODES.has(c) || /^08[0-9A-Z]{3}$/.test(c) ? c : undefined;
  });
  return code !== undefined;
}

/** Seconds a client is told to wait when the database is unavailable. */
export const DATABASE_RETRY_AFTER_SECONDS = 5;
