import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { directoryGroups } from "@/lib/directory/groups";
import { directoryUsers } from "@/lib/directory/users";
import { DirectoryError } from "@/lib/directory/errors";
import { queryRows } from "@/db/client";
import { groupInput, makeDirectory, settleEvents, userInput } from "@/test/scim-helpers";
import {
  type FeedPosition,
  type StoredEvent,
  checkRetention,
  decodeFeedCursor,
  encodeFeedCursor,
  readEventsAfter,
  readEventsNewestFirst,
} from "./reader";

async function readAll(
  db: Parameters<typeof readEventsAfter>[0],
  directoryId: string,
  from: FeedPosition | undefined,
  limit = 7,
  { settle = true } = {},
): Promise<{ events: StoredEvent[]; next: FeedPosition | undefined }> {
  // The concurrency tests read while a transaction is deliberately still open.
  if (settle) await settleEvents(db, directoryId);
  const events: StoredEvent[] = [];
  let position = from;
  for (let i = 0; i < 1000; i++) {
    const read = await readEventsAfter(db, position, { directoryId }, limit);
    events.push(...read.events);
    position = read.next;
    if (!read.hasMore) break;
  }
  return { events, next: position };
}

describe("the events reader", () => {
  it("reads a directory's events oldest first in pages, and returns a cursor even when there is nothing new", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    for (let i = 0; i < 10; i++) await users.create(userInput({ userName: `u${i}@x.test` }));
    const { events, next } = await readAll(t.db, t.directoryId, undefined, 3);
    expect(events.map((e) => e.type)).toEqual(Array(10).fill("user.created"));
    expect(events.map((e) => (e.type === "user.created" ? e.data.user.userName : ""))).toEqual(
      Array.from({ length: 10 }, (_, i) => `u${i}@x.test`),
    );
    const empty = await readEventsAfter(t.db, next, { directoryId: t.directoryId }, 10);
    expect(empty.events).toEqual([]);
    expect(empty.next).toMatchObject({ txid: next?.txid, id: next?.id });
    await users.create(userInput({ userName: "late@x.test" }));
    await settleEvents(t.db, t.directoryId);
    const later = await readEventsAfter(t.db, empty.next, { directoryId: t.directoryId }, 10);
    expect(later.events.map((e) => e.type === "user.created" && e.data.user.userName)).toEqual(["late@x.test"]);
  });

  it("filters by type without reading past what it scanned, and by organization", async () => {
    const t = await makeDirectory();
    const other = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    const a = await users.create(userInput({ userName: "a@x.test" }));
    await directoryUsers(other.db, other.ref).create(userInput({ userName: "elsewhere@x.test" }));
    await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Eng" }), [a.id]);
    await users.patch(a.id, (u) => ({ input: userInput({ ...u.data, active: false }), changed: true }));
    await settleEvents(t.db, t.directoryId);
    const read = await readEventsAfter(t.db, undefined, { organizationId: t.organizationId, types: ["group.member_added", "user.deactivated"] }, 10);
    expect(read.events.map((e) => e.type)).toEqual(["group.member_added", "user.deactivated"]);
    expect(read.events.every((e) => e.organizationId === t.organizationId)).toBe(true);
    // Nothing further matches: the position moved to the last event scanned.
    const again = await readEventsAfter(t.db, read.next, { organizationId: t.organizationId, types: ["group.member_added"] }, 10);
    expect(again.events).toEqual([]);
  });

  it("pages newest first for the portal, both ways", async () => {
    const t = await makeDirectory();
    const users = directoryUsers(t.db, t.ref);
    for (let i = 0; i < 5; i++) await users.create(userInput({ userName: `n${i}@x.test` }));
    await settleEvents(t.db, t.directoryId);
    const first = await readEventsNewestFirst(t.db, { directoryId: t.directoryId }, { limit: 2 });
    const names = (es: StoredEvent[]) => es.map((e) => (e.type === "user.created" ? e.data.user.userName : ""));
    expect(names(first.events)).toEqual(["n4@x.test", "n3@x.test"]);
    expect(first.hasMore).toBe(true);
    const last = first.events.at(-1)!;
    const second = await readEventsNewestFirst(t.db, { directoryId: t.directoryId }, { limit: 2, before: last });
    expect(names(second.events)).toEqual(["n2@x.test", "n1@x.test"]);
    const back = await readEventsNewestFirst(t.db, { directoryId: t.directoryId }, { limit: 2, after: second.events[0]! });
    expect(names(back.events)).toEqual(["n4@x.test", "n3@x.test"]);
  });

  // A fresh database's transaction ids cross 999 → 1000 within minutes; a shared server's
  // cross 10^n now and then. The order must be numeric at every read, or the feed reads
  // past the shorter ids and the cursor (which compares numbers) skips them for good.
  it("orders by transaction id as a number across digit boundaries, in every kind of read", async () => {
    const t = await makeDirectory();
    // Every power of ten the database has passed (an event is readable once its txid is below
    // the horizon), with its neighbours: 8, 9, 10, 11, 98, 99, 100, 101, …
    const [now] = await queryRows<{ x: string }>(t.db, sql`select pg_snapshot_xmin(pg_current_snapshot())::text as x`);
    const txids: number[] = [];
    for (let p = 10; p + 1 < Number(now?.x); p *= 10) txids.push(p - 2, p - 1, p, p + 1);
    expect(txids.length).toBeGreaterThanOrEqual(8);
    // Inserted out of order, so that ids do not follow the txids either.
    const shuffled = [...txids].sort((a, b) => ((a * 7919) % 13) - ((b * 7919) % 13));
    for (const txid of shuffled) {
      await t.db.execute(
        sql`insert into events (organization_id, directory_id, type, resource_type, resource_id, data, txid)
            values (${t.organizationId}::uuid, ${t.directoryId}::uuid, 'user.created', 'user', ${crypto.randomUUID()}::uuid,
                    ${JSON.stringify({ user: { userName: `tx${txid}` } })}::jsonb, ${txid})`,
      );
    }
    const expected = txids.map((x) => `tx${x}`);
    const names = (es: StoredEvent[]) => es.map((e) => (e.data as { user: { userName: string } }).user.userName);
    for (const limit of [1, 3, 100]) {
      expect(names((await readAll(t.db, t.directoryId, undefined, limit)).events)).toEqual(expected);
      // The type-filtered read scans and then fetches: both steps in the same order.
      const typed: StoredEvent[] = [];
      let position: FeedPosition | undefined;
      for (let i = 0; i < 100; i++) {
        const read = await readEventsAfter(t.db, position, { directoryId: t.directoryId, types: ["user.created"] }, limit);
        typed.push(...read.events);
        position = read.next;
        if (!read.hasMore) break;
      }
      expect(names(typed)).toEqual(expected);
    }
    // Newest first, down the pages and back up.
    const down: StoredEvent[] = [];
    let before: StoredEvent | undefined;
    for (let i = 0; i < 100; i++) {
      const page = await readEventsNewestFirst(t.db, { directoryId: t.directoryId }, { before, limit: 4 });
      down.push(...page.events);
      before = page.events.at(-1);
      if (!page.hasMore) break;
    }
    expect(names(down)).toEqual([...expected].reverse());
    const up = await readEventsNewestFirst(t.db, { directoryId: t.directoryId }, { after: down.at(-1), limit: 4 });
    expect(names(up.events)).toEqual(expected.slice(1, 5).reverse());
  });

  it("refuses a cursor it did not issue, and one older than the retention", () => {
    expect(() => decodeFeedCursor("garbage")).toThrow(DirectoryError);
    expect(() => decodeFeedCursor(Buffer.from('[1,"x",1,1]').toString("base64url"))).toThrow(/not one this feed issued/);
    const position = { txid: "123", id: 45, at: 1_000_000 };
    expect(decodeFeedCursor(encodeFeedCursor(position))).toEqual(position);
    expect(() => checkRetention(position, 1_000_000 + 31 * 86_400, 30)).toThrow(/older than the 30-day event retention/);
    expect(() => checkRetention(position, 1_000_000 + 29 * 86_400, 30)).not.toThrow();
  });

  // Two connections are needed to hold one transaction open while another commits: the
  // embedded database has one.
  it.skipIf(!process.env.DATABASE_URL)(
    "never skips an event whose transaction commits after a later event was read",
    async () => {
      const t = await makeDirectory();
      const start = (await readEventsAfter(t.db, undefined, { directoryId: t.directoryId }, 1)).next;
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let wroteEarly: () => void = () => {};
      const early = new Promise<void>((resolve) => (wroteEarly = resolve));
      // The slow writer takes the lower event id, then waits before committing.
      const slow = t.db.transaction(async (tx) => {
        await directoryUsers(tx, t.ref).create(userInput({ userName: "slow@x.test" }));
        wroteEarly();
        await gate;
      });
      await early;
      await directoryUsers(t.db, t.ref).create(userInput({ userName: "fast@x.test" }));
      const firstRead = await readAll(t.db, t.directoryId, start, 7, { settle: false });
      const userNames = (es: StoredEvent[]) => es.map((e) => (e.type === "user.created" ? e.data.user.userName : ""));
      expect(userNames(firstRead.events)).not.toContain("slow@x.test");
      release();
      await slow;
      const secondRead = await readAll(t.db, t.directoryId, firstRead.next);
      expect([...userNames(firstRead.events), ...userNames(secondRead.events)].sort()).toEqual(["fast@x.test", "slow@x.test"]);
    },
  );

  it.skipIf(!process.env.DATABASE_URL)(
    "reads every event exactly once while many writers commit out of id order",
    async () => {
      const t = await makeDirectory();
      const users = directoryUsers(t.db, t.ref);
      const seen: number[] = [];
      let position: FeedPosition | undefined;
      let isWriting = true;
      const poller = (async () => {
        while (isWriting) {
          const read = await readEventsAfter(t.db, position, { directoryId: t.directoryId }, 5);
          seen.push(...read.events.map((e) => e.id));
          position = read.next;
          await new Promise((r) => setTimeout(r, 2));
        }
      })();
      // 12 writers, each creating users in transactions that sleep a random while before commit.
      await Promise.all(
        Array.from({ length: 12 }, (_, w) =>
          (async () => {
            for (let i = 0; i < 8; i++) {
              await t.db.transaction(async (tx) => {
                await directoryUsers(tx, t.ref).create(userInput({ userName: `w${w}-${i}@x.test` }));
                await new Promise((r) => setTimeout(r, Math.random() * 25));
              });
            }
          })(),
        ),
      );
      isWriting = false;
      await poller;
      const rest = await readAll(t.db, t.directoryId, position, 50);
      seen.push(...rest.events.map((e) => e.id));
      const all = (await readAll(t.db, t.directoryId, undefined, 500)).events.map((e) => e.id);
      expect(all).toHaveLength(96);
      expect(new Set(seen).size).toBe(seen.length);
      expect([...seen].sort((a, b) => a - b)).toEqual([...all].sort((a, b) => a - b));
      expect((await users.list({ startIndex: 1, count: 0 })).totalResults).toBe(96);
    },
    60_000,
  );
});

