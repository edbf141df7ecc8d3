// GET | PUT | PATCH | DELETE /Groups/{id} — RFC 7644 §3.4.1, §3.5, §3.6
import { scimItemRoute } from "@/lib/scim-http/handler";
import { scimItemPostRoute } from "@/lib/scim-http/routes";

export const { GET, PUT, PATCH, DELETE } = scimItemRoute("Group");
// POST /Groups/.SEARCH (a .search in another case reaches this folder): the search.
export const POST = scimItemPostRoute("Group");
