// When a failed delivery is tried again: the schedule's delay for this attempt, ±20%
// jitter so that deliveries failing together (a receiver's outage) do not all come back in
// the same second.
export const JITTER = 0.2;

/**
 * The delay in ms before the attempt after `attemptsMade` failed attempts, or undefined
 * when the schedule is exhausted (the delivery has failed for good).
 */
export function retryDelayMs(scheduleSeconds: readonly number[], attemptsMade: number, random = Math.random): number | undefined {
  const base = scheduleSeconds[attemptsMade - 1];
  if (base === undefined) return undefined;
  return Math.round(base * 1000 * (1 - JITTER + 2 * JITTER * random()));
}
