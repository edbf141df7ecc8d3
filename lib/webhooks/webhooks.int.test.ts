// Webhook delivery end to end against a real database: local receivers on 127.0.0.1 that
// verify every request with the `standardwebhooks` package. Every test subscribes an
// endpoint to its own organization only, and deletes it afterwards, so the tests of other
// files writing events meanwhile are not delivered here. Every test that runs a worker or
// the cron route is in this one file: they run one after the other, so no worker of one
// test (with its own retry policy) handles another test's deliveries.
import { eq, sql } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { GET as cronGET, POST as cronPOST } from "@/app/api/cron/webhooks/route";
import { type Db, queryRows } from "@/db/client";
import { webhookDeliveries, webhookEndpoints } from "@/db/schema";
import { directoryUsers } from "@/lib/directory/users";
import { eventObject } from "@/lib/events/envelope";
import { readEventsAfter } from "@/lib/events/reader";
import { type TestDirectory, makeDirectory, userInput } from "@/test/scim-helpers";
import { startReceiver, waitFor } from "@/test/webhook-receiver";
import { createEndpoint, deleteEndpoint, getEndpoint, listDeliveries, retryDelivery, rotateSecret, sendTestMessage, updateEndpoint } from "./endpoints";
import { claimDeliveries, fanOut } from "./queue";
import { WebhookWorker, type WorkerOptions } from "./worker";

// Read by lib/env on first use (the cron route's tests), which comes after these lines.
const CRON_SECRET = "cron-secret-for-the-integration-test";
process.env.CRON_SECRET = CRON_SECRET;
process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "true";

const OPERATOR = { type: "system" as const };
const LOCAL = { allowPrivate: true, isProduction: false };

const BASE: WorkerOptions = {
  concurrency: 16,
  perEndpoint: 8,
  pollMs: 100,
  // Generous: with the embedded database a query blocks the event loop, and a delivery that
  // times out is (rightly) sent again — which would break the exactly-once counts below.
  timeoutMs: 10_000,
  allowPrivate: true,
  isProduction: false,
  retryScheduleSeconds: [0.2, 0.4, 0.8, 1, 1, 1, 1, 1, 1, 1, 1, 1],
  disableAfterMs: 3_600_000,
  retentionDays: 30,
};

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setUp(options: Partial<WorkerOptions> = {}, receiverPort = 0) {
  const t = await makeDirectory();
  const receiver = await startReceiver([], receiverPort);
  cleanups.push(() => receiver.close().catch(() => undefined));
  const { endpoint, secret } = await createEndpoint(t.db, { url: receiver.url, organizationId: t.organizationId }, OPERATOR, LOCAL);
  cleanups.push(() => t.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id)));
  receiver.secrets = [secret];
  const worker = await startWorker(t.db, options);
  return { t, receiver, endpoint, secret, worker };
}

async function startWorker(db: Db, options: Partial<WorkerOptions> = {}): Promise<WebhookWorker> {
  const worker = new WebhookWorker(db, { ...BASE, ...options });
  await worker.start();
  cleanups.push(() => worker.stop());
  return worker;
}

async function createUsers(t: TestDirectory, n: number, prefix = "u"): Promise<void> {
  const users = directoryUsers(t.db, t.ref);
  for (let i = 0; i < n; i++) await users.create(userInput({ userName: `${prefix}${i}-${crypto.randomUUID()}@x.test` }));
}

/** The organization's event ids as webhook-ids, in feed order. */
async function feedIds(t: TestDirectory): Promise<string[]> {
  const ids: string[] = [];
  let position;
  for (;;) {
    const read = await readEventsAfter(t.db, position, { organizationId: t.organizationId }, 500);
    ids.push(...read.events.map((e) => eventObject(e).id));
    position = read.next;
    if (!read.hasMore) return ids;
  }
}

async function deliveryRows(db: Db, endpointId: string) {
  return db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId)).orderBy(webhookDeliveries.id);
}

