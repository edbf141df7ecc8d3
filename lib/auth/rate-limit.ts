// Rate limits and failure throttling, kept in Postgres (rate_limit_counters) so that every
// server instance counts against the same budget. Fixed windows: a key's row holds the hits
// of its current window (which starts at the key's first hit), and a request costs ONE statement that counts its budgets (client
// IP, credential) and reads its failure counters together — no read-then-write race, no
// second round trip. Failures (a bad token, a wrong password) are counted only when they
// happen, so the hot path of a well-behaved provider never writes them.
//
// Why fixed windows and not a token bucket: a bucket needs the last refill time and a
// float per key, and the check becomes a read-modify-write that must lock; a window is an
// integer increment Postgres does in place. The cost is that a client can spend up to two
// budgets across a window boundary, which is harmless at these sizes.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { env } from "@/lib/env";
import { hashSecret } from "./secret";

/** One counter: `limit` events per `windowSeconds` for `key`. A limit of 0 is no limit. */
export type Budget = { key: string; limit: number; windowSeconds: number; what: string };

export class RateLimitedError extends Error {
  constructor(
    readonly retryAfterSeconds: number,
    readonly what: string,
  ) {
    super(`Too many requests (${what}); retry after ${retryAfterSeconds} s.`);
  }
}

type CounterRow = { key: string; hits: number | string; retry_after: number | string; counted: boolean };

/** One VALUES row per budget; keys sorted so that concurrent upserts lock rows in one order. */
function budgetValues(budgets: Budget[]) {
  const sorted = [...budgets].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sql.join(
    sorted.map((b) => sql`(${b.key}::text, ${b.windowSeconds}::int)`),
    sql`, `,
  );
}

// A window starts with a key's first hit and lasts windowSeconds (not aligned to the clock:
// an aligned window would let a caller's failures reset at an arbitrary boundary moments
// after they began). A row whose window has ended starts over at 1.
const EXPIRED = sql`(c.window_start + make_interval(secs => c.window_seconds) <= now() or c.window_seconds <> excluded.window_seconds)`;
const UPSERT = (budgets: Budget[]) => sql`
  insert into rate_limit_counters as c (key, window_start, window_seconds, hits)
  select k.key, now(), k.secs, 1
  from (values ${budgetValues(budgets)}) as k(key, secs)
  on conflict (key) do update set
    hits = case when ${EXPIRED} then 1 else c.hits + 1 end,
    window_start = case when ${EXPIRED} then now() else c.window_start end,
    window_seconds = excluded.window_seconds
  returning c.key, c.hits,
    ceil(extract(epoch from (c.window_start + make_interval(secs => c.window_seconds) - now())))::int as retry_after,
    true as counted`;

/**
 * Counts one request against `counted` and checks it, and checks (without counting) the
 * failure counters in `checked`. Throws RateLimitedError when any is over its limit.
 */
export async function takeRequest(executor: Executor, counted: Budget[], checked: Budget[] = []): Promise<void> {
  const hits = counted.filter((b) => b.limit > 0);
  const reads = checked.filter((b) => b.limit > 0);
  if (hits.length === 0 && reads.length === 0) return;
  const readSql = sql`
    select key, hits,
      ceil(extract(epoch from (window_start + make_interval(secs => window_seconds) - now())))::int as retry_after,
      false as counted
    from rate_limit_counters
    where key in (${sql.join(
      reads.map((b) => sql`${b.key}`),
      sql`, `,
    )})
      and window_start + make_interval(secs => window_seconds) > now()`;
  const query =
    hits.length > 0 && reads.length > 0
      ? sql`with hit as (${UPSERT(hits)}) select * from hit union all ${readSql}`
      : hits.length > 0
        ? UPSERT(hits)
        : readSql;
  const rows = await queryRows<CounterRow>(executor, query);
  throwIfOver(rows, [...hits, ...reads]);
}

/** Counts a failure (bad credential) against each budget, e.g. the client IP and the account. */
export async function recordFailure(executor: Executor, budgets: Budget[]): Promise<void> {
  const live = budgets.filter((b) => b.limit > 0);
  if (live.length > 0) await queryRows(executor, UPSERT(live));
}

/** Throws when any of `budgets` has reached its limit, counting nothing. */
export async function checkFailures(executor: Executor, budgets: Budget[]): Promise<void> {
  await takeRequest(executor, [], budgets);
}

function throwIfOver(rows: CounterRow[], budgets: Budget[]): void {
  let worst: RateLimitedError | undefined;
  for (const row of rows) {
    const budget = budgets.find((b) => b.key === row.key);
    if (!budget) continue;
    const hits = Number(row.hits);
    // A counted request is the hits-th one; a failure counter blocks once it is full.
    const isOver = row.counted ? hits > budget.limit : hits >= budget.limit;
    if (!isOver) continue;
    const retryAfter = Math.max(1, Number(row.retry_after));
    if (!worst || retryAfter > worst.retryAfterSeconds) worst = new RateLimitedError(retryAfter, budget.what);
  }
  if (worst) throw worst;
}

/** Deletes counters whose window has ended (maintenance; safe on several instances at once). */
export async function pruneRateLimitCounters(executor: Executor): Promise<void> {
  await executor.execute(
    sql`delete from rate_limit_counters where window_start < now() - interval '1 day'
        or window_start + make_interval(secs => window_seconds) < now()`,
  );
}

// ---------------------------------------------------------------------------------------
// The budgets of each kind of caller, from lib/env. Credentials are keyed by their SHA-256,
// never by themselves: this table must not become a place where a token can be read.

export function requestBudgets(clientIp: string, credential: string | undefined): Budget[] {
  const { rateLimits } = env();
  const budgets: Budget[] = [
    { key: `ip:${clientIp}`, limit: rateLimits.perIp, windowSeconds: rateLimits.windowSeconds, what: "per client IP" },
  ];
  if (credential) {
    budgets.push({
      key: `cred:${hashSecret(credential)}`,
      limit: rateLimits.perToken,
      windowSeconds: rateLimits.windowSeconds,
      what: "per token",
    });
  }
  return budgets;
}

/**
 * Failed authentications from one client IP (bad SCIM tokens, API keys, passwords). With a
 * `scope` (the directory in a SCIM URL) the budget is that IP's for that directory, and a
 * tenfold budget covers the IP as a whole: providers send many customers' traffic from a few
 * shared IPs, and one customer's revoked token retried in a loop must not lock out the others.
 */
export function ipFailureBudgets(clientIp: string, scope?: string): Budget[] {
  const { rateLimits } = env();
  const whole: Budget = {
    key: `fail-ip:${clientIp}`,
    limit: scope === undefined ? rateLimits.authFailuresPerIp : rateLimits.authFailuresPerIp * 10,
    windowSeconds: rateLimits.failureWindowSeconds,
    what: "failed authentications from this IP",
  };
  if (scope === undefined) return [whole];
  return [
    {
      key: `fail-ip:${clientIp}:${scope.slice(0, 64)}`,
      limit: rateLimits.authFailuresPerIp,
      windowSeconds: rateLimits.failureWindowSeconds,
      what: "failed authentications from this IP for this directory",
    },
    whole,
  ];
}

/** Failed sign-ins for one operator account, from any IP (a distributed password guess). */
export function accountFailureBudget(email: string): Budget {
  const { rateLimits } = env();
  return {
    key: `fail-account:${hashSecret(email.trim().toLowerCase())}`,
    limit: rateLimits.signInFailuresPerAccount,
    windowSeconds: rateLimits.failureWindowSeconds,
    what: "failed sign-ins for this account",
  };
}
