// Events are kept for ROSTER_EVENT_RETENTION_DAYS (30 by default), then deleted in batches.
// A feed cursor older than that is answered 410 (lib/events/reader.ts checkRetention):
// the consumer learns it may have missed events instead of silently skipping them.
import { sql } from "drizzle-orm";
import { type Executor, queryRows } from "@/db/client";
import { env } from "@/lib/env";

const PRUNE_INTERVAL_MS = 10 * 60_000;
const BATCH = 5000;
let lastPrunedAt = 0;

/** Deletes events older than the retention, a batch at a time; returns how many went. */
export async function pruneEvents(db: Executor, retentionDays = env().eventRetentionDays): Promise<number> {
  let total = 0;
  for (;;) {
    const rows = await queryRows<{ n: number }>(
      db,
      sql`with gone as (
            delete from events where id in (
              select id from events where created_at < now() - make_interval(days => ${retentionDays}) limit ${BATCH}
            ) returning 1
          ) select count(*)::int as n from gone`,
    );
    const n = Number(rows[0]?.n ?? 0);
    total += n;
    if (n < BATCH) return total;
  }
}

/** Prunes at most once per PRUNE_INTERVAL_MS per process (called from the feed and the worker). */
export async function pruneEventsPeriodically(db: Executor): Promise<void> {
  const now = Date.now();
  if (now - lastPrunedAt < PRUNE_INTERVAL_MS) return;
  lastPrunedAt = now;
  await pruneEvents(db);
}
