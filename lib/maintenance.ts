// Periodic upkeep that no request triggers: flagging directories whose provider went silent
// pruning events past their retention and rate-limit counters past their window. `npm start` runs it every minute in each server
// process (every step is safe to run on several instances at once); serverless hosts run
// it from the cron route.
import { getDb } from "@/db/client";
import { pruneRateLimitCounters } from "@/lib/auth/rate-limit";
import { flagSilentDirectories } from "@/lib/directory/silence";
import { pruneEventsPeriodically } from "@/lib/events/retention";

export const MAINTENANCE_INTERVAL_MS = 60_000;

export async function runMaintenance(): Promise<{ silent: string[] }> {
  const db = await getDb();
  const silent = await flagSilentDirectories(db);
  await pruneEventsPeriodically(db);
  await pruneRateLimitCounters(db);
  return { silent };
}

let timer: ReturnType<typeof setInterval> | undefined;

/** Starts the per-process schedule (idempotent); a failed run is logged and tried again next time. */
export function startMaintenance(): void {
  if (timer) return;
  let isRunning = false;
  timer = setInterval(() => {
    if (isRunning) return;
    isRunning = true;
    runMaintenance()
      .catch((error: unknown) => console.error("[roster] maintenance failed:", error instanceof Error ? error.message : error))
      .finally(() => {
        isRunning = false;
      });
  }, MAINTENANCE_INTERVAL_MS);
  timer.unref();
}
