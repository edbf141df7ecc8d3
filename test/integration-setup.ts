import { afterAll } from "vitest";
import { closeDb } from "@/db/client";

// Without DATABASE_URL every test file gets a fresh in-memory embedded database
// (migrated when opened); with it, tests share the database and isolate themselves by
// creating their own organization and directory.
if (!process.env.DATABASE_URL) process.env.ROSTER_DATA_DIR = "memory://";
// Webhook signing secrets are encrypted with a key derived from it (lib/webhooks/secret-box.ts).
process.env.AUTH_SECRET ??= "integration-tests-auth-secret-not-for-production";
// Route handlers called without a server share one client IP ("unknown") across every test
// file of a run, and many tests send bad tokens on purpose: the failure throttle would make
// them depend on each other. lib/auth/rate-limit.int.test.ts sets its own small limits.
process.env.ROSTER_AUTH_FAILURE_LIMIT ??= "0";

afterAll(async () => {
  await closeDb();
});
