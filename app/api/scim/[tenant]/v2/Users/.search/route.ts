// POST /Users/.search — RFC 7644 §3.4.3
import { scimSearchRoute } from "@/lib/scim-http/handler";

export const { POST } = scimSearchRoute("User");
