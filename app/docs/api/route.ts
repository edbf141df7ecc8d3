// GET /docs/api — the readable API reference (Scalar) over /api/v1/openapi.json. Public, like
// the document: it describes the API and shows no data.
import { referencePageHtml } from "@/lib/api/reference-page";

export function GET(): Response {
  return new Response(referencePageHtml(), {
    headers: { "content-type": "text/html; charset=utf-8", "cache-control": "public, max-age=300" },
  });
}
