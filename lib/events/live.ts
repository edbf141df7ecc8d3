// Live updates for open portal pages. One process-wide subscription to the events
// NOTIFY channel (getDbHandle().listen: a dedicated connection with postgres-js, an
// in-process callback with the embedded database) fans out to every connected browser of
// the organization the event belongs to. Any server instance that commits a change
// NOTIFYs every instance, so a page sees changes written by whichever instance took the
// provider's request.
//
// The request log is written outside the change transactions and sends no NOTIFY; so
// that "waiting for the first request" flips as soon as PingOne's Test Connection
// arrives, each organization with open pages also has its newest request id checked
// every REQUEST_POLL_MS — one index lookup per directory, shared by all its viewers.
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, getDbHandle, queryRows } from "@/db/client";
import { EVENT_TYPES } from "@/db/schema";
import { EVENTS_CHANNEL, type EventNotification } from "@/lib/directory/events";

export const REQUEST_POLL_MS = 1000;

export type LiveMessage =
  | { kind: "event"; type: EventNotification["type"]; directoryId: string | null; eventId: number; count: number }
  | { kind: "request"; lastRequestId: number };

export type LiveSubscriber = (message: LiveMessage) => void;

const notificationSchema = z.object({
  organizationId: z.string(),
  directoryId: z.string().nullable(),
  eventId: z.coerce.number(),
  type: z.enum(EVENT_TYPES),
  count: z.coerce.number().default(1),
});

type RequestWatch = { timer: ReturnType<typeof setInterval>; lastId: number | undefined; isPolling: boolean };

class LiveHub {
  private readonly subscribers = new Map<string, Set<LiveSubscriber>>();
  private readonly requestWatches = new Map<string, RequestWatch>();
  private listening: Promise<void> | undefined;

  /** Subscribes to one organization's changes; returns the unsubscribe function. */
  subscribe(organizationId: string, subscriber: LiveSubscriber): () => void {
    void this.ensureListening();
    let set = this.subscribers.get(organizationId);
    if (!set) {
      set = new Set();
      this.subscribers.set(organizationId, set);
      this.watchRequests(organizationId);
    }
    set.add(subscriber);
    return () => {
      const current = this.subscribers.get(organizationId);
      if (!current) return;
      current.delete(subscriber);
      if (current.size === 0) {
        this.subscribers.delete(organizationId);
        this.unwatchRequests(organizationId);
      }
    };
  }

  subscriberCount(organizationId?: string): number {
    if (organizationId) return this.subscribers.get(organizationId)?.size ?? 0;
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  /** Starts the process's one LISTEN; a failed start is retried by the next subscriber. */
  ensureListening(): Promise<void> {
    if (!this.listening) {
      this.listening = getDbHandle()
        .then((handle) => handle.listen(EVENTS_CHANNEL, (payload) => this.onNotification(payload)))
        .then(() => undefined)
        .catch((error: unknown) => {
          this.listening = undefined;
          console.error("[roster] live updates: LISTEN failed:", error instanceof Error ? error.message : error);
        });
    }
    return this.listening;
  }

  private onNotification(payload: string): void {
    let parsed: z.infer<typeof notificationSchema>;
    try {
      const result = notificationSchema.safeParse(JSON.parse(payload));
      if (!result.success) return;
      parsed = result.data;
    } catch {
      return;
    }
    this.publish(parsed.organizationId, {
      kind: "event",
      type: parsed.type,
      directoryId: parsed.directoryId,
      eventId: parsed.eventId,
      count: parsed.count,
    });
  }

  private publish(organizationId: string, message: LiveMessage): void {
    const set = this.subscribers.get(organizationId);
    if (!set) return;
    for (const subscriber of set) {
      try {
        subscriber(message);
      } catch (error) {
        // One broken stream must not keep the others from hearing about the change.
        console.error("[roster] live updates: subscriber failed:", error instanceof Error ? error.message : error);
      }
    }
  }

  private watchRequests(organizationId: string): void {
    const watch: RequestWatch = {
      lastId: undefined,
      isPolling: false,
      timer: setInterval(() => void this.pollRequests(organizationId, watch), REQUEST_POLL_MS),
    };
    // A poll timer must never keep a CLI or test process alive.
    watch.timer.unref?.();
    this.requestWatches.set(organizationId, watch);
    void this.pollRequests(organizationId, watch);
  }

  private unwatchRequests(organizationId: string): void {
    const watch = this.requestWatches.get(organizationId);
    if (watch) clearInterval(watch.timer);
    this.requestWatches.delete(organizationId);
  }

  private async pollRequests(organizationId: string, watch: RequestWatch): Promise<void> {
    if (watch.isPolling) return;
    watch.isPolling = true;
    try {
      const lastId = await newestRequestId(organizationId);
      const isFirstPoll = watch.lastId === undefined;
      const hasChanged = !isFirstPoll && lastId !== watch.lastId;
      watch.lastId = lastId;
      if (hasChanged && this.requestWatches.get(organizationId) === watch) {
        this.publish(organizationId, { kind: "request", lastRequestId: lastId });
      }
    } catch (error) {
      console.error("[roster] live updates: request poll failed:", error instanceof Error ? error.message : error);
    } finally {
      watch.isPolling = false;
    }
  }
}

/** The id of the organization's newest logged SCIM request (0 when none): one index probe per directory. */
export async function newestRequestId(organizationId: string): Promise<number> {
  const rows = await queryRows<{ id: string | number | null }>(
    await getDb(),
    sql`select max((select r.id from scim_requests r where r.directory_id = d.id order by r.id desc limit 1)) as id
        from directories d where d.organization_id = ${organizationId}`,
  );
  return Number(rows[0]?.id ?? 0);
}

type GlobalWithHub = typeof globalThis & { __rosterLiveHub?: LiveHub };
const g = globalThis as GlobalWithHub;

/** The process's hub (kept on globalThis so that dev-mode module reloads share one LISTEN). */
export function liveHub(): LiveHub {
  g.__rosterLiveHub ??= new LiveHub();
  return g.__rosterLiveHub;
}

export function subscribeOrganization(organizationId: string, subscriber: LiveSubscriber): () => void {
  return liveHub().subscribe(organizationId, subscriber);
}
