// GET /Schemas/{id} (a schema URN) — RFC 7644 §4
import { schemaRoute } from "@/lib/scim-http/handler";

export const { GET } = schemaRoute();
