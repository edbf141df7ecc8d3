// POST /api/v1/organizations/{orgId}/portal-links {returnUrl?, expiresInSeconds?, intent?}
//   → 201 {id, url, expiresAt}. The SaaS backend calls this when its customer's admin clicks
//   "Set up SCIM" and sends the admin to `url` (a redirect or an iframe's src). The URL
//   opens once and expires unopened after expiresInSeconds (default 300, 1–604800).
import { organizationOr404 } from "@/lib/api/resources";
import { apiRoute } from "@/lib/api/route";
import { portalLinkOperations as ops } from "@/lib/api/schemas/portal-links";
import { createPortalLink, portalLinkUrl } from "@/lib/auth/portal-access";

export const POST = apiRoute(ops.create, async ({ db, apiKeyId, origin, params, body }) => {
  const org = await organizationOr404(db, params.orgId);
  const link = await createPortalLink(db, { organizationId: org.id, ...body, actor: { type: "api_key", id: apiKeyId } });
  return { id: link.id, url: portalLinkUrl(link.token, origin), expiresAt: link.expiresAt.toISOString() };
});
