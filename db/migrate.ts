// `npm run db:migrate`: applies the committed migrations to DATABASE_URL, or to the
// embedded database (which also migrates itself whenever it is opened).
import { closeDb, getDbHandle, migrationsFolder } from "./client";
import { env } from "@/lib/env";

export async function migrateDatabase(): Promise<void> {
  const { databaseUrl } = env();
  if (databaseUrl) {
    const { default: postgres } = await import("postgres");
    const { drizzle } = await import("drizzle-orm/postgres-js");
    const { migrate } = await import("drizzle-orm/postgres-js/migrator");
    const client = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    try {
      await migrate(drizzle(client), { migrationsFolder: migrationsFolder() });
    } finally {
      await client.end({ timeout: 5 });
    }
  } else {
    await getDbHandle();
    await closeDb();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  migrateDatabase()
    .then(() => {
      console.log(`Migrations applied (${env().databaseUrl ? "DATABASE_URL" : env().dataDir}).`);
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
