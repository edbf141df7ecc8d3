// The server Playwright tests run against: a production build, on a database of its own —
// a new database on the DATABASE_URL server when one is set, else a new embedded one.
import fs from "node:fs";
import { createE2eDatabase, e2eDataDir } from "../e2e/support/e2e-database";

const port = process.env.ROSTER_E2E_PORT ?? "3100";

async function main(): Promise<void> {
  // e2e/support/global-teardown.ts removes this run's data at the end.
  if (process.env.DATABASE_URL) {
    process.env.DATABASE_URL = await createE2eDatabase(process.env.DATABASE_URL);
  } else {
    fs.rmSync(e2eDataDir(), { recursive: true, force: true });
    process.env.ROSTER_DATA_DIR = e2eDataDir();
  }
  process.env.AUTH_SECRET ??= "e2e-auth-secret-not-for-production-use-0123456789";
  // The webhook specs' receivers listen on 127.0.0.1, and wait for retries in seconds.
  process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE ??= "true";
  process.env.ROSTER_WEBHOOK_RETRY_SCHEDULE ??= "1,2,5";
  process.env.ROSTER_BOOTSTRAP_API_KEY = process.env.ROSTER_E2E_API_KEY;
  // e2e/portal/silent-provider.spec.ts runs the maintenance pass through the cron route.
  if (process.env.ROSTER_E2E_CRON_SECRET) process.env.CRON_SECRET = process.env.ROSTER_E2E_CRON_SECRET;
  process.env.APP_URL = `http://127.0.0.1:${port}`;
  process.env.AUTH_URL = `http://127.0.0.1:${port}`;
  // e2e/customer/embed.spec.ts frames the portal from this origin (and is refused from others).
  process.env.ROSTER_PORTAL_FRAME_ANCESTORS = `http://localhost:${process.env.ROSTER_E2E_EMBED_PORT ?? Number(port) + 50}`;
  process.env.ROSTER_APP_NAME ??= "Hero SaaS";
  // Every spec calls from 127.0.0.1, and several send bad tokens and passwords on purpose:
  // one shared failure budget would make specs depend on each other's order.
  process.env.ROSTER_AUTH_FAILURE_LIMIT ??= "10000";
  // "Sign in with your identity provider" against e2e/support/mock-oidc.ts.
  const { MOCK_OIDC } = await import("../e2e/support/mock-oidc");
  process.env.ROSTER_OIDC_ISSUER = `http://127.0.0.1:${MOCK_OIDC.port}`;
  process.env.ROSTER_OIDC_CLIENT_ID = MOCK_OIDC.clientId;
  process.env.ROSTER_OIDC_CLIENT_SECRET = MOCK_OIDC.clientSecret;
  process.env.ROSTER_OIDC_NAME = "Mock IdP";
  process.env.ROSTER_OIDC_ALLOWED_DOMAINS = MOCK_OIDC.allowedDomain;
  // Imported after the environment above is final: lib/env reads it once.
  const { buildIfNeeded, serveProduction } = await import("./start");
  const { migrateDatabase } = await import("@/db/migrate");
  await migrateDatabase();
  buildIfNeeded();
  await serveProduction({ port: Number(port), hostname: "127.0.0.1", authSecret: process.env.AUTH_SECRET });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
