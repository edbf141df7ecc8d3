// What a membership change reads must not grow with the directory, whatever the planner
// believes about it. The case that found this: a new directory's initial sync. The
// statistics PostgreSQL last gathered do not know the directory, so it estimates one row
// for "the users of this directory" and is free to scan all of them once per member named
// (the benchmark's initial sync: 100 PATCHes of 100 members took 115 s at 5,000 users).
//
// PostgreSQL counts, per transaction, the rows each table and index handed out
// (pg_stat_get_xact_tuples_returned, for the table's sequential scans and for each index): the test makes a change inside a transaction and
// reads how many rows of directory_users it touched.
import { sql } from "drizzle-orm";
import { describe, expect, it, onTestFinished } from "vitest";
import { type Db, type Executor, queryRows } from "@/db/client";
import { directoryGroups } from "./groups";
import { directoryUsers } from "./users";
import { userFilterSql } from "@/db/filter-sql";
import { parseFilter } from "@/lib/scim/filter";
import { groupInput, makeDirectory, userInput } from "@/test/scim-helpers";

const DIRECTORY_USERS = 3000;
const BATCH = 50;

/** Rows of directory_users read so far in this transaction, by sequential and index scans. */
async function usersRowsRead(tx: Executor): Promise<number> {
  const [row] = await queryRows<{ n: number | null }>(
    tx,
    sql`select pg_stat_get_xact_tuples_returned('directory_users'::regclass)
             + (select coalesce(sum(pg_stat_get_xact_tuples_returned(i.indexrelid)), 0)
                from pg_index i where i.indrelid = 'directory_users'::regclass) as n`,
  );
  return Number(row?.n ?? 0);
}

async function hasTransactionStatistics(tx: Executor): Promise<boolean> {
  const rows = await queryRows(tx, sql`select 1 from pg_stat_xact_user_tables where relname = 'directory_users'`);
  return rows.length > 0;
}

/** A directory of DIRECTORY_USERS users that the planner's statistics have never seen. */
async function unseenDirectory() {
  const t = await makeDirectory("okta");
  // Statistics first, then the users: as for a customer whose directory was created after
  // the last ANALYZE and is being filled by its first sync.
  await queryRows(t.db, sql`analyze directory_users`);
  const ids = (
    await queryRows<{ id: string }>(
      t.db,
      sql`insert into directory_users (directory_id, user_name, active, data)
          select ${t.directoryId}::uuid, 'user' || i || '@example.com', true,
                 jsonb_build_object('userName', 'user' || i || '@example.com', 'active', true)
          from generate_series(1, ${DIRECTORY_USERS}) as i
          returning id`,
    )
  ).map((r) => r.id);
  return { ...t, ids };
}

/** Runs `work` in a transaction and answers how many rows of directory_users it read (undefined: not counted here). */
async function rowsReadBy(t: { db: Db }, work: (tx: Executor) => Promise<unknown>): Promise<number | undefined> {
  let read: number | undefined;
  await t.db.transaction(async (tx) => {
    if (!(await hasTransactionStatistics(tx))) return;
    const before = await usersRowsRead(tx);
    await work(tx);
    read = (await usersRowsRead(tx)) - before;
  });
  return read;
}

describe("a directory the statistics have not seen: reads and writes touch the rows they name", () => {
  it("adding and removing members (a group without roles, and one mapped to a role)", async () => {
    const t = await unseenDirectory();
    const plain = await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Plain" }));
    const mapped = await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Mapped" }));
    const roleKey = `cost-${crypto.randomUUID().slice(0, 8)}`;
    await queryRows(t.db, sql`insert into roles (key, name, position) values (${roleKey}, 'Cost test', 1000)`);
    onTestFinished(() => queryRows(t.db, sql`delete from roles where key = ${roleKey}`).then(() => undefined));
    await queryRows(t.db, sql`insert into role_mappings (directory_id, group_id, role_key) values (${t.directoryId}, ${mapped.id}, ${roleKey})`);

    const members = t.ids.slice(0, BATCH);
    for (const group of [plain, mapped]) {
      for (const kind of ["add", "remove"] as const) {
        let read = -1;
        let isMeasured = true;
        await t.db.transaction(async (tx) => {
          isMeasured = await hasTransactionStatistics(tx);
          const before = await usersRowsRead(tx);
          await directoryGroups(tx, t.ref).patch(group.id, (current) => ({
            input: { data: current.data, columns: { displayName: current.displayName, externalId: current.externalId } },
            membership: [{ kind, ids: members }],
            changed: true,
          }));
          read = (await usersRowsRead(tx)) - before;
        });
        // Every member is found by its key, a few times over (the check, the insert, the
        // events): a handful of rows per member, nowhere near the directory's 3,000.
        if (isMeasured) expect(read, `${kind} on ${group.displayName}`).toBeLessThanOrEqual(BATCH * 8);
      }
    }
    const [counts] = await queryRows<{ plain: number; mapped: number }>(
      t.db,
      sql`select (select member_count from directory_groups where id = ${plain.id}) as plain,
                 (select member_count from directory_groups where id = ${mapped.id}) as mapped`,
    );
    expect(counts).toEqual({ plain: 0, mapped: 0 });
  });

  it("reading the members' users after the change (their events) as well", async () => {
    const t = await unseenDirectory();
    const group = await directoryGroups(t.db, t.ref).create(groupInput({ displayName: "Readers" }));
    await t.db.transaction(async (tx) => {
      if (!(await hasTransactionStatistics(tx))) return;
      const before = await usersRowsRead(tx);
      await directoryGroups(tx, t.ref).patch(group.id, (current) => ({
        input: { data: current.data, columns: { displayName: current.displayName, externalId: current.externalId } },
        membership: [{ kind: "replace", ids: t.ids.slice(0, BATCH) }],
        changed: true,
      }));
      expect((await usersRowsRead(tx)) - before).toBeLessThanOrEqual(BATCH * 8);
    });
    expect((await directoryUsers(t.db, t.ref).get(t.ids[0]!))?.groups.map((g) => g.displayName)).toEqual(["Readers"]);
  });

  it("a user's reads and writes: by id, by userName, PUT, deactivation", async () => {
    const t = await unseenDirectory();
    const id = t.ids[1234]!;
    const cases: [string, (tx: Executor) => Promise<unknown>][] = [
      ["get by id", (tx) => directoryUsers(tx, t.ref).get(id)],
      [
        "userName eq",
        (tx) =>
          directoryUsers(tx, t.ref).list({ where: userFilterSql(parseFilter('userName eq "user1235@example.com"')), startIndex: 1, count: 10 }),
      ],
      ["replace", (tx) => directoryUsers(tx, t.ref).replace(id, userInput({ userName: "user1235@example.com", title: "Engineer" }))],
      ["deactivate", (tx) => directoryUsers(tx, t.ref).replace(id, userInput({ userName: "user1235@example.com", active: false }))],
    ];
    for (const [label, work] of cases) {
      const read = await rowsReadBy(t, work);
      // (Pages are left out: a full page reports totalResults, a count of the directory.)
      if (read !== undefined) expect(read, label).toBeLessThanOrEqual(20);
    }
  });
});