describe("webhook delivery", () => {
  it("POSTs each event as the feed's event object, signed per Standard Webhooks, within a second of the commit", async () => {
    const { t, receiver, endpoint } = await setUp();
    const started = Date.now();
    await createUsers(t, 1);
    await waitFor(() => receiver.accepted.length === 1, 5000, "the first delivery");
    expect(Date.now() - started).toBeLessThan(1500);
    const [message] = receiver.received;
    expect(message?.isVerified).toBe(true);
    const [event] = (await readEventsAfter(t.db, undefined, { organizationId: t.organizationId }, 10)).events;
    expect(message?.id).toBe(`evt_${event!.id}`);
    expect(message?.body).toEqual(eventObject(event!));
    expect(message?.signatures).toHaveLength(1);
    expect(message?.signatures[0]).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(Math.abs(Number(message?.timestamp) - Date.now() / 1000)).toBeLessThan(10);
    // The delivery log: the attempt with its status and latency.
    await waitFor(async () => (await deliveryRows(t.db, endpoint.id))[0]?.status === "succeeded", 5000, "the log");
    const { deliveries } = await listDeliveries(t.db, endpoint.id, { limit: 10 });
    expect(deliveries).toHaveLength(1);
    expect(deliveries[0]).toMatchObject({ status: "succeeded", lastStatusCode: 204, attempts: 1, messageId: message?.id });
    expect(deliveries[0]?.attemptLog).toHaveLength(1);
    expect(deliveries[0]?.attemptLog[0]?.statusCode).toBe(204);
    expect(deliveries[0]?.attemptLog[0]?.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it("retries a failing delivery on the schedule with the same webhook-id, logging each attempt and a capped excerpt", async () => {
    const { t, receiver, endpoint } = await setUp();
    let calls = 0;
    receiver.respond = () => (++calls <= 2 ? { status: 500, body: "x".repeat(5000) } : 200);
    await createUsers(t, 1);
    await waitFor(() => receiver.accepted.length === 1, 10_000, "the third attempt");
    expect(new Set(receiver.received.map((r) => r.id)).size).toBe(1);
    expect(receiver.received).toHaveLength(3);
    await waitFor(async () => (await deliveryRows(t.db, endpoint.id))[0]?.status === "succeeded", 5000, "success recorded");
    const { deliveries } = await listDeliveries(t.db, endpoint.id, { limit: 10 });
    const log = deliveries[0]!.attemptLog;
    expect(log.map((a) => a.statusCode)).toEqual([200, 500, 500]);
    expect(log[1]?.responseExcerpt?.length).toBe(1024);
    // Backoff: the attempts were spread out, not sent back to back.
    const times = log.map((a) => a.attemptedAt.getTime()).reverse();
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(150);
  });

  it("gives up after the schedule and marks the delivery failed; a manual retry sends it again", async () => {
    const { t, receiver, endpoint } = await setUp({ retryScheduleSeconds: [0.1, 0.1] });
    receiver.respond = () => 503;
    await createUsers(t, 1);
    await waitFor(async () => (await deliveryRows(t.db, endpoint.id))[0]?.status === "failed", 10_000, "give up");
    expect(receiver.received).toHaveLength(3);
    receiver.respond = () => 200;
    const [row] = await deliveryRows(t.db, endpoint.id);
    const retried = await retryDelivery(t.db, endpoint.id, row!.id);
    expect(retried.status).toBe("pending");
    await waitFor(() => receiver.accepted.length === 1, 5000, "the manual retry");
    expect(receiver.accepted[0]).toBe(row!.messageId);
  });

  it("delivers every event once after the receiver was down while changes kept coming", async () => {
    const { t, receiver } = await setUp();
    await createUsers(t, 5, "before");
    await waitFor(() => receiver.accepted.length === 5, 10_000, "the first five");
    await receiver.close();
    await createUsers(t, 20, "during");
    await new Promise((r) => setTimeout(r, 1200));
    await receiver.reopen();
    await createUsers(t, 5, "after");
    // The feed shows an event once no older transaction is still running (other test files
    // write meanwhile): wait for all thirty, as a consumer's next poll would.
    let expected: string[] = [];
    await waitFor(async () => (expected = await feedIds(t)).length === 30, 10_000, "thirty events in the feed");
    await waitFor(() => new Set(receiver.accepted).size === 30, 20_000, "all thirty");
    expect([...receiver.accepted].sort()).toEqual([...expected].sort());
    // Each webhook-id accepted once.
    expect(receiver.accepted).toHaveLength(30);
  });

  it("disables the endpoint on 410 Gone, keeps its events queued, and resumes from where it stopped when enabled", async () => {
    const { t, receiver, endpoint } = await setUp();
    receiver.respond = () => 410;
    await createUsers(t, 1);
    await waitFor(async () => !(await getEndpoint(t.db, endpoint.id)).enabled, 5000, "disabled");
    const disabled = await getEndpoint(t.db, endpoint.id);
    expect(disabled.disabledReason).toMatch(/410 Gone/);
    await createUsers(t, 3, "while-disabled");
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received).toHaveLength(1);
    expect((await getEndpoint(t.db, endpoint.id)).pendingCount).toBe(4);
    receiver.respond = () => 200;
    await updateEndpoint(t.db, endpoint.id, { enabled: true }, OPERATOR, LOCAL);
    await waitFor(() => receiver.accepted.length === 4, 10_000, "the backlog");
    expect([...receiver.accepted].sort()).toEqual([...(await feedIds(t))].sort());
    expect((await getEndpoint(t.db, endpoint.id)).disabledReason).toBeNull();
  });

  it("disables an endpoint that failed every attempt for longer than the limit, and re-enabling requeues what gave up", async () => {
    const { t, receiver, endpoint } = await setUp({ retryScheduleSeconds: [0.1, 0.1], disableAfterMs: 400 });
    receiver.respond = () => 500;
    await createUsers(t, 1);
    await waitFor(async () => (await deliveryRows(t.db, endpoint.id))[0]?.status === "failed", 10_000, "first gave up");
    await new Promise((r) => setTimeout(r, 450));
    await createUsers(t, 1, "second");
    await waitFor(async () => !(await getEndpoint(t.db, endpoint.id)).enabled, 10_000, "disabled");
    expect((await getEndpoint(t.db, endpoint.id)).disabledReason).toMatch(/Every delivery attempt failed since .*HTTP 500/);
    receiver.respond = () => 204;
    await updateEndpoint(t.db, endpoint.id, { enabled: true }, OPERATOR, LOCAL);
    await waitFor(() => new Set(receiver.accepted).size === 2, 10_000, "both delivered after enabling");
  });

  it("signs with both secrets during a rotation's grace period, then with the new one only", async () => {
    const { t, receiver, endpoint, secret: oldSecret } = await setUp();
    const { secret: newSecret } = await rotateSecret(t.db, endpoint.id, OPERATOR, 3600);
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(oldSecret);
    receiver.secrets = [oldSecret];
    await createUsers(t, 1);
    await waitFor(() => receiver.accepted.length === 1, 5000, "verified with the old secret");
    expect(receiver.received[0]?.signatures).toHaveLength(2);
    receiver.secrets = [newSecret];
    await createUsers(t, 1, "second");
    await waitFor(() => receiver.accepted.length === 2, 5000, "verified with the new secret");
    const { secret: newest } = await rotateSecret(t.db, endpoint.id, OPERATOR, 0);
    receiver.secrets = [newest];
    await createUsers(t, 1, "third");
    await waitFor(() => receiver.received.length === 3, 5000, "third");
    expect(receiver.received[2]?.signatures).toHaveLength(1);
    expect(receiver.received[2]?.isVerified).toBe(true);
  });

  it("sends a test message through the same queue and signing", async () => {
    const { t, receiver, endpoint } = await setUp();
    const delivery = await sendTestMessage(t.db, endpoint.id);
    await waitFor(() => receiver.accepted.length === 1, 5000, "the test message");
    expect(receiver.received[0]?.body.type).toBe("webhook.test");
    expect(receiver.received[0]?.id).toBe(delivery.messageId);
  });

  it("re-checks the address at delivery time: a URL that resolves to loopback is refused without a request", async () => {
    const { t, receiver, endpoint } = await setUp({ allowPrivate: false });
    await createUsers(t, 1);
    await waitFor(async () => ((await listDeliveries(t.db, endpoint.id, { limit: 1 })).deliveries[0]?.attemptLog.length ?? 0) > 0, 5000, "an attempt");
    const { deliveries } = await listDeliveries(t.db, endpoint.id, { limit: 1 });
    expect(deliveries[0]?.attemptLog[0]?.error).toMatch(/Refused/);
    // A host name is checked on the address it resolves to, when the socket connects.
    const byName = await createEndpoint(t.db, { url: `http://localhost:${receiver.port}/hooks`, organizationId: t.organizationId }, OPERATOR, LOCAL);
    cleanups.push(() => deleteEndpoint(t.db, byName.endpoint.id, OPERATOR));
    await createUsers(t, 1, "second");
    await waitFor(async () => ((await listDeliveries(t.db, byName.endpoint.id, { limit: 1 })).deliveries[0]?.attemptLog.length ?? 0) > 0, 5000, "an attempt by name");
    const named = await listDeliveries(t.db, byName.endpoint.id, { limit: 1 });
    expect(named.deliveries[0]?.attemptLog[0]?.error).toMatch(/Refused: localhost resolves to/);
    expect(receiver.received).toHaveLength(0);
  });

  it("never has one delivery in flight twice with two workers, and each is delivered once", async () => {
    const { t, receiver, endpoint } = await setUp();
    await startWorker(t.db);
    const inFlight = new Map<string, number>();
    let overlaps = 0;
    receiver.respond = (r) => {
      const n = (inFlight.get(r.id) ?? 0) + 1;
      inFlight.set(r.id, n);
      if (n > 1) overlaps += 1;
      setTimeout(() => inFlight.set(r.id, (inFlight.get(r.id) ?? 1) - 1), 20);
      return { status: 200, delayMs: 20 };
    };
    await createUsers(t, 60);
    await waitFor(() => receiver.accepted.length >= 60, 20_000, "sixty deliveries");
    await new Promise((r) => setTimeout(r, 300));
    expect(overlaps).toBe(0);
    expect(receiver.accepted).toHaveLength(60);
    expect(new Set(receiver.accepted).size).toBe(60);
    const rows = await deliveryRows(t.db, endpoint.id);
    expect(rows.every((r) => r.status === "succeeded" && r.attempts === 1)).toBe(true);
  });

  it("claims a delivery for one worker only, and again once its lease has run out (a worker that died)", async () => {
    const t = await makeDirectory();
    const receiver = await startReceiver([]);
    cleanups.push(() => receiver.close());
    const { endpoint } = await createEndpoint(t.db, { url: receiver.url, organizationId: t.organizationId }, OPERATOR, LOCAL);
    cleanups.push(() => deleteEndpoint(t.db, endpoint.id, OPERATOR));
    await createUsers(t, 3);
    await waitFor(async () => {
      await fanOut(t.db);
      return (await deliveryRows(t.db, endpoint.id)).length === 3;
    }, 5000, "fan-out");
    const mine = () => claimDeliveries(t.db, { limit: 50, perEndpoint: 50, leaseMs: 300 }).then((c) => c.filter((d) => d.endpointId === endpoint.id));
    const [a, b] = await Promise.all([mine(), mine()]);
    expect([...a, ...b].map((d) => d.id).sort()).toEqual((await deliveryRows(t.db, endpoint.id)).map((d) => d.id).sort());
    expect(await mine()).toHaveLength(0);
    await new Promise((r) => setTimeout(r, 400));
    expect(await mine()).toHaveLength(3);
  });

  it("delivers what was pending when the worker stopped, once a new worker starts", async () => {
    const { t, receiver, worker } = await setUp();
    receiver.respond = () => 503;
    await createUsers(t, 10);
    await waitFor(() => new Set(receiver.received.map((r) => r.id)).size === 10, 10_000, "first attempts");
    await worker.stop();
    receiver.respond = () => 200;
    await createUsers(t, 5, "while-stopped");
    const before = receiver.received.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(receiver.received.length).toBe(before);
    await startWorker(t.db);
    await waitFor(() => new Set(receiver.accepted).size === 15, 15_000, "all fifteen");
    expect([...new Set(receiver.accepted)].sort()).toEqual([...(await feedIds(t))].sort());
  });

  it("fans each event out once even when several instances race, for endpoints created before the event", async () => {
    const t = await makeDirectory();
    const receiver = await startReceiver([]);
    cleanups.push(() => receiver.close());
    await createUsers(t, 2, "before-endpoint");
    const { endpoint } = await createEndpoint(t.db, { url: receiver.url, organizationId: t.organizationId, eventTypes: ["user.created"] }, OPERATOR, LOCAL);
    cleanups.push(() => deleteEndpoint(t.db, endpoint.id, OPERATOR));
    await createUsers(t, 4, "after-endpoint");
    await directoryUsers(t.db, t.ref).patch(
      (await queryRows<{ id: string }>(t.db, sql`select id from directory_users where directory_id = ${t.directoryId}::uuid limit 1`))[0]!.id,
      (u) => ({ input: userInput({ ...u.data, displayName: "Changed" }), changed: true }),
    );
    for (let i = 0; i < 5; i++) await Promise.all([fanOut(t.db), fanOut(t.db), fanOut(t.db)]);
    const rows = await deliveryRows(t.db, endpoint.id);
    // Only the four user.created events written after the endpoint existed; no duplicates.
    expect(rows).toHaveLength(4);
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(4);
  });
});

// /api/cron/webhooks driven through its route handler (as a serverless host calls it): the
// CRON_SECRET check, and a drain that delivers what the events feed holds with no worker
// running in the process. (e2e/api/webhooks-cron.spec.ts does the same under next start.)
describe("/api/cron/webhooks", () => {
  const cron = (method: "GET" | "POST", authorization?: string) =>
    (method === "GET" ? cronGET : cronPOST)(
      new Request("http://roster.test/api/cron/webhooks", { method, headers: authorization ? { authorization } : {} }),
    );

  it("refuses requests without the CRON_SECRET bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${CRON_SECRET}`, `Bearer ${CRON_SECRET}x`]) {
      const response = await cron("GET", authorization);
      expect(response.status, String(authorization)).toBe(401);
    }
  });

  it("delivers the queued events in bounded runs, GET as Vercel Cron sends it, or POST", async () => {
    const t = await makeDirectory();
    const receiver = await startReceiver([]);
    cleanups.push(() => receiver.close());
    const { endpoint, secret } = await createEndpoint(t.db, { url: receiver.url, organizationId: t.organizationId }, OPERATOR);
    cleanups.push(() => deleteEndpoint(t.db, endpoint.id, OPERATOR));
    receiver.secrets = [secret];
    await createUsers(t, 12, "cron");
    const started = Date.now();
    const response = await cron("GET", `Bearer ${CRON_SECRET}`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { webhooks: { succeeded: number } };
    expect(body.webhooks.succeeded).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(26_000);
    // An event is read once no older transaction still runs (other test files write
    // meanwhile), so some may take the next scheduled call, as they would in production.
    await waitFor(async () => {
      if (new Set(receiver.accepted).size < 12) expect((await cron("GET", `Bearer ${CRON_SECRET}`)).status).toBe(200);
      return new Set(receiver.accepted).size === 12;
    }, 10_000, "twelve events");
    await createUsers(t, 1, "cron-late");
    await waitFor(async () => {
      expect((await cron("POST", `Bearer ${CRON_SECRET}`)).status).toBe(200);
      return new Set(receiver.accepted).size === 13;
    }, 10_000, "the late event");
    expect(receiver.received.every((r) => r.isVerified)).toBe(true);
  });
});
