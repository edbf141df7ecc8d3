// A process killed with SIGKILL in the middle of a burst of SCIM writes leaves no half-written
// resource, membership or event (each change commits whole with its events, or not at all),
// and the provider's retries converge to the right state with every change recorded once.
// Webhook deliveries pending at the kill — queued, waiting for a retry, or in flight with
// their answer lost — are all delivered after a restart.
// Only with DATABASE_URL: a second process cannot share the in-memory embedded database.
import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { directoryUsers, events, groupMembers, webhookDeliveries } from "@/db/schema";
import { scimClient } from "@/test/scim-client";
import { makeDirectory } from "@/test/scim-helpers";
import { burstUserName, provisionUser } from "@/test/support/provider";
import { withWebhookInstances } from "@/test/support/webhook-instances";
import { waitFor } from "@/test/webhook-receiver";

const COUNT = Number(process.env.CRASH_BURST_USERS ?? 120);
const KILL_AFTER = Math.floor(COUNT / 3);

/** Runs the burst in a child process and SIGKILLs it once KILL_AFTER users are done. */
function burstAndKill(args: string[]): Promise<{ done: number; finished: boolean }> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "support", "write-burst.ts"), ...args], {
    cwd: path.resolve(import.meta.dirname, ".."),
    env: process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let done = 0;
  let finished = false;
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    for (const line of chunk.toString().split("\n")) {
      if (line.startsWith("done ")) done++;
      if (line === "finished") finished = true;
    }
    if (done >= KILL_AFTER) child.kill("SIGKILL");
  });
  return new Promise((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (signal === "SIGKILL") resolve({ done, finished });
      else reject(new Error(`burst exited with ${code ?? signal} before the kill: ${stderr}`));
    });
  });
}

/** Every user has its one user.created event, every membership its one member_added event, and nothing else exists. */
async function expectConsistent(t: Awaited<ReturnType<typeof makeDirectory>>, groupId: string) {
  const users = await t.db.select().from(directoryUsers).where(eq(directoryUsers.directoryId, t.directoryId));
  const created = await t.db
    .select({ resourceId: events.resourceId, n: sql<number>`count(*)::int` })
    .from(events)
    .where(and(eq(events.directoryId, t.directoryId), eq(events.type, "user.created")))
    .groupBy(events.resourceId);
  expect(created.map((e) => e.resourceId).sort()).toEqual(users.map((u) => u.id).sort());
  expect(created.every((e) => e.n === 1)).toBe(true);
  for (const u of users) {
    // The row and its JSON were written by one statement: never a row without its data.
    expect((u.data as { userName?: string }).userName).toBe(u.userName);
  }
  const members = await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId));
  const added = await t.db
    .select({ userId: sql<string>`${events.data}->'user'->>'id'`, n: sql<number>`count(*)::int` })
    .from(events)
    .where(and(eq(events.directoryId, t.directoryId), eq(events.type, "group.member_added")))
    .groupBy(sql`${events.data}->'user'->>'id'`);
  expect(added.map((e) => e.userId).sort()).toEqual(members.map((m) => m.userId).sort());
  expect(added.every((e) => e.n === 1)).toBe(true);
  return { users: users.length, members: members.length };
}

describe.skipIf(!process.env.DATABASE_URL)("SIGKILL during a burst of writes", () => {
  it("leaves only whole changes, and the provider's retries converge with each change recorded once", { timeout: 120_000 }, async () => {
    const t = await makeDirectory();
    const scim = scimClient(t.directoryId, t.token);
    const group = await scim("POST", "/Groups", { body: { displayName: "Burst" } });
    expect(group.status).toBe(201);
    const groupId = (group.body as { id: string }).id;

    const run = await burstAndKill([t.directoryId, t.token, groupId, String(COUNT)]);
    expect(run.finished).toBe(false);
    const afterKill = await expectConsistent(t, groupId);
    // Killed mid-way: some but not all users exist (some may be created but not yet grouped).
    expect(afterKill.users).toBeGreaterThanOrEqual(KILL_AFTER);
    expect(afterKill.users).toBeLessThan(COUNT);

    // The provider retries everything it did not see answered, and in fact everything.
    for (let i = 0; i < COUNT; i += 8) {
      await Promise.all(Array.from({ length: Math.min(8, COUNT - i) }, (_, k) => provisionUser(scim, i + k, groupId)));
    }
    const final = await expectConsistent(t, groupId);
    expect(final).toEqual({ users: COUNT, members: COUNT });
    const names = (await t.db.select({ n: directoryUsers.userName }).from(directoryUsers).where(eq(directoryUsers.directoryId, t.directoryId)))
      .map((r) => r.n)
      .sort();
    expect(names).toEqual(Array.from({ length: COUNT }, (_, i) => burstUserName(i)).sort());
  });
});

