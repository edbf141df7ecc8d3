// Integration tests: with DATABASE_URL, migrate that database once before the run;
// without it, each worker opens its own in-memory embedded database (see integration-setup).
import { migrateDatabase } from "@/db/migrate";

export default async function setup(): Promise<void> {
  if (process.env.DATABASE_URL) await migrateDatabase();
}
