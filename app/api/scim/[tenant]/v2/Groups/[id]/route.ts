// GET | PUT | PATCH | DELETE /Groups/{id} — RFC 7644 §3.4.1, §3.5, §3.6
import { scimItemRoute } from "@/lib/scim-http/handler";

export const { GET, PUT, PATCH, DELETE } = scimItemRoute("Group");
