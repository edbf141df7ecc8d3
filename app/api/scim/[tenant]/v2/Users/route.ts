// GET /Users (list, RFC 7644 §3.4.2) | POST /Users (create, §3.3)
import { scimCollectionRoute } from "@/lib/scim-http/handler";

export const { GET, POST } = scimCollectionRoute("User");
