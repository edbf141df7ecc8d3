// /api/cron/webhooks: for hosts without a long-running server process (Vercel and other
// serverless platforms run plain `next start` or functions, and nothing runs between
// requests). A scheduled request drains the webhook queue for a bounded time and runs the
// periodic maintenance (event retention, silent-provider checks). Authenticated with
// CRON_SECRET as `Authorization: Bearer …`, which is what Vercel Cron sends.
import { getDb } from "@/db/client";
import { bearerToken } from "@/lib/auth/bearer";
import { hashSecret, hashesEqual } from "@/lib/auth/secret";
import { env } from "@/lib/env";
import { runMaintenance } from "@/lib/maintenance";
import { WebhookWorker, workerOptionsFromEnv } from "./worker";

/** How long one cron request delivers before it stops claiming (then finishes what is in flight). */
export const CRON_DRAIN_MS = 25_000;

export async function handleCron(request: Request, budgetMs = CRON_DRAIN_MS): Promise<Response> {
  const expected = env().cronSecret;
  if (!expected) {
    return Response.json(
      { error: { code: "not_configured", message: "Set CRON_SECRET to enable /api/cron/webhooks." } },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
  const presented = bearerToken(request.headers.get("authorization"));
  // Both sides hashed first: the comparison is constant-time whatever the lengths.
  if (!presented || !hashesEqual(hashSecret(expected), hashSecret(presented))) {
    return Response.json(
      { error: { code: "unauthorized", message: "Send CRON_SECRET as a Bearer token." } },
      { status: 401, headers: { "cache-control": "no-store", "www-authenticate": 'Bearer realm="Roster cron"' } },
    );
  }
  const started = Date.now();
  const db = await getDb();
  const worker = new WebhookWorker(db, workerOptionsFromEnv());
  const stats = await worker.drain(budgetMs);
  const maintenance = await runMaintenance();
  return Response.json(
    { webhooks: stats, silentDirectories: maintenance.silent.length, durationMs: Date.now() - started },
    { headers: { "cache-control": "no-store" } },
  );
}