describe("the events reader's horizon", () => {
  // A transaction left open in another database of the same cluster (another application,
  // an idle psql session) must not hold this database's feed back.
  it.skipIf(!process.env.DATABASE_URL)("ignores transactions running in other databases", async () => {
    const { default: postgres } = await import("postgres");
    const base = new URL(process.env.DATABASE_URL!);
    const admin = postgres(base.toString(), { max: 1, onnotice: () => {} });
    const otherName = `roster_horizon_${Date.now()}_${Math.floor(Math.random() * 1000)}`;
    await admin.unsafe(`create database ${otherName}`);
    const otherUrl = new URL(base.toString());
    otherUrl.pathname = `/${otherName}`;
    const other = postgres(otherUrl.toString(), { max: 1, onnotice: () => {} });
    try {
      let release: () => void = () => {};
      const gate = new Promise<void>((resolve) => (release = resolve));
      let started: () => void = () => {};
      const isOpen = new Promise<void>((resolve) => (started = resolve));
      const open = other.begin(async (tx) => {
        await tx`create table held_open (x int)`;
        started();
        await gate;
      });
      await isOpen;
      const t = await makeDirectory();
      await directoryUsers(t.db, t.ref).create(userInput({ userName: "visible@x.test" }));
      const read = await readEventsAfter(t.db, undefined, { directoryId: t.directoryId }, 10);
      expect(read.events.map((e) => e.type)).toEqual(["user.created"]);
      release();
      await open;
    } finally {
      await other.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${otherName} with (force)`);
      await admin.end({ timeout: 5 });
    }
  });
});
