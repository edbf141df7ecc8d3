// Several server instances on one Postgres: separate processes, each with its own pool,
// provisioning the same directory at once. No duplicate user when both create the same
// userNames, no lost membership when both add members to one group, ETags honoured across
// them (a version read on one is a precondition on the other), and the live-update hub of a
// third process hears every change either instance commits (Postgres LISTEN/NOTIFY).
// Two server processes with their webhook workers deliver every event to a receiver exactly
// once (by webhook-id), none missing.
// Only with DATABASE_URL: the embedded database is one process's.
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { directoryUsers, groupMembers, webhookDeliveries } from "@/db/schema";
import { type LiveMessage, liveHub, subscribeOrganization } from "@/lib/events/live";
import { scimClient } from "@/test/scim-client";
import { makeDirectory } from "@/test/scim-helpers";
import { withWebhookInstances } from "@/test/support/webhook-instances";
import { waitFor } from "@/test/webhook-receiver";

const run = promisify(execFile);

/** Runs one command in a fresh instance process and returns its JSON answer. */
async function instance(t: { directoryId: string; token: string }, command: string, input: unknown): Promise<unknown> {
  const { stdout } = await run(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "support", "instance.ts"), t.directoryId, t.token, command, JSON.stringify(input)],
    { cwd: path.resolve(import.meta.dirname, ".."), env: process.env, maxBuffer: 1 << 24 },
  );
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "null") as unknown;
}

describe.skipIf(!process.env.DATABASE_URL)("two instances on one database", () => {
  it("create no duplicates, lose no membership, honour each other's ETags, and reach every live subscriber", { timeout: 120_000 }, async () => {
    const t = await makeDirectory();
    const scim = scimClient(t.directoryId, t.token);
    const live: LiveMessage[] = [];
    const unsubscribe = subscribeOrganization(t.organizationId, (m) => live.push(m));
    await liveHub().ensureListening();

    // Both instances create the same 40 users at once: each userName exists once, and for
    // each exactly one instance got 201 and the other 409.
    const userNames = Array.from({ length: 40 }, (_, i) => `both-${i}@example.com`);
    const [one, two] = (await Promise.all([instance(t, "create", { userNames }), instance(t, "create", { userNames })])) as Record<string, number>[];
    for (const n of userNames) expect([one![n], two![n]].sort()).toEqual([201, 409]);
    const users = await t.db.select().from(directoryUsers).where(eq(directoryUsers.directoryId, t.directoryId));
    expect(users.map((u) => u.userName).sort()).toEqual([...userNames].sort());

    // Both add different members to one group at once: all of them are members.
    const group = await scim("POST", "/Groups", { body: { displayName: "Shared" } });
    const groupId = (group.body as { id: string }).id;
    const ids = users.map((u) => u.id);
    const half = Math.floor(ids.length / 2);
    const statuses = (await Promise.all([
      instance(t, "members", { groupId, userIds: ids.slice(0, half) }),
      instance(t, "members", { groupId, userIds: ids.slice(half) }),
    ])) as number[][];
    expect(statuses.flat().every((s) => s === 200 || s === 204)).toBe(true);
    const members = await t.db.select().from(groupMembers).where(eq(groupMembers.groupId, groupId));
    expect(members.map((m) => m.userId).sort()).toEqual([...ids].sort());

    // ETags across instances: the version this process read is honoured by another instance,
    // and once that one changed the user, the old version is stale everywhere.
    const target = users[0]!;
    const read = await scim("GET", `/Users/${target.id}`);
    const etag = read.headers.get("etag")!;
    const first = (await instance(t, "put", { userId: target.id, userName: target.userName, ifMatch: etag, displayName: "First" })) as { status: number; etag: string };
    expect(first.status).toBe(200);
    expect(first.etag).not.toBe(etag);
    const stale = (await instance(t, "put", { userId: target.id, userName: target.userName, ifMatch: etag, displayName: "Second" })) as { status: number };
    expect(stale.status).toBe(412);
    expect(((await scim("GET", `/Users/${target.id}`)).body as { displayName: string }).displayName).toBe("First");
    const fresh = (await instance(t, "put", { userId: target.id, userName: target.userName, ifMatch: first.etag, displayName: "Third" })) as { status: number };
    expect(fresh.status).toBe(200);

    // This process heard the other instances' changes through NOTIFY.
    for (let i = 0; i < 50 && !live.some((m) => m.kind === "event" && m.type === "user.updated"); i++) await new Promise((r) => setTimeout(r, 100));
    const heard = new Set(live.filter((m) => m.kind === "event").map((m) => (m as { type: string }).type));
    expect([...heard]).toEqual(expect.arrayContaining(["user.created", "group.member_added", "user.updated"]));
    unsubscribe();
  });
});

describe.skipIf(!process.env.DATABASE_URL)("webhooks from two server processes on one database", () => {
  it("deliver every event exactly once by webhook-id, none missing, whichever worker sends it", { timeout: 120_000 }, async () => {
    await withWebhookInstances("webhooks_two", "okta", async ({ own, receiver, endpointId, start, expectedMessageIds }) => {
      // A receiver that takes a moment per request, so both workers have deliveries in flight.
      receiver.respond = () => ({ status: 204, delayMs: 25 });
      const env = { ROSTER_WEBHOOK_TIMEOUT_MS: "10000", ROSTER_WEBHOOK_RETRY_SCHEDULE: "0.2,0.5,1" };
      const perInstance = 60;
      const instances = ["one", "two"].map((prefix) => start(prefix, perInstance, env));
      await Promise.race([
        waitFor(() => instances.every((i) => i.isProvisioned()), 90_000, "both instances to provision"),
        ...instances.map((i) => i.exited.then(() => Promise.reject(new Error("an instance exited early")))),
      ]);

      const expected = await expectedMessageIds();
      expect(expected.length).toBeGreaterThanOrEqual(2 * perInstance);
      await waitFor(() => new Set(receiver.accepted).size >= expected.length, 60_000, "every event delivered");
      // Both stop as on SIGTERM: anything still in flight would finish (and show up below).
      const [one, two] = await Promise.all(instances.map((i) => i.stop()));

      // Each event exactly once, and not a single request repeated.
      expect([...receiver.accepted].sort()).toEqual(expected);
      expect(receiver.received.map((r) => r.id).sort()).toEqual(expected);
      expect(receiver.received.every((r) => r.isVerified)).toBe(true);
      // Together the two processes fanned each event out once and made one attempt per event.
      // (Usually both send; which one claims a delivery depends on timing, so the split is
      // reported rather than asserted: on a loaded machine one worker may claim them all.)
      console.warn(`[webhooks, two processes] deliveries sent: ${one!.succeeded} and ${two!.succeeded}`);
      expect(one!.succeeded + two!.succeeded).toBe(expected.length);
      expect(one!.fannedOut + two!.fannedOut).toBe(expected.length);
      expect(one!.attempts + two!.attempts).toBe(expected.length);
      const deliveries = await own.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.endpointId, endpointId));
      expect(deliveries).toHaveLength(expected.length);
      expect(deliveries.every((d) => d.status === "succeeded" && d.attempts === 1)).toBe(true);
    });
  });
});
