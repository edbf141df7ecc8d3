// The audit log: who did what to organizations, directories, tokens, OAuth client secrets,
// the deprovisioning guard, keys, webhooks, portal access, operators and branding, newest
// first (lib/directory/audit.ts).
import { z } from "zod";
import { defineOperation } from "../operation";
import { cursorPage, pageQuery, timestamp } from "./common";

export const AuditEntry = z
  .object({
    id: z.string(),
    organizationId: z.uuid().nullable().meta({ description: "Null for deployment-wide actions (API keys, operators, branding)." }),
    actor: z.object({
      type: z.enum(["operator", "api_key", "portal_link", "system"]).meta({ description: "portal_link: a customer admin's portal session." }),
      id: z.string().nullable(),
    }),
    action: z.string().meta({ description: "e.g. directory.created, scim_token.revoked, oauth_client_secret.created, directory.deprovisioning_guard_set, api_key.created, portal_link.created, webhook.updated." }),
    target: z.object({ type: z.string().nullable(), id: z.string().nullable() }),
    data: z.record(z.string(), z.unknown()).meta({ description: "Names and prefixes; never a secret." }),
    createdAt: timestamp,
  })
  .meta({ id: "AuditEntry" });

export const auditLogOperations = {
  list: defineOperation({
    method: "GET",
    path: "/api/v1/audit-log",
    operationId: "listAuditLog",
    summary: "Read the audit log",
    description: "Every recorded action, newest first; `organizationId` narrows it to one organization's entries.",
    tag: "Audit log",
    query: pageQuery.extend({ organizationId: z.uuid().optional().meta({ description: "Only this organization's entries." }) }),
    success: { status: 200, description: "A page of entries, newest first.", schema: cursorPage(AuditEntry) },
    errors: [400],
  }),
};
