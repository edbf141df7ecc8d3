// A process killed with SIGKILL in the middle of a burst of SCIM writes leaves no half-written
// resource, membership or event (each change commits whole with its events, or not at all),
// and the provider's retries converge to the right state with every change recorded once.
// Only with DATABASE_URL: a second process cannot share the in-memory embedded database.
import { spawn } from "node:child_process";
import path from "node:path";
import { and, eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { directoryUsers, events, groupMembers } from "@/db/schema";
import { scimClient } from "@/test/scim-client";
import { makeDirectory } from "@/test/scim-helpers";
import { burstUserName, provisionUser } from "@/test/support/provider";

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
