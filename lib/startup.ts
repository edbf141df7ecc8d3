import { getDb } from "@/db/client";
import { ensureBootstrapApiKey } from "@/lib/auth/api-key";
import { seedOperatorFromEnv } from "@/lib/auth/operators";
import { env } from "@/lib/env";
import { startMaintenance } from "@/lib/maintenance";
import { startWebhookWorker } from "@/lib/webhooks/worker";

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
  if (config.webhooks.isWorkerEnabled) {
    // Delivery waits for the database like everything else: a failed start is retried.
    void startWorkerWhenReady();
  }
}

async function startWorkerWhenReady(attempt = 0): Promise<void> {
  try {
    await startWebhookWorker(await getDb());
  } catch (error) {
    console.error("Roster start-up: webhook worker not started:", error instanceof Error ? error.message : error);
    setTimeout(() => void startWorkerWhenReady(attempt + 1), Math.min(30_000, 1000 * 2 ** attempt)).unref();
  }
}
