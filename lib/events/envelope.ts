// The event as the SaaS application receives it — from GET /api/v1/events and as the body
// of every webhook delivery: the same object both ways.
import { type EventData } from "@/lib/directory/payloads";
import { type StoredEvent } from "./reader";

type Envelope = { id: string; createdAt: string; organizationId: string; directoryId: string | null };

/** One variant per event type, so that `type` tells a consumer which `data` it holds. */
export type EventObject = EventData extends infer E ? (E extends EventData ? Envelope & E : never) : never;

export const EVENT_ID_PREFIX = "evt_";

export function eventObject(e: StoredEvent): EventObject {
  return {
    id: `${EVENT_ID_PREFIX}${e.id}`,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    organizationId: e.organizationId,
    directoryId: e.directoryId,
    data: e.data,
  } as EventObject;
}
