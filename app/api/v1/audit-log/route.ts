// GET /api/v1/audit-log?organizationId=&limit=&after= — who did what, newest first:
// operators, customer admins (through portal links), API keys and the system acting on
// organizations, directories, tokens, API keys, portal links, operators and branding.
// Cursor-paginated like every REST list: pass nextCursor back as `after` until it is null.
import { z } from "zod";
import { apiHandler, queryParams } from "@/lib/api/http";
import { type AuditEntry, listAuditLog } from "@/lib/directory/audit";

const auditQuery = z.object({
  organizationId: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  after: z.string().min(1).max(1200).optional(),
});

function serializeAuditEntry(entry: AuditEntry) {
  return {
    id: String(entry.id),
    organizationId: entry.organizationId,
    actor: { type: entry.actorType, id: entry.actorId },
    action: entry.action,
    target: { type: entry.targetType, id: entry.targetId },
    data: entry.data,
    createdAt: entry.createdAt.toISOString(),
  };
}

export const GET = apiHandler(async (request, { db }) => {
  const query = queryParams(request, auditQuery);
  const page = await listAuditLog(db, query);
  return Response.json({ data: page.entries.map(serializeAuditEntry), nextCursor: page.nextCursor }, { headers: { "cache-control": "no-store" } });
});
