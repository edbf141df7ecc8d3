// POST /api/v1/organizations/{orgId}/portal-links {returnUrl?, expiresInSeconds?, intent?}
//   → 201 {id, url, expiresAt}. The SaaS backend calls this when its customer's admin clicks
//   "Set up SCIM" and sends the admin to `url` (a redirect or an iframe's src). The URL
//   opens once and expires unopened after expiresInSeconds (default 300, 1–604800).
import { z } from "zod";
import { PORTAL_INTENTS } from "@/db/schema";
import { ApiError, apiHandler, jsonBody } from "@/lib/api/http";
import { LINK_LIFETIME, createPortalLink, portalLinkUrl } from "@/lib/auth/portal-access";
import { getOrganizationById } from "@/lib/directory/organizations";

const inputSchema = z.strictObject({
  returnUrl: z.url({ protocol: /^https?$/, error: "returnUrl must be an http(s) URL." }).max(2000).optional(),
  expiresInSeconds: z
    .number()
    .int()
    .min(LINK_LIFETIME.minSeconds)
    .max(LINK_LIFETIME.maxSeconds, `expiresInSeconds is at most ${LINK_LIFETIME.maxSeconds} (7 days).`)
    .optional(),
  intent: z.enum(PORTAL_INTENTS).optional(),
});

export const POST = apiHandler<{ orgId: string }>(async (request, { db, apiKeyId, origin }, { orgId }) => {
  const org = await getOrganizationById(db, orgId);
  if (!org) throw new ApiError(404, "not_found", "No organization with that id.");
  // No body at all means "all defaults"; a body must be valid.
  const input = request.body ? await jsonBody(request, inputSchema) : {};
  const link = await createPortalLink(db, { organizationId: org.id, ...input, actor: { type: "api_key", id: apiKeyId } });
  return Response.json(
    { id: link.id, url: portalLinkUrl(link.token, origin), expiresAt: link.expiresAt.toISOString() },
    { status: 201, headers: { "cache-control": "no-store" } },
  );
});
