// Any other path under the SCIM base URL: an endpoint name in another case (`/users`,
// `/Users/.SEARCH`) is served by that endpoint (lib/scim-http/routes.ts); anything else is
// a SCIM 404 (after authentication, like every other answer), instead of the portal's HTML
// page, so a provider's log shows what it hit.
import { scimFallbackRoute } from "@/lib/scim-http/routes";

export const { GET, POST, PUT, PATCH, DELETE } = scimFallbackRoute();
