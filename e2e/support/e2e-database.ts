// Where one Playwright run keeps its data: a database of its own on the DATABASE_URL server,
// else an embedded database in a temporary folder. Named after ROSTER_E2E_RUN, which
// playwright.config.ts sets once for the server, the workers and the teardown.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

function run(): string {
  return process.env.ROSTER_E2E_RUN ?? "manual";
}

export function e2eDatabaseName(): string {
  return `roster_e2e_${run()}`.replace(/[^a-z0-9_]/gi, "_").toLowerCase();
}

export function e2eDataDir(): string {
  return path.join(os.tmpdir(), `roster-e2e-${run()}`);
}

export async function onAdminConnection(baseUrl: string, statement: string): Promise<void> {
  const { default: postgres } = await import("postgres");
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  try {
    await admin.unsafe(statement);
  } finally {
    await admin.end({ timeout: 5 });
  }
}

/** Creates the run's database and answers its URL. */
export async function createE2eDatabase(baseUrl: string): Promise<string> {
  await onAdminConnection(baseUrl, `create database "${e2eDatabaseName()}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${e2eDatabaseName()}`;
  return url.toString();
}

/**
 * Runs one statement on the run's PostgreSQL database, as the server sees it (specs that
 * must make time pass, e2e/portal/silent-provider.spec.ts). False (and nothing run) on the embedded
 * database, which only the server process may open.
 */
export async function onE2eDatabase(statement: string): Promise<boolean> {
  const base = process.env.DATABASE_URL;
  if (!base) return false;
  const url = new URL(base);
  url.pathname = `/${e2eDatabaseName()}`;
  await onAdminConnection(url.toString(), statement);
  return true;
}

/** Removes the run's data (the server may still hold connections: they are ended). */
export async function removeE2eData(baseUrl: string | undefined): Promise<void> {
  if (baseUrl) await onAdminConnection(baseUrl, `drop database if exists "${e2eDatabaseName()}" with (force)`);
  else await fs.promises.rm(e2eDataDir(), { recursive: true, force: true });
}