describe.skipIf(!process.env.DATABASE_URL)("SIGKILL with webhook deliveries pending", () => {
  // At the kill some deliveries are in flight: the receiver has the request (and processed
  // it) but its answer never reaches the dead process. Those are sent again once their
  // lease (the delivery timeout + 30 s) runs out — at least once, with the same webhook-id,
  // which is what receivers deduplicate on. Every other delivery arrives exactly once.
  it("delivers every event after a restart: in-flight ones again (same webhook-id), the others exactly once", { timeout: 150_000 }, async () => {
    const HELD = 4;
    await withWebhookInstances("webhooks_crash", "entra", async ({ own, receiver, endpointId, start, expectedMessageIds }) => {
      // Phase 1, before the kill: 503 for everything until the instance has provisioned and
      // recorded some failures (those deliveries now wait for a retry); then the next HELD
      // distinct messages are processed but answered only long after the kill (their
      // acknowledgements are lost); 503 for the rest.
      let phase: "before" | "after" = "before";
      let isHolding = false;
      const held = new Set<string>();
      const processed = new Map<string, number>();
      const afterRestart = new Map<string, number>();
      const count = (m: Map<string, number>, id: string) => m.set(id, (m.get(id) ?? 0) + 1);
      receiver.respond = (r) => {
        if (phase === "after") {
          count(processed, r.id);
          count(afterRestart, r.id);
          return 204;
        }
        if (isHolding && held.size < HELD) {
          held.add(r.id);
          count(processed, r.id);
          return { status: 204, delayMs: 20_000 };
        }
        return 503;
      };
      const env = { ROSTER_WEBHOOK_TIMEOUT_MS: "3000", ROSTER_WEBHOOK_RETRY_SCHEDULE: "2,2,2,2,2,2,2,2,2,2,2,2" };
      const first = start("crash", 30, env);
      await waitFor(() => first.isProvisioned(), 60_000, "the instance to provision");
      const failuresRecorded = async () => {
        const [row] = await own.db
          .select({ n: sql<number>`count(*)::int` })
          .from(webhookDeliveries)
          .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.status, "pending"), eq(webhookDeliveries.lastStatusCode, 503)));
        return row?.n ?? 0;
      };
      await waitFor(async () => (await failuresRecorded()) >= 5, 20_000, "failed attempts recorded");
      isHolding = true;
      await waitFor(() => held.size >= HELD, 20_000, "deliveries in flight");
      await first.kill();

      const expected = await expectedMessageIds();
      expect(expected.length).toBeGreaterThanOrEqual(30);
      // What the kill left: deliveries claimed under a lease (the held ones, and others the
      // dead worker had claimed or sent and not yet recorded), others waiting for their next
      // retry (and possibly some never tried or not yet fanned out). None delivered.
      const [state] = await own.db
        .select({
          inFlight: sql<number>`count(*) filter (where status = 'pending' and next_attempt_at > now() + interval '15 seconds')::int`,
          retrying: sql<number>`count(*) filter (where status = 'pending' and last_status_code = 503 and next_attempt_at <= now() + interval '15 seconds')::int`,
          delivered: sql<number>`count(*) filter (where status = 'succeeded')::int`,
        })
        .from(webhookDeliveries)
        .where(eq(webhookDeliveries.endpointId, endpointId));
      expect(state!.delivered).toBe(0);
      expect(state!.inFlight).toBeGreaterThanOrEqual(HELD);
      expect(state!.retrying).toBeGreaterThan(0);

      // Restart (no provisioning): the receiver now answers at once.
      phase = "after";
      const second = start("none", 0, env);
      await waitFor(() => expected.every((id) => afterRestart.has(id)), 90_000, "every event delivered after the restart");
      await second.stop();

      // Every event arrived after the restart, once each.
      expect([...afterRestart.keys()].sort()).toEqual(expected);
      expect([...afterRestart.values()].every((n) => n === 1)).toBe(true);
      // The in-flight ones reached the receiver twice under one webhook-id (at least once);
      // every other event was processed exactly once.
      for (const id of expected) expect([id, processed.get(id)]).toEqual([id, held.has(id) ? 2 : 1]);
      expect(receiver.received.every((r) => r.isVerified)).toBe(true);
      const deliveries = await own.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
      expect(deliveries).toHaveLength(expected.length);
      expect(deliveries.every((d) => d.status === "succeeded")).toBe(true);
    });
  });
});
