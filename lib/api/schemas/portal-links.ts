// Portal links: a short-lived, single-use URL that opens one organization's Admin Portal for
// that customer's IT admin (lib/auth/portal-access.ts).
import { z } from "zod";
import { PORTAL_INTENTS } from "@/db/schema";
import { LINK_LIFETIME } from "@/lib/auth/portal-access";
import { defineOperation } from "../operation";
import { pathId, timestamp } from "./common";

export const PortalLinkInput = z
  .strictObject({
    returnUrl: z
      .url({ protocol: /^https?$/, error: "returnUrl must be an http(s) URL." })
      .max(2000)
      .optional()
      .meta({ description: "Where the portal's back link leads (your application's page)." }),
    expiresInSeconds: z
      .number()
      .int()
      .min(LINK_LIFETIME.minSeconds)
      .max(LINK_LIFETIME.maxSeconds, `expiresInSeconds is at most ${LINK_LIFETIME.maxSeconds} (7 days).`)
      .optional()
      .meta({ description: "How long the unopened link stays valid (default 300 seconds, at most 7 days)." }),
    intent: z.enum(PORTAL_INTENTS).optional().meta({ description: "The portal tab the link opens on." }),
  })
  .meta({ id: "PortalLinkInput" });

export const PortalLink = z
  .object({
    id: z.uuid(),
    url: z.string().meta({ description: "Send the admin here (a redirect or an iframe's src). Opens once." }),
    expiresAt: timestamp,
  })
  .meta({ id: "PortalLink" });

export const portalLinkOperations = {
  create: defineOperation({
    method: "POST",
    path: "/api/v1/organizations/{orgId}/portal-links",
    operationId: "createPortalLink",
    summary: "Create a portal link",
    description:
      "A single-use Admin Portal URL for the organization's IT admin, e.g. when they click \"Set up SCIM\" in your application. " +
      "No body means all defaults.",
    tag: "Organizations",
    params: z.object({ orgId: pathId }),
    body: PortalLinkInput,
    isBodyOptional: true,
    success: { status: 201, description: "The link.", schema: PortalLink },
    errors: [400, 404],
  }),
};
