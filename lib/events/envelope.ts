// The event as the SaaS application receives it — from GET /api/v1/events and as the body
// of every webhook delivery: the same object both ways.
import { type EventType } from "@/db/schema";
import { type EventData } from "@/lib/directory/payloads";
import { type StoredEvent } from "./reader";

export type EventObject = {
  id: string;
  type: EventType;
  createdAt: string;
  organizationId: string;
  directoryId: string | null;
  data: EventData["data"];
};

export const EVENT_ID_PREFIX = "evt_";

export function eventObject(e: StoredEvent): EventObject {
  return {
    id: `${EVENT_ID_PREFIX}${e.id}`,
    type: e.type,
    createdAt: e.createdAt.toISOString(),
    organizationId: e.organizationId,
    directoryId: e.directoryId,
    data: e.data,
  };
}
