// GET /Groups (list, RFC 7644 §3.4.2) | POST /Groups (create, §3.3)
import { scimCollectionRoute } from "@/lib/scim-http/handler";

export const { GET, POST } = scimCollectionRoute("Group");
