// Rate limits and failure throttling, kept in Postgres (rate_limit_counters) so that every
// server instance counts against the same budget. Fixed windows: a key's row holds the hits
// of its current window (which starts at the key's first hit). Failures (a bad token, a wrong
// password) are counted only when they happen, so a well-behaved provider never writes them.
//
// Leases keep the database off the hot path without giving up the shared count. A process
// reserves hits in the database ahead of use (one statement reserves a lease of `size` hits
// and reads the failure counters) and spends them locally; a lease lasts at most LEASE_MS,
// and what it did not spend is given back by the next reservation of the same window. So:
// - no instance ever admits more than the budget: every admitted request was reserved in
//   the shared row first (the count stays exact with any number of instances);
// - small budgets (under EXACT_BELOW) lease one hit at a time: exactly one statement per
//   request, as strict as counting each request;
// - a busy credential costs one statement per lease (at most one per second, or per
//   `size` requests) instead of one per request, and a lease grows with the rate it serves
//   (doubling while it runs out early, up to 1 % of the budget); a process that goes quiet
//   leaves at most one lease unspent until the window ends;
// - failure counters are re-read with every reservation and at least every LEASE_MS, so a
//   credential throttled on one instance is refused by the others within a second;
// - a caller over budget is refused from memory until its window ends: a flood of refused
//   requests is not a flood of statements.
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

const LEASE_MS = 1000;
const EXACT_BELOW = 1000;

/** Hits reserved for this process in the current window of one counted key. */
type Lease = {
  /** The window the hits were reserved in (microseconds since the epoch, as Postgres says). */
  windowUs: string;
  /** Reserved and not yet spent. */
  left: number;
  /** Spent of this lease so far, and its size (to size the next one). */
  used: number;
  size: number;
  /** Local time after which the lease is renewed (LEASE_MS, or the window's end). */
  until: number;
  /** Set when the budget is spent: refused locally until then (the window's end). */
  blockedUntil?: number;
};
/** A failure counter as last read: whether it blocks, until when it is trusted. */
type FailureView = { blockedUntil: number; until: number };

// On globalThis, not in the module: a Next.js production build gives each route bundle a
// module instance of its own, and one process should hold one lease per key, not one per route.
type GlobalWithCounters = typeof globalThis & {
  __rosterRateLeases?: Map<string, Lease>;
  __rosterFailureViews?: Map<string, FailureView>;
};
const counters = globalThis as GlobalWithCounters;
const leases = (counters.__rosterRateLeases ??= new Map<string, Lease>());
const failureViews = (counters.__rosterFailureViews ??= new Map<string, FailureView>());
// Bounded: entries of callers not seen for a while are dropped (they would be renewed anyway).
const MAX_LOCAL_KEYS = 50_000;

function prune(now: number): void {
  if (leases.size + failureViews.size < MAX_LOCAL_KEYS) return;
  for (const [k, l] of leases) if (l.until <= now && (l.blockedUntil ?? 0) <= now) leases.delete(k);
  for (const [k, v] of failureViews) if (v.until <= now && v.blockedUntil <= now) failureViews.delete(k);
}

function nextLeaseSize(budget: Budget, previous: Lease | undefined, now: number): number {
  if (budget.limit < EXACT_BELOW || !previous) return 1;
  const ranOutEarly = previous.left <= 0 && previous.until > now;
  const size = ranOutEarly ? previous.size * 2 : Math.max(1, previous.used);
  return Math.max(1, Math.min(size, Math.floor(budget.limit / 100)));
}

type Reservation = { key: string; secs: number; take: number; back: number; windowUs: string };
type CounterRow = { key: string; hits: number | string; window_us: string; ms_left: number | string; counted: boolean };

/** One VALUES row per reservation; keys sorted so that concurrent upserts lock rows in one order. */
function reservationValues(reservations: Reservation[]) {
  const sorted = [...reservations].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return sql.join(
    sorted.map((r) => sql`(${r.key}::text, ${r.secs}::int, ${r.take}::int, ${r.back}::int, ${r.windowUs}::bigint)`),
    sql`, `,
  );
}

const MICROS = (column: string) => sql.raw(`(extract(epoch from ${column}) * 1000000)::bigint`);
const MS_LEFT = (alias: string) =>
  sql.raw(`greatest(0, ceil(extract(epoch from (${alias}.window_start + make_interval(secs => ${alias}.window_seconds) - now())) * 1000))::int`);

