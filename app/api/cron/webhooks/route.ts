// GET | POST /api/cron/webhooks — drains the webhook queue for a bounded time and runs the
// periodic maintenance, for serverless hosts (lib/webhooks/cron.ts). Vercel Cron sends GET
// with `Authorization: Bearer $CRON_SECRET`.
import { handleCron } from "@/lib/webhooks/cron";

// The drain stops claiming after 25 s and a request in flight takes at most the timeout.
export const maxDuration = 60;
export const dynamic = "force-dynamic";

export const GET = (request: Request) => handleCron(request);
export const POST = (request: Request) => handleCron(request);
