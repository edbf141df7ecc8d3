// The delivery worker: fans new events out into deliveries and sends due deliveries, with
// a bounded pool of requests in flight (at most `perEndpoint` of them to one endpoint, so
// a slow or failing receiver never takes every slot from the others).
//
// It wakes on the events NOTIFY (a change committed anywhere) and on the webhooks NOTIFY
// (a test message, a manual retry, an endpoint enabled), so delivery starts within a
// moment of the commit (fan-outs at most every FAN_OUT_INTERVAL_MS, so a stream of
// commits costs one read of the feed per interval, not one per commit); a poll every `pollMs` picks up retries that have come due and
// anything a missed notification left behind. `npm start` runs one in the server process
// (lib/startup.ts) unless ROSTER_WEBHOOK_WORKER=off; serverless hosts call drain() from
// /api/cron/webhooks instead.
import { sql } from "drizzle-orm";
import { type Db, getDbHandle, queryRows } from "@/db/client";
import { EVENTS_CHANNEL } from "@/lib/directory/events";
import { env } from "@/lib/env";
import { postWebhook } from "./http-post";
import { type AttemptOutcome, type ClaimedDelivery, WEBHOOKS_CHANNEL, claimDeliveries, fanOut, recordAttempt, unparkDeliveries } from "./queue";
import { openSecret } from "./secret-box";
import { signMessage } from "./signing";
import { WebhookUrlError, parseWebhookUrl } from "./ssrf";

export type WorkerOptions = {
  concurrency: number;
  perEndpoint: number;
  pollMs: number;
  timeoutMs: number;
  allowPrivate: boolean;
  isProduction: boolean;
  retryScheduleSeconds: readonly number[];
  disableAfterMs: number;
  /** Test messages and deliveries of retained events are kept this long. */
  retentionDays: number;
};

export function workerOptionsFromEnv(overrides: Partial<WorkerOptions> = {}): WorkerOptions {
  const e = env();
  return {
    concurrency: 32,
    perEndpoint: 16,
    pollMs: 1000,
    timeoutMs: e.webhooks.timeoutMs,
    allowPrivate: e.webhooks.allowPrivate,
    isProduction: e.isProduction,
    retryScheduleSeconds: e.webhooks.retryScheduleSeconds,
    disableAfterMs: e.webhooks.disableAfterMs,
    retentionDays: e.eventRetentionDays,
    ...overrides,
  };
}

export type WorkerStats = { attempts: number; succeeded: number; retrying: number; failed: number; fannedOut: number };

type EndpointTarget = { url: string; secrets: string[] } | { error: string };

const MAINTENANCE_MS = 60_000;
/** At most one fan-out per this many milliseconds: a delivery starts at most this much later. */
const FAN_OUT_INTERVAL_MS = 20;

