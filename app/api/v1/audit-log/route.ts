// GET /api/v1/audit-log?organizationId=&limit=&after= — who did what, newest first:
// operators, customer admins (through portal links), API keys and the system acting on
// organizations, directories, tokens, API keys, portal links, operators and branding.
import { apiRoute } from "@/lib/api/route";
import { auditLogOperations as ops } from "@/lib/api/schemas/audit-log";
import { type AuditEntry, listAuditLog } from "@/lib/directory/audit";

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

export const GET = apiRoute(ops.list, async ({ db, query }) => {
  const page = await listAuditLog(db, { organizationId: query.organizationId, after: query.after, limit: query.limit });
  return { data: page.entries.map(serializeAuditEntry), nextCursor: page.nextCursor };
});
