import { describe, expect, it } from "vitest";
import { readEventsAfter, type StoredEvent } from "@/lib/events/reader";
import { ENTERPRISE_USER_SCHEMA } from "@/lib/scim/schema";
import { groupInput, makeDirectory, settleEvents, userInput } from "@/test/scim-helpers";
import { setDirectoryStatus } from "./directories";
import { personName } from "./person-name";
import { directoryGroups } from "./groups";
import { directoryUsers } from "./users";

async function eventsOf(t: Awaited<ReturnType<typeof makeDirectory>>): Promise<StoredEvent[]> {
  await settleEvents(t.db, t.directoryId);
  return (await readEventsAfter(t.db, undefined, { directoryId: t.directoryId }, 500)).events;
}

describe("event payloads", () => {
  it("carry the whole user after the change, what changed, and the user's groups", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const ada = await users.create(
      userInput({
        userName: "ada@example.com",
        externalId: "ext-1",
        name: { givenName: "Ada", familyName: "Lovelace" },
        emails: [{ value: "ada@example.com", type: "work", primary: true }],
        title: "Analyst",
        [ENTERPRISE_USER_SCHEMA]: { department: "Engines", manager: { value: "boss-1", displayName: "Babbage" } },
      }),
    );
    await users.patch(ada.id, (u) => ({
      input: userInput({ ...u.data, title: "Lead Analyst", active: false }),
      changed: true,
    }));
    const [created, updated, deactivated] = await eventsOf(t);
    expect(created?.type).toBe("user.created");
    if (created?.type !== "user.created") throw new Error("unreachable");
    expect(created.data.user).toMatchObject({
      id: ada.id,
      directoryId: t.directoryId,
      organizationId: t.organizationId,
      userName: "ada@example.com",
      externalId: "ext-1",
      active: true,
      name: { givenName: "Ada", familyName: "Lovelace", formatted: null },
      email: "ada@example.com",
      emails: [{ value: "ada@example.com", type: "work", primary: true }],
      title: "Analyst",
      department: "Engines",
      // manager.displayName is read-only (RFC 7643 §4.3): what the provider sent is not kept.
      manager: { id: "boss-1", displayName: null },
      groups: [],
      version: 1,
    });
    expect(created.data.user.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(created.data.user.raw).toMatchObject({ id: ada.id, userName: "ada@example.com" });
    expect(created.data).not.toHaveProperty("previous");

    // One change that deactivates and retitles: a user.deactivated and a user.updated, both
    // with the state after it and the attributes before it.
    expect([updated?.type, deactivated?.type].sort()).toEqual(["user.deactivated", "user.updated"]);
    for (const e of [updated, deactivated]) {
      if (e?.type !== "user.updated" && e?.type !== "user.deactivated") throw new Error("unexpected event");
      expect(e.data.user).toMatchObject({ active: false, title: "Lead Analyst", version: 2 });
      expect(e.data.previous).toEqual({ title: "Analyst", active: true });
    }
  });

  it("give membership events the group and the user as they are after the change", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const groups = directoryGroups(t.db, t.ref);
    const ada = await users.create(userInput({ userName: "ada@x.test", name: { givenName: "Ada" } }));
    const bob = await users.create(userInput({ userName: "bob@x.test" }));
    const ops = await groups.create(groupInput({ displayName: "Ops" }), [ada.id]);
    await groups.create(groupInput({ displayName: "Eng" }), [ada.id, bob.id]);
    const keep = { changed: false } as const;
    await groups.patch(ops.id, (g) => ({
      ...keep,
      input: { data: g.data, columns: { displayName: g.displayName, externalId: g.externalId } },
      membership: [{ kind: "remove", ids: [ada.id] }],
    }));
    const events = await eventsOf(t);
    const memberships = events.filter((e) => e.type === "group.member_added" || e.type === "group.member_removed");
    const summary = memberships.map((e) =>
      e.type === "group.member_added" || e.type === "group.member_removed"
        ? {
            type: e.type,
            group: e.data.group.displayName,
            memberCount: e.data.group.memberCount,
            user: e.data.user.userName,
            userGroups: e.data.user.groups.map((g) => g.displayName),
          }
        : undefined,
    );
    // The events of one statement come in no particular order among themselves.
    const byText = (a: unknown, b: unknown) => JSON.stringify(a).localeCompare(JSON.stringify(b));
    expect(summary.sort(byText)).toEqual([
      { type: "group.member_added", group: "Ops", memberCount: 1, user: "ada@x.test", userGroups: ["Ops"] },
      { type: "group.member_added", group: "Eng", memberCount: 2, user: "ada@x.test", userGroups: ["Eng", "Ops"] },
      { type: "group.member_added", group: "Eng", memberCount: 2, user: "bob@x.test", userGroups: ["Eng"] },
      { type: "group.member_removed", group: "Ops", memberCount: 0, user: "ada@x.test", userGroups: ["Eng"] },
    ].sort(byText));
    const groupCreated = events.find((e) => e.type === "group.created");
    if (groupCreated?.type !== "group.created") throw new Error("no group.created");
    expect(groupCreated.data.group).toMatchObject({ displayName: "Ops", memberCount: 0, version: 1, directoryId: t.directoryId });
  });

  it("describe deletions as the resource stood, and the directory on its status events", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const groups = directoryGroups(t.db, t.ref);
    const ada = await users.create(userInput({ userName: "ada@x.test" }));
    const eng = await groups.create(groupInput({ displayName: "Eng" }), [ada.id]);
    await users.delete(ada.id);
    await groups.delete(eng.id);
    await setDirectoryStatus(t.db, t.organizationId, t.directoryId, "disabled");
    const events = await eventsOf(t);
    const tail = events.slice(-4);
    expect(tail.map((e) => e.type)).toEqual(["user.deleted", "group.member_removed", "group.deleted", "directory.disabled"]);
    const [deleted, removed, groupDeleted, disabled] = tail;
    if (deleted?.type !== "user.deleted") throw new Error("unreachable");
    expect(deleted.data.user.groups).toEqual([{ id: eng.id, displayName: "Eng" }]);
    if (removed?.type !== "group.member_removed") throw new Error("unreachable");
    expect(removed.data.group.memberCount).toBe(0);
    if (groupDeleted?.type !== "group.deleted") throw new Error("unreachable");
    expect(groupDeleted.data.group).toMatchObject({ id: eng.id, memberCount: 0 });
    if (disabled?.type !== "directory.disabled") throw new Error("unreachable");
    expect(disabled.data.directory).toMatchObject({ id: t.directoryId, organizationId: t.organizationId, status: "disabled" });
  });

  it("name people in payloads by the same rule as the portal", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const cases = [
      { userName: "a@x.test", name: { formatted: "Countess Ada", givenName: "Ada", familyName: "Lovelace" }, displayName: "A" },
      { userName: "b@x.test", name: { givenName: "Ada", familyName: "Lovelace" } },
      { userName: "c@x.test", name: { familyName: "Lovelace" }, displayName: "Ada L." },
      { userName: "d@x.test", displayName: "Ada L." },
      { userName: "e@x.test", name: { formatted: "  ", givenName: " " } },
    ];
    for (const body of cases) await users.create(userInput(body));
    const created = (await eventsOf(t)).flatMap((e) => (e.type === "user.created" ? [e.data.user] : []));
    expect(created.map((u) => u.fullName)).toEqual(
      cases.map((c) => personName({ userName: c.userName, displayName: c.displayName, ...c.name })),
    );
    expect(created.map((u) => u.fullName)).toEqual(["Countess Ada", "Ada Lovelace", "Lovelace", "Ada L.", "e@x.test"]);
  });
});
