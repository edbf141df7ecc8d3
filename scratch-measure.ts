import { sql } from "drizzle-orm";
import { getDb, closeDb } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-key";
import { apiClient } from "@/test/api-client";
import { createDirectory } from "@/lib/directory/directories";
import { organizations } from "@/db/schema";

const db = await getDb();
const [org] = await db.insert(organizations).values({ name: "Measure", slug: `m-${crypto.randomUUID()}` }).returning();
const { directory } = await createDirectory(db, org!.id, { provider: "okta" });
const N = 100_000;
await db.execute(sql`insert into directory_users (directory_id, user_name, given_name, family_name, primary_email, display_name, data, created_at)
  select ${directory.id}::uuid, 'user' || i || '@example.com', 'Given' || i, 'Family' || i, 'user' || i || '@example.com', 'User ' || i,
         jsonb_build_object('userName', 'user' || i || '@example.com'), now() - (i || ' seconds')::interval
  from generate_series(1, ${N}) i`);
await db.execute(sql`insert into directory_groups (directory_id, display_name, data) values (${directory.id}::uuid, 'Big', '{}'::jsonb)`);
await db.execute(sql`insert into group_members (directory_id, group_id, user_id)
  select u.directory_id, g.id, u.id from directory_users u join directory_groups g on g.directory_id = u.directory_id
  where u.directory_id = ${directory.id}::uuid and g.display_name = 'Big' and random() < 0.5`);
await db.execute(sql`update directory_groups set member_count = (select count(*) from group_members where group_id = directory_groups.id) where directory_id = ${directory.id}::uuid`);
await db.execute(sql`analyze directory_users; analyze group_members; analyze directory_groups`);
const key = await createApiKey(db, "measure");
const api = apiClient(key.key);
const [g] = await db.execute<{ id: string }>(sql`select id from directory_groups where directory_id = ${directory.id}::uuid`) as unknown as { id: string }[];
async function time(label: string, url: string, reps = 20) {
  await api("GET", url);
  const t = performance.now();
  let r;
  for (let i = 0; i < reps; i++) r = await api("GET", url);
  console.log(label, ((performance.now() - t) / reps).toFixed(1), "ms", r!.status);
  return r!;
}
const base = `/api/v1/directories/${directory.id}/users`;
let page = await time("users first page (100)", `${base}?limit=100`);
// walk 500 pages deep with cursors
let after = page.body.nextCursor;
for (let i = 0; i < 500; i++) { page = await api("GET", `${base}?limit=100&after=${after}`); after = page.body.nextCursor; }
await time("users page ~50,000 deep (cursor)", `${base}?limit=100&after=${after}`);
await time("users q=given4242", `${base}?q=given4242`);
await time("users groupId (50% of 100k)", `${base}?groupId=${g!.id}&limit=100`);
await time("users active=false (none)", `${base}?active=false&limit=100`);
await time("org users first page", `/api/v1/organizations/${org!.id}/users?limit=100`);
let m = await time("members first page", `/api/v1/directories/${directory.id}/groups/${g!.id}/members?limit=100`);
let ma = m.body.nextCursor; for (let i = 0; i < 300; i++) { m = await api("GET", `/api/v1/directories/${directory.id}/groups/${g!.id}/members?limit=100&after=${ma}`); ma = m.body.nextCursor; }
await time("members page ~30,000 deep", `/api/v1/directories/${directory.id}/groups/${g!.id}/members?limit=100&after=${ma}`);
await time("directory get (counts)", `/api/v1/directories/${directory.id}`);
await db.execute(sql`delete from organizations where id = ${org!.id}::uuid`);
await closeDb();
