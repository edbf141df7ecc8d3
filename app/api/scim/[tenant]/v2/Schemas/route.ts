// GET /Schemas — RFC 7644 §4, RFC 7643 §7
import { schemasRoute } from "@/lib/scim-http/handler";

export const { GET } = schemasRoute();
