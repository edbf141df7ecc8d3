// Any other path under the SCIM base URL: a SCIM 404 (after authentication, like every
// other answer), instead of the portal's HTML page, so a provider's log shows what it hit.
import { scimNotFoundRoute } from "@/lib/scim-http/handler";

export const { GET, POST, PUT, PATCH, DELETE } = scimNotFoundRoute();
