// The server Playwright tests run against: a production build, on a database of its own —
// a new database on the DATABASE_URL server when one is set, else a new embedded one.
import os from "node:os";
import path from "node:path";
import fs from "node:fs";

const run = process.env.ROSTER_E2E_RUN ?? String(Date.now());
const port = process.env.ROSTER_E2E_PORT ?? "3100";

const e2eDatabaseName = `roster_e2e_${run}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();

async function onAdminConnection(base: string, statement: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

async function freshDatabaseUrl(base: string): Promise<string> {
  await onAdminConnection(base, `create database "${e2eDatabaseName}"`);
  const url = new URL(base);
  url.pathname = `/${e2eDatabaseName}`;
  return url.toString();
}

async function main(): Promise<void> {
  // The run's database goes when Playwright stops the server.
  let cleanUp: () => Promise<void>;
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    process.env.DATABASE_URL = await freshDatabaseUrl(baseUrl);
    cleanUp = () => onAdminConnection(baseUrl, `drop database if exists "${e2eDatabaseName}" with (force)`);
  } else {
    const dir = path.join(os.tmpdir(), `roster-e2e-${run}`);
    fs.rmSync(dir, { recursive: true, force: true });
    process.env.ROSTER_DATA_DIR = dir;
    cleanUp = () => fs.promises.rm(dir, { recursive: true, force: true });
  }
  process.env.AUTH_SECRET ??= "e2e-auth-secret-not-for-production-use-0123456789";
  process.env.ROSTER_BOOTSTRAP_API_KEY = process.env.ROSTER_E2E_API_KEY;
  process.env.APP_URL = `http://127.0.0.1:${port}`;
  process.env.AUTH_URL = `http://127.0.0.1:${port}`;
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
  await serveProduction({ port: Number(port), hostname: "127.0.0.1", authSecret: process.env.AUTH_SECRET, onShutdown: cleanUp });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
