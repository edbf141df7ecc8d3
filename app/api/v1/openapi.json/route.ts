// GET /api/v1/openapi.json — the OpenAPI 3.1 document, generated from the routes' own schemas
import { buildOpenApiDocument } from "@/lib/api/openapi";
import { apiRoute } from "@/lib/api/route";
import { docsOperations as ops } from "@/lib/api/schemas/docs";

let document: Record<string, unknown> | undefined;

export const GET = apiRoute(ops.openapi, () => {
  // The document depends only on the code: build it once per process.
  document ??= buildOpenApiDocument();
  return Promise.resolve(document);
});
