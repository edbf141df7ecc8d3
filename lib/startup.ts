import { getDb } from "@/db/client";
import { ensureBootstrapApiKey } from "@/lib/auth/api-key";
import { seedOperatorFromEnv } from "@/lib/auth/operators";
import { env } from "@/lib/env";
import { startMaintenance } from "@/lib/maintenance";

export async function onServerStart(): Promise<void> {
  const config = env();
  try {
    const db = await getDb();
    await seedOperatorFromEnv(db, config.adminEmail, config.adminPassword);
    await ensureBootstrapApiKey(db, config.bootstrapApiKey);
  } catch (error) {
    // The server still starts: /api/health reports the database, and the next request retries.
    console.error("Roster start-up: database not ready:", error instanceof Error ? error.message : error);
  }
  startMaintenance();
}
