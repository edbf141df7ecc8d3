// `npm start`: everything a fresh clone needs to serve the product — a signing secret,
// migrations, a production build when the sources changed — then `next start`.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { migrateDatabase } from "@/db/migrate";

const ROOT = process.cwd();

/** Next's own entry point, run with this Node: no npx/sh layers between signals and the server. */
export function nextBin(): string {
  return path.join(ROOT, "node_modules", "next", "dist", "bin", "next");
}
const SOURCES = ["app", "lib", "db", "proxy.ts", "instrumentation.ts", "next.config.ts", "package-lock.json", "postcss.config.mjs"];

function newestMtime(target: string): number {
  const full = path.join(ROOT, target);
  if (!fs.existsSync(full)) return 0;
  const stat = fs.statSync(full);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(full)) newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

/** Where the build lives: `.next`, or `.next-bench` for the benchmark's build (next.config.ts). */
export function buildDir(): string {
  return path.join(ROOT, process.env.ROSTER_BENCH_BUILD === "1" ? ".next-bench" : ".next");
}

export function isBuildStale(): boolean {
  const buildId = path.join(buildDir(), "BUILD_ID");
  if (!fs.existsSync(buildId)) return true;
  const built = fs.statSync(buildId).mtimeMs;
  return SOURCES.some((s) => newestMtime(s) > built);
}

/** AUTH_SECRET from the environment, or one generated once and kept in the data folder. */
export function ensureAuthSecret(): string {
  const config = env();
  if (config.authSecret) return config.authSecret;
  if (config.databaseUrl && config.isProduction) {
    console.warn("AUTH_SECRET is not set: using a secret kept in the data folder. Set it when running several instances.");
  }
  const dir = config.dataDir === "memory://" ? path.join(ROOT, ".data") : config.dataDir;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, "auth-secret");
  if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("base64url"), { mode: 0o600 });
  return fs.readFileSync(file, "utf8").trim();
}

export function buildIfNeeded(): void {
  if (!isBuildStale()) return;
  console.log("Building Roster (first start or changed sources)…");
  const result = spawnSync(process.execPath, [nextBin(), "build"], { stdio: "inherit", env: process.env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function main(): Promise<void> {
  const config = env();
  const authSecret = ensureAuthSecret();
  await migrateDatabase();
  buildIfNeeded();
  const where = config.databaseUrl ? "PostgreSQL (DATABASE_URL)" : `the embedded database in ${config.dataDir}`;
  console.log(`Roster on http://${config.hostname === "0.0.0.0" ? "localhost" : config.hostname}:${config.port} using ${where}`);
  await serveProduction({ port: config.port, hostname: config.hostname, authSecret });
}

/**
 * Serves the production build in this process through lib/scim-http/node-server (Next's
 * request handler behind a plain Node server, so PingOne's "…/v2//Users" reaches the SCIM
 * routes instead of Next's 308 redirect).
 */
export async function serveProduction(options: {
  port: number;
  hostname: string;
  authSecret: string;
}): Promise<void> {
  process.env.AUTH_SECRET = options.authSecret;
  (process.env as Record<string, string>).NODE_ENV = "production";
  const { serveNext } = await import("@/lib/scim-http/node-server");
  const server = await serveNext({ port: options.port, hostname: options.hostname });
  console.log(`Ready on http://${options.hostname}:${options.port}`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      server.close();
      // The webhook worker first: it finishes (or abandons, bounded by the timeout) the
      // requests in flight while the database is still open; what it abandons is retried.
      void import("@/lib/webhooks/worker")
        .then(({ stopWebhookWorker }) => stopWebhookWorker())
        .then(() => import("@/db/client"))
        .then(({ closeDb }) => closeDb())
        .catch((error: unknown) => console.error("Shutdown:", error instanceof Error ? error.message : error))
        .finally(() => process.exit(0));
    });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
