// GET /api/health — 200 when the database answers, 503 otherwise (load balancers, uptime checks).
import { sql } from "drizzle-orm";
import { getDbHandle } from "@/db/client";

export const dynamic = "force-dynamic";

export async function GET(): Promise<Response> {
  const started = performance.now();
  try {
    const handle = await getDbHandle();
    await handle.db.execute(sql`select 1`);
    return Response.json(
      { status: "ok", database: handle.kind, latencyMs: Math.round(performance.now() - started) },
      { headers: { "cache-control": "no-store" } },
    );
  } catch (error) {
    console.error("health check: database unavailable", error instanceof Error ? error.message : error);
    return Response.json(
      { status: "unavailable", error: "The database did not answer." },
      { status: 503, headers: { "cache-control": "no-store" } },
    );
  }
}
