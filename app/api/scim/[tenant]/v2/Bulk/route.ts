// POST /Bulk — RFC 7644 §3.7
import { scimBulkRoute } from "@/lib/scim-http/handler";

export const { POST } = scimBulkRoute();
