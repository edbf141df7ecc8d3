import { describe, expect, it } from "vitest";
import { desc, sql } from "drizzle-orm";
import { directoryUsers as usersTable } from "@/db/schema";
import { makeDirectory } from "@/test/scim-helpers";
import { directoryUsers } from "./users";

// Pages past startIndex 1000 are found by id first; they must be the same pages as the
// shallow path would return, in every order.
describe("deep startIndex pages", () => {
  it("return the same rows, in the same order, as the ordered list", async () => {
    const t = await makeDirectory();
    const size = 1234;
    // Distinct created_at values, and userNames whose order differs from creation order.
    await t.db.execute(sql`
      insert into directory_users (directory_id, user_name, data, created_at)
      select ${t.directoryId}::uuid, 'u' || lpad(((n * 7919) % ${size})::text, 5, '0') || '@example.com',
             jsonb_build_object('userName', 'u' || lpad(((n * 7919) % ${size})::text, 5, '0') || '@example.com'),
             timestamptz '2026-01-01' + n * interval '1 second'
      from generate_series(1, ${size}) as n`);
    const store = directoryUsers(t.db, t.ref);

    const all = await store.list({ startIndex: 1, count: size, withGroups: false });
    expect(all.rows).toHaveLength(size);
    const deep = await store.list({ startIndex: 1101, count: 100, withGroups: false });
    expect(deep.rows.map((r) => r.id)).toEqual(all.rows.slice(1100, 1200).map((r) => r.id));
    expect(deep.keys.map((k) => k.id)).toEqual(deep.rows.map((r) => r.id));
    expect(deep.totalResults).toBe(size);

    const last = await store.list({ startIndex: 1201, count: 100, withGroups: false });
    expect(last.rows.map((r) => r.id)).toEqual(all.rows.slice(1200).map((r) => r.id));
    expect(last.totalResults).toBe(size);

    const past = await store.list({ startIndex: 5000, count: 100, withGroups: false });
    expect(past.rows).toEqual([]);
    expect(past.totalResults).toBe(size);

    // A filtered deep page, found from the end of the filtered rows (the second half).
    const where = sql`${usersTable.userName} < 'u01200'`;
    const allFiltered = await store.list({ startIndex: 1, count: size, where, withGroups: false });
    expect(allFiltered.rows.length).toBe(1200);
    const deepFiltered = await store.list({ startIndex: 1051, count: 100, where, withGroups: false });
    expect(deepFiltered.rows.map((r) => r.id)).toEqual(allFiltered.rows.slice(1050, 1150).map((r) => r.id));
    expect(deepFiltered.totalResults).toBe(1200);
    const tailFiltered = await store.list({ startIndex: 1151, count: 100, where, withGroups: false });
    expect(tailFiltered.rows.map((r) => r.id)).toEqual(allFiltered.rows.slice(1150).map((r) => r.id));

    const byName = [desc(usersTable.userName)];
    const allByName = await store.list({ startIndex: 1, count: size, orderBy: byName, withGroups: false });
    const deepByName = await store.list({ startIndex: 1001, count: 50, orderBy: byName, withGroups: false });
    expect(deepByName.rows.map((r) => r.userName)).toEqual(allByName.rows.slice(1000, 1050).map((r) => r.userName));
    expect(deepByName.rows[0]?.userName).toBe(allByName.rows[1000]?.userName);
  }, 60_000);
});