export class WebhookWorker {
  readonly stats: WorkerStats = { attempts: 0, succeeded: 0, retrying: 0, failed: 0, fannedOut: 0 };
  private readonly inFlight = new Map<string, number>();
  private readonly running = new Set<Promise<void>>();
  private active = 0;
  private isPumping = false;
  private isFanOutWanted = true;
  private isClaimWanted = true;
  private isStopping = false;
  private pollTimer: ReturnType<typeof setInterval> | undefined;
  private unlisten: (() => Promise<void>)[] = [];
  private lastMaintenance = 0;
  private idleWaiters: (() => void)[] = [];
  private lastClaimWasEmpty = false;
  private lastFanOutAt = 0;
  private isDraining = false;
  private fanOutTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly db: Db,
    readonly options: WorkerOptions,
  ) {}

  /** Starts listening and polling; resolves once the LISTENs are in place. */
  async start(): Promise<void> {
    const handle = await getDbHandle();
    // A committed change only needs a fan-out (which asks for a claim itself when it queued
    // deliveries); a webhooks message (queued, retry, enabled) needs a claim.
    this.unlisten.push(
      await handle.listen(EVENTS_CHANNEL, () => {
        this.isFanOutWanted = true;
        this.wake();
      }),
    );
    this.unlisten.push(
      await handle.listen(WEBHOOKS_CHANNEL, () => {
        this.isFanOutWanted = true;
        this.isClaimWanted = true;
        this.wake();
      }),
    );
    this.pollTimer = setInterval(() => {
      this.isFanOutWanted = true;
      this.isClaimWanted = true;
      this.wake();
    }, this.options.pollMs);
    // The poll must never keep a process alive on its own.
    this.pollTimer.unref?.();
    this.wake();
  }

  /** Stops claiming, waits (bounded by the timeout) for the requests in flight, unlistens. */
  async stop(): Promise<void> {
    this.isStopping = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.fanOutTimer) clearTimeout(this.fanOutTimer);
    const listeners = this.unlisten.splice(0);
    await Promise.allSettled(listeners.map((u) => u()));
    await Promise.race([
      Promise.allSettled([...this.running]),
      // A request in flight ends by its timeout; recording it needs a moment more.
      new Promise((resolve) => setTimeout(resolve, this.options.timeoutMs + 5000).unref?.()),
    ]);
  }

  /**
   * For the cron route: works until there is nothing due or `budgetMs` has passed, then
   * waits for the requests in flight. Returns what it did.
   */
  async drain(budgetMs: number): Promise<WorkerStats> {
    const deadline = Date.now() + budgetMs;
    this.isDraining = true;
    const stopAtDeadline = setTimeout(() => {
      this.isStopping = true;
      this.notifyIdle();
    }, budgetMs);
    try {
      for (;;) {
        this.isFanOutWanted = true;
        this.isClaimWanted = true;
        await this.pump();
        if (this.isStopping || Date.now() >= deadline) break;
        if (this.active === 0 && this.lastClaimWasEmpty && !this.isFanOutWanted) break;
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
      }
      await Promise.allSettled([...this.running]);
      return { ...this.stats };
    } finally {
      this.isDraining = false;
      clearTimeout(stopAtDeadline);
    }
  }

  /** Resolves once nothing is in flight and the last claim found nothing due (tests). */
  async whenIdle(): Promise<void> {
    for (;;) {
      await this.pump();
      if (this.active === 0 && this.lastClaimWasEmpty && !this.isFanOutWanted) return;
      await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
    }
  }

  private notifyIdle(): void {
    const waiters = this.idleWaiters.splice(0);
    for (const resolve of waiters) resolve();
  }

  private wake(): void {
    if (this.isStopping) return;
    void this.pump().catch((error: unknown) => {
      console.error("[roster] webhooks: worker run failed:", error instanceof Error ? error.message : error);
    });
  }

  private async pump(): Promise<void> {
    if (this.isPumping || this.isStopping) return;
    this.isPumping = true;
    try {
      for (;;) {
        if (this.isStopping) break;
        // Under a stream of writes every commit NOTIFYs: one fan-out per FAN_OUT_INTERVAL_MS
        // reads all that committed meanwhile, instead of one round of queries per commit.
        // (A drain — the cron route's bounded run, with no NOTIFY to wait for — asks again itself.)
        const isFanOutDue =
          this.isFanOutWanted && (this.isDraining || Date.now() - this.lastFanOutAt >= FAN_OUT_INTERVAL_MS);
        const isClaimDue = this.isClaimWanted && this.active < this.options.concurrency;
        if (!isFanOutDue && !isClaimDue) break;
        if (isFanOutDue) {
          this.isFanOutWanted = false;
          this.lastFanOutAt = Date.now();
          await this.fanOutAll();
        }
        if (this.isClaimWanted && this.active < this.options.concurrency) {
          this.isClaimWanted = false;
          await this.claimAndLaunch();
        }
      }
      if (this.isFanOutWanted) this.scheduleFanOut();
      await this.maintain();
    } finally {
      this.isPumping = false;
      this.notifyIdle();
    }
  }

  /** Wakes the pump when the next fan-out is due (one timer at a time). */
  private scheduleFanOut(): void {
    if (this.fanOutTimer || this.isStopping) return;
    const wait = Math.max(0, FAN_OUT_INTERVAL_MS - (Date.now() - this.lastFanOutAt));
    this.fanOutTimer = setTimeout(() => {
      this.fanOutTimer = undefined;
      this.wake();
    }, wait);
  }

  private async fanOutAll(): Promise<void> {
    for (let round = 0; round < 20 && !this.isStopping; round++) {
      const result = await fanOut(this.db);
      this.stats.fannedOut += result.deliveries;
      if (result.deliveries > 0) this.isClaimWanted = true;
      if (result.isLocked) {
        // Another instance is fanning out; its NOTIFY-free commit is seen on the next poll.
        return;
      }
      if (!result.hasMore) return;
    }
    // More remains: come back for it after the deliveries already queued.
    this.isFanOutWanted = true;
  }

  private async claimAndLaunch(): Promise<void> {
    const saturated = [...this.inFlight].filter(([, n]) => n >= this.options.perEndpoint).map(([id]) => id);
    const claimed = await claimDeliveries(this.db, {
      limit: this.options.concurrency - this.active,
      perEndpoint: this.options.perEndpoint,
      leaseMs: this.options.timeoutMs + 30_000,
      excludeEndpoints: saturated,
    });
    this.lastClaimWasEmpty = claimed.length === 0;
    if (claimed.length === 0) return;
    // A full claim suggests more is due: ask again as soon as a slot frees.
    this.isClaimWanted = true;
    const targets = await this.loadTargets([...new Set(claimed.map((d) => d.endpointId))]);
    for (const delivery of claimed) this.launch(delivery, targets.get(delivery.endpointId));
  }

  private launch(delivery: ClaimedDelivery, target: EndpointTarget | undefined): void {
    this.active += 1;
    this.inFlight.set(delivery.endpointId, (this.inFlight.get(delivery.endpointId) ?? 0) + 1);
    const task: Promise<void> = this.deliver(delivery, target)
      .then((outcome) => {
        this.stats.attempts += 1;
        if (outcome === "succeeded") this.stats.succeeded += 1;
        else if (outcome === "retrying") this.stats.retrying += 1;
        else if (outcome === "failed") this.stats.failed += 1;
      })
      .catch((error: unknown) => {
        // Not recorded: the lease runs out and the delivery is claimed again.
        console.error(`[roster] webhooks: delivery ${delivery.id} could not be recorded:`, error instanceof Error ? error.message : error);
      })
      .finally(() => {
        this.active -= 1;
        const n = (this.inFlight.get(delivery.endpointId) ?? 1) - 1;
        if (n <= 0) this.inFlight.delete(delivery.endpointId);
        else this.inFlight.set(delivery.endpointId, n);
        this.running.delete(task);
        this.isClaimWanted = true;
        this.wake();
        this.notifyIdle();
      });
    this.running.add(task);
  }

  private async deliver(delivery: ClaimedDelivery, target: EndpointTarget | undefined): Promise<AttemptOutcome> {
    const policy = { retryScheduleSeconds: this.options.retryScheduleSeconds, disableAfterMs: this.options.disableAfterMs };
    if (!target) return "superseded"; // the endpoint was deleted while claimed
    if ("error" in target) {
      return recordAttempt(this.db, delivery, { statusCode: undefined, latencyMs: 0, error: target.error, responseExcerpt: undefined }, policy);
    }
    let url: URL;
    try {
      url = parseWebhookUrl(target.url, this.options);
    } catch (error) {
      const message = error instanceof WebhookUrlError ? error.message : "Invalid URL";
      return recordAttempt(this.db, delivery, { statusCode: undefined, latencyMs: 0, error: message, responseExcerpt: undefined }, policy);
    }
    const headers = signMessage(target.secrets, delivery.messageId, new Date(), delivery.body);
    const result = await postWebhook(url, headers, delivery.body, { timeoutMs: this.options.timeoutMs, allowPrivate: this.options.allowPrivate });
    return recordAttempt(this.db, delivery, result, policy);
  }

  private async loadTargets(ids: string[]): Promise<Map<string, EndpointTarget>> {
    const rows = await queryRows<{
      id: string;
      url: string;
      secret_encrypted: string;
      previous_secret_encrypted: string | null;
      previous_is_live: boolean;
    }>(
      this.db,
      sql`select id, url, secret_encrypted, previous_secret_encrypted,
                 coalesce(previous_secret_expires_at > now(), false) as previous_is_live
          from webhook_endpoints where id = any(${`{${ids.join(",")}}`}::uuid[])`,
    );
    const targets = new Map<string, EndpointTarget>();
    for (const row of rows) {
      try {
        const secrets = [openSecret(row.secret_encrypted, row.id)];
        if (row.previous_secret_encrypted && row.previous_is_live) secrets.push(openSecret(row.previous_secret_encrypted, row.id));
        targets.set(row.id, { url: row.url, secrets });
      } catch {
        targets.set(row.id, { error: "The signing secret cannot be decrypted (was ROSTER_ENCRYPTION_KEY or AUTH_SECRET changed?). Rotate the secret." });
      }
    }
    return targets;
  }

  /** Once a minute: unpark deliveries, prune old test messages (events are pruned by lib/maintenance.ts). */
  private async maintain(): Promise<void> {
    const now = Date.now();
    if (now - this.lastMaintenance < MAINTENANCE_MS || this.isStopping) return;
    this.lastMaintenance = now;
    try {
      const unparked = await unparkDeliveries(this.db);
      if (unparked > 0) this.isClaimWanted = true;
      await this.db.execute(
        sql`delete from webhook_deliveries where event_id is null
            and created_at < now() - make_interval(days => ${this.options.retentionDays})`,
      );
    } catch (error) {
      console.error("[roster] webhooks: maintenance failed:", error instanceof Error ? error.message : error);
    }
  }
}

type GlobalWithWorker = typeof globalThis & { __rosterWebhookWorker?: WebhookWorker };
const g = globalThis as GlobalWithWorker;

/** Starts the process's worker (idempotent). */
export async function startWebhookWorker(db: Db): Promise<WebhookWorker> {
  if (g.__rosterWebhookWorker) return g.__rosterWebhookWorker;
  const worker = new WebhookWorker(db, workerOptionsFromEnv());
  g.__rosterWebhookWorker = worker;
  await worker.start();
  return worker;
}

/** Stops the process's worker, if one runs (graceful shutdown). */
export async function stopWebhookWorker(): Promise<void> {
  const worker = g.__rosterWebhookWorker;
  g.__rosterWebhookWorker = undefined;
  if (worker) await worker.stop();
}
