// GET /docs/api/reference.js — Scalar's browser bundle from node_modules (no CDN).
import { referenceScript } from "@/lib/api/reference-page";

export async function GET(): Promise<Response> {
  return new Response(await referenceScript(), {
    headers: { "content-type": "text/javascript; charset=utf-8", "cache-control": "public, max-age=86400" },
  });
}
