// GET /ResourceTypes — RFC 7644 §4, RFC 7643 §6
import { resourceTypesRoute } from "@/lib/scim-http/handler";

export const { GET } = resourceTypesRoute();
