// A PostgreSQL database of a test's own, on the server of DATABASE_URL, migrated, for tests
// whose server processes run the webhook worker: a worker delivers every endpoint's
// deliveries of its database, so on the shared test database it would also send (with its
// own retry policy) the deliveries of lib/webhooks/webhooks.int.test.ts running meanwhile.
import type { Db } from "@/db/client";
import { migrationsFolder } from "@/db/client";
import * as schema from "@/db/schema";

export type OwnDatabase = { url: string; db: Db; drop(): Promise<void> };

export async function createOwnDatabase(label: string): Promise<OwnDatabase> {
  const { default: postgres } = await import("postgres");
  const { drizzle } = await import("drizzle-orm/postgres-js");
  const { migrate } = await import("drizzle-orm/postgres-js/migrator");
  const base = process.env.DATABASE_URL;
  if (!base) throw new Error("createOwnDatabase needs DATABASE_URL");
  const name = `roster_${label}_${Date.now()}_${Math.floor(Math.random() * 1e6)}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const client = postgres(url.toString(), { max: 4, onnotice: () => {} });
  await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
  return {
    url: url.toString(),
    db: drizzle(client, { schema }) as unknown as Db,
    async drop() {
      await client.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end({ timeout: 5 });
    },
  };
}