// A window starts with a key's first hit and lasts windowSeconds (not aligned to the clock:
// an aligned window would let a caller's failures reset at an arbitrary boundary moments
// after they began). A row whose window has ended starts over with this reservation; in the
// same window, the unspent hits of this process's previous lease are given back.
const EXPIRED = sql`(c.window_start + make_interval(secs => c.window_seconds) <= now() or c.window_seconds <> excluded.window_seconds)`;
const RESERVE = (reservations: Reservation[]) => sql`
  with k(key, secs, take, back, window_us) as (values ${reservationValues(reservations)})
  insert into rate_limit_counters as c (key, window_start, window_seconds, hits)
  select k.key, now(), k.secs, k.take from k
  on conflict (key) do update set
    hits = case when ${EXPIRED} then excluded.hits
                else greatest(0, c.hits + excluded.hits
                  - coalesce((select k.back from k where k.key = c.key and k.window_us = ${MICROS("c.window_start")}), 0))
           end,
    window_start = case when ${EXPIRED} then now() else c.window_start end,
    window_seconds = excluded.window_seconds
  returning c.key, c.hits, ${MICROS("c.window_start")}::text as window_us, ${MS_LEFT("c")} as ms_left, true as counted`;

const READ = (budgets: Budget[]) => sql`
  select key, hits, ${MICROS("window_start")}::text as window_us, ${MS_LEFT("rate_limit_counters")} as ms_left, false as counted
  from rate_limit_counters
  where key in (${sql.join(
    budgets.map((b) => sql`${b.key}`),
    sql`, `,
  )})
    and window_start + make_interval(secs => window_seconds) > now()`;

function refusal(msLeft: number, what: string): RateLimitedError {
  return new RateLimitedError(Math.max(1, Math.ceil(msLeft / 1000)), what);
}

/** The longest wait among the refusals (the one the caller must honour). */
function worstOf(refusals: RateLimitedError[]): RateLimitedError | undefined {
  return refusals.reduce<RateLimitedError | undefined>((w, r) => (!w || r.retryAfterSeconds > w.retryAfterSeconds ? r : w), undefined);
}

/**
 * Counts one request against `counted` and checks it, and checks (without counting) the
 * failure counters in `checked`. Throws RateLimitedError when any is over its limit.
 */
export function takeRequest(executor: Executor, counted: Budget[], checked: Budget[] = []): Promise<void> {
  try {
    return takeLocally(counted, checked) ? DONE : takeFromDatabase(executor, counted, checked);
  } catch (error) {
    return Promise.reject(error instanceof Error ? error : new Error(String(error)));
  }
}

const DONE = Promise.resolve();

/**
 * The common case without a promise of its own: every counted budget has a live lease with
 * hits left and every failure counter was read recently and does not block. Spends one hit
 * of each lease and answers true; false (spending nothing) when the database is needed.
 */
function takeLocally(counted: Budget[], checked: Budget[]): boolean {
  const now = Date.now();
  for (const b of counted) {
    if (b.limit <= 0) continue;
    const lease = leases.get(b.key);
    if (!lease || lease.left <= 0 || lease.until <= now || (lease.blockedUntil ?? 0) > now) return false;
  }
  for (const b of checked) {
    if (b.limit <= 0) continue;
    const view = failureViews.get(b.key);
    if (!view || view.until <= now || view.blockedUntil > now) return false;
  }
  for (const b of counted) {
    if (b.limit <= 0) continue;
    const lease = leases.get(b.key)!;
    lease.left -= 1;
    lease.used += 1;
  }
  return true;
}

