import { describe, expect, it } from "vitest";
import { readEventsAfter, readEventsNewestFirst, type FeedPosition, type StoredEvent } from "@/lib/events/reader";
import { scimClient } from "@/test/scim-client";
import { makeDirectory, settleEvents, userInput } from "@/test/scim-helpers";
import { DirectoryError } from "./errors";
import { GUARD_DEFAULTS, currentHold, resolveHold, setGuardSettings } from "./deprovision-guard";
import { directoryUsers } from "./users";

type T = Awaited<ReturnType<typeof makeDirectory>>;
const operator = { type: "operator" as const, id: "test-operator" };

async function seedUsers(t: T, n: number): Promise<string[]> {
  const users = directoryUsers(t.db, t.ref);
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push((await users.create(userInput({ userName: `u${i}@x.test` }))).id);
  return ids;
}

async function drain(t: T, from: FeedPosition | undefined): Promise<{ events: StoredEvent[]; next: FeedPosition | undefined }> {
  await settleEvents(t.db, t.directoryId);
  const events: StoredEvent[] = [];
  let position = from;
  for (;;) {
    const read = await readEventsAfter(t.db, position, { directoryId: t.directoryId }, 100);
    events.push(...read.events);
    position = read.next;
    if (!read.hasMore) return { events, next: position };
  }
}

const deactivate = { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", value: { active: false } }] };

describe("the deprovisioning guard", () => {
  it("holds the events of a mass deactivation, keeps answering the provider, and releases them exactly once", async () => {
    const t = await makeDirectory("entra");
    await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: true, percent: 20, windowMinutes: 60, minUsers: 3 }, { type: "system" });
    const ids = await seedUsers(t, 10);
    const start = (await drain(t, undefined)).next;
    const scim = scimClient(t.directoryId, t.token);
    // 2 of 10 (20 %) is not more than the share; the 3rd crosses it.
    for (const id of ids.slice(0, 6)) {
      const res = await scim("PATCH", `/Users/${id}`, { body: deactivate });
      expect(res.status).toBe(200);
      expect((res.body as { active: boolean }).active).toBe(false);
    }
    expect((await scim("DELETE", `/Users/${ids[9]!}`)).status).toBe(204);

    const before = await drain(t, start);
    expect(before.events.map((e) => e.type)).toEqual(["user.deactivated", "user.deactivated", "directory.deprovisioning_held"]);
    const held = before.events.at(-1);
    if (held?.type !== "directory.deprovisioning_held") throw new Error("no hold event");
    expect(held.data.hold).toMatchObject({ deprovisioned: 3, users: 10, percent: 20, windowMinutes: 60 });

    const hold = await currentHold(t.db, t.directoryId);
    expect(hold).toMatchObject({ heldUsers: 5, status: "holding" });
    // The portal sees the held events, marked.
    const portal = await readEventsNewestFirst(t.db, { directoryId: t.directoryId, holdId: hold!.id }, { limit: 50 });
    expect(portal.events.map((e) => e.type).sort()).toEqual([...Array<string>(4).fill("user.deactivated"), "user.deleted"].sort());
    expect(portal.events.every((e) => e.holdId === hold!.id)).toBe(true);
    // The directory's state follows the provider meanwhile.
    expect((await directoryUsers(t.db, t.ref).get(ids[5]!))?.active).toBe(false);

    const { events } = await resolveHold(t.db, t.organizationId, hold!.id, "released", operator);
    expect(events).toBe(5);
    const after = await drain(t, before.next);
    expect(after.events.map((e) => e.type)).toEqual([
      "user.deactivated",
      "user.deactivated",
      "user.deactivated",
      "user.deactivated",
      "user.deleted",
      "directory.deprovisioning_released",
    ]);
    const released = after.events.flatMap((e) => (e.type === "user.deactivated" ? [e.data.user.id] : []));
    expect(released).toEqual(ids.slice(2, 6));
    // Read from the very start, every change is there exactly once.
    const all = (await drain(t, start)).events.filter((e) => e.type === "user.deactivated").map((e) => e.resourceId);
    expect(all.sort()).toEqual(ids.slice(0, 6).sort());
    await expect(resolveHold(t.db, t.organizationId, hold!.id, "released", operator)).rejects.toBeInstanceOf(DirectoryError);
    expect(await currentHold(t.db, t.directoryId)).toBeUndefined();
    // After a release the count starts again: the next deactivation goes out at once.
    expect((await scim("PATCH", `/Users/${ids[6]!}`, { body: deactivate })).status).toBe(200);
    expect((await drain(t, after.next)).events.map((e) => e.type)).toEqual(["user.deactivated"]);
  });

  it("decides exactly at the share, though it counts the directory only as far as the rule needs", async () => {
    const t = await makeDirectory("okta");
    await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: true, percent: 20, windowMinutes: 60, minUsers: 3 }, { type: "system" });
    const ids = await seedUsers(t, 50);
    const scim = scimClient(t.directoryId, t.token);
    // Until 10 of 50 (20 %, not more) the count stops at five times the deprovisioned; the
    // 11th (22 %) crosses the share, and the hold reports the directory's exact size.
    for (const id of ids.slice(0, 10)) expect((await scim("PATCH", `/Users/${id}`, { body: deactivate })).status).toBe(200);
    expect(await currentHold(t.db, t.directoryId)).toBeUndefined();
    expect((await scim("PATCH", `/Users/${ids[10]!}`, { body: deactivate })).status).toBe(200);
    const hold = await currentHold(t.db, t.directoryId);
    expect(hold?.trigger).toMatchObject({ deprovisioned: 11, users: 50, percent: 20 });
  });

  it("discards held events for good, and is bound to the organization", async () => {
    const t = await makeDirectory("okta");
    const other = await makeDirectory("okta");
    await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: true, percent: 10, windowMinutes: 30, minUsers: 2 }, { type: "system" });
    const ids = await seedUsers(t, 5);
    const users = directoryUsers(t.db, t.ref);
    for (const id of ids.slice(0, 3)) await users.delete(id);
    const hold = await currentHold(t.db, t.directoryId);
    expect(hold?.heldUsers).toBe(2);
    await expect(resolveHold(t.db, other.organizationId, hold!.id, "discarded", operator)).rejects.toThrow(/No deprovisioning hold/);
    expect((await resolveHold(t.db, t.organizationId, hold!.id, "discarded", operator)).events).toBeGreaterThanOrEqual(2);
    const types = (await drain(t, undefined)).events.map((e) => e.type);
    expect(types.filter((e) => e === "user.deleted")).toHaveLength(1);
    expect(types.at(-1)).toBe("directory.deprovisioning_discarded");
  });

  it("uses documented defaults and can be turned off", async () => {
    expect(GUARD_DEFAULTS).toEqual({ percent: 20, windowMinutes: 60, minUsers: 10 });
    const t = await makeDirectory();
    await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: false, percent: 1, windowMinutes: 60, minUsers: 1 }, { type: "system" });
    const ids = await seedUsers(t, 3);
    for (const id of ids) await directoryUsers(t.db, t.ref).delete(id);
    expect(await currentHold(t.db, t.directoryId)).toBeUndefined();
  });
});
