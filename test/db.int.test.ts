import { describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { getDbHandle, queryRows } from "@/db/client";
import { organizations } from "@/db/schema";

describe("database client", () => {
  it("is migrated and answers queries", async () => {
    const { db } = await getDbHandle();
    const slug = `t-${crypto.randomUUID()}`;
    const [org] = await db.insert(organizations).values({ name: "Test", slug }).returning();
    expect(org?.slug).toBe(slug);
    const rows = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from organizations where slug = ${slug}`);
    expect(rows[0]?.n).toBe(1);
  });

  it("delivers NOTIFY to listeners", async () => {
    const handle = await getDbHandle();
    const channel = "roster_test_channel";
    let resolveGot: (payload: string) => void = () => {};
    const got = new Promise<string>((resolve) => (resolveGot = resolve));
    const unlisten = await handle.listen(channel, (payload) => resolveGot(payload));
    await handle.db.execute(sql`select pg_notify(${channel}, 'hello')`);
    await expect(got).resolves.toBe("hello");
    await unlisten();
  });
});