async function takeFromDatabase(executor: Executor, counted: Budget[], checked: Budget[]): Promise<void> {
  const hits = counted.filter((b) => b.limit > 0);
  const reads = checked.filter((b) => b.limit > 0);
  if (hits.length === 0 && reads.length === 0) return;
  let now = Date.now();
  prune(now);

  // Synchronously, before any await: refuse from memory, claim one hit of each live lease,
  // and take the unspent rest of each ended lease out of it (to give back exactly once).
  const blocked = (): RateLimitedError | undefined =>
    worstOf([
      ...hits.flatMap((b) => {
        const until = leases.get(b.key)?.blockedUntil ?? 0;
        return until > now ? [refusal(until - now, b.what)] : [];
      }),
      ...reads.flatMap((b) => {
        const until = failureViews.get(b.key)?.blockedUntil ?? 0;
        return until > now ? [refusal(until - now, b.what)] : [];
      }),
    ]);
  const early = blocked();
  if (early) throw early;
  const claimed: Lease[] = [];
  const reservations: (Reservation & { budget: Budget })[] = [];
  for (const b of hits) {
    const lease = leases.get(b.key);
    if (lease && lease.left > 0 && lease.until > now) {
      lease.left -= 1;
      lease.used += 1;
      claimed.push(lease);
      continue;
    }
    const back = lease ? Math.max(0, lease.left) : 0;
    if (lease) lease.left = 0;
    reservations.push({
      budget: b,
      key: b.key,
      secs: b.windowSeconds,
      take: nextLeaseSize(b, lease, now),
      back,
      windowUs: lease?.windowUs ?? "0",
    });
  }
  const toRead = reads.filter((b) => (failureViews.get(b.key)?.until ?? 0) <= now);
  if (reservations.length === 0 && toRead.length === 0) return;

  const query =
    reservations.length > 0 && toRead.length > 0
      ? sql`with hit as (${RESERVE(reservations)}) select * from hit union all ${READ(toRead)}`
      : reservations.length > 0
        ? RESERVE(reservations)
        : READ(toRead);
  let rows: CounterRow[];
  try {
    rows = await queryRows<CounterRow>(executor, query);
  } catch (error) {
    for (const lease of claimed) lease.left += 1;
    throw error;
  }
  now = Date.now();
  for (const b of toRead) {
    const row = rows.find((x) => !x.counted && x.key === b.key);
    failureViews.set(b.key, viewOf(b, row, now));
  }
  let isRefused = false;
  for (const r of reservations) {
    const row = rows.find((x) => x.counted && x.key === r.key);
    if (!row) throw new Error(`rate limit reservation for ${r.key} returned no row`);
    const total = Number(row.hits);
    const msLeft = Number(row.ms_left);
    // What this reservation may spend: the hits still under the limit, at most `take`. This
    // request spends one of them; the rest joins whatever lease the process holds for the
    // same window (a concurrent reservation may have set one meanwhile).
    const granted = Math.max(0, Math.min(r.take, r.budget.limit - (total - r.take)));
    const current = leases.get(r.key);
    const carried = current && current.windowUs === row.window_us && current.until > now ? Math.max(0, current.left) : 0;
    if (current) current.left = 0;
    if (granted === 0) {
      isRefused = true;
      leases.set(r.key, { windowUs: row.window_us, left: carried, used: 0, size: r.take, until: now + msLeft, blockedUntil: now + msLeft });
    } else {
      const lease: Lease = { windowUs: row.window_us, left: granted - 1 + carried, used: 1, size: r.take, until: now + Math.min(LEASE_MS, msLeft) };
      leases.set(r.key, lease);
      claimed.push(lease);
    }
  }
  const refused = blocked();
  if (isRefused || refused) {
    // Refused: what this request claimed goes back to the leases it came from.
    for (const lease of claimed) {
      lease.left += 1;
      lease.used -= 1;
    }
    throw refused ?? new RateLimitedError(1, "rate limit");
  }
}

function viewOf(budget: Budget, row: CounterRow | undefined, now: number): FailureView {
  const isBlocked = row !== undefined && Number(row.hits) >= budget.limit;
  return {
    blockedUntil: isBlocked ? now + Number(row.ms_left) : 0,
    until: now + (row ? Math.min(LEASE_MS, Number(row.ms_left)) : LEASE_MS),
  };
}

/** Counts a failure (bad credential) against each budget, e.g. the client IP and the account. */
export async function recordFailure(executor: Executor, budgets: Budget[]): Promise<void> {
  const live = budgets.filter((b) => b.limit > 0);
  if (live.length === 0) return;
  const rows = await queryRows<CounterRow>(
    executor,
    RESERVE(live.map((b) => ({ key: b.key, secs: b.windowSeconds, take: 1, back: 0, windowUs: "0" }))),
  );
  // What this process knew of these counters is out of date: trust the new counts.
  const now = Date.now();
  for (const b of live) failureViews.set(b.key, viewOf(b, rows.find((x) => x.key === b.key), now));
}

/** Throws when any of `budgets` has reached its limit, counting nothing. */
export async function checkFailures(executor: Executor, budgets: Budget[]): Promise<void> {
  await takeRequest(executor, [], budgets);
}

/** Forgets this process's leases and failure views (tests that reset the counters). */
export function forgetLocalCounters(): void {
  leases.clear();
  failureViews.clear();
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
