// GET /ResourceTypes/{id} — RFC 7644 §4
import { resourceTypeRoute } from "@/lib/scim-http/handler";

export const { GET } = resourceTypeRoute();
