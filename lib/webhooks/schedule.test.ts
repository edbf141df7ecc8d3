import { describe, expect, it } from "vitest";
import { DEFAULT_WEBHOOK_RETRY_SCHEDULE } from "@/lib/env";
import { retryDelayMs } from "./schedule";

describe("the retry schedule", () => {
  it("waits the schedule's delay after each failed attempt, with at most ±20% jitter, then gives up", () => {
    const schedule = [1, 2, 5];
    expect(retryDelayMs(schedule, 1, () => 0.5)).toBe(1000);
    expect(retryDelayMs(schedule, 2, () => 0)).toBe(1600);
    expect(retryDelayMs(schedule, 3, () => 1)).toBe(6000);
    expect(retryDelayMs(schedule, 4, () => 0.5)).toBeUndefined();
  });

  it("keeps retrying for at least 24 hours by default, even with the shortest jitter", () => {
    const shortest = DEFAULT_WEBHOOK_RETRY_SCHEDULE.reduce((sum, _s, i) => sum + retryDelayMs(DEFAULT_WEBHOOK_RETRY_SCHEDULE, i + 1, () => 0)!, 0);
    expect(shortest).toBeGreaterThanOrEqual(24 * 3600 * 1000);
  });
});
