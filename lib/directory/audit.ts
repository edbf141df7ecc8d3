// The audit log: who did what to which organization, operator or key, in the caller's transaction.
import type { Executor } from "@/db/client";
import { auditLog } from "@/db/schema";

export type Actor = { type: "operator" | "api_key" | "portal_link" | "system"; id?: string };

export async function recordAudit(
  executor: Executor,
  entry: {
    actor: Actor;
    action: string;
    organizationId?: string | null;
    target: { type: string; id: string | undefined };
    data: Record<string, unknown>;
  },
): Promise<void> {
  await executor.insert(auditLog).values({
    organizationId: entry.organizationId ?? null,
    actorType: entry.actor.type,
    actorId: entry.actor.id,
    action: entry.action,
    targetType: entry.target.type,
    targetId: entry.target.id,
    data: entry.data,
  });
}
