// The webhook queue: an outbox in Postgres (the same SQL on the embedded database), in
// two steps.
//
// 1. Fan-out (fanOut): reads the events after the dispatcher's stored position through the
//    one commit-safe reader (lib/events/reader.ts), inserts one delivery per matching
//    endpoint, and advances the position — in one transaction, holding the position row's
//    lock. A second instance finds the row locked and skips its turn (SKIP LOCKED), so no
//    event is fanned out twice, and because the position only moves with its deliveries,
//    none is skipped. The request that wrote the event pays for none of this: its only
//    cost is the event row it already wrote.
// 2. Delivery (claimDeliveries + recordAttempt): a worker claims due deliveries with
//    FOR UPDATE SKIP LOCKED and, in the same statement, moves their next_attempt_at past a
//    lease (the timeout plus a margin) and commits — no transaction stays open during the
//    HTTP request (an open transaction would hold the events reader back). Several
//    workers never hold one delivery at once; a worker that dies mid-attempt leaves its
//    deliveries to be claimed again when the lease runs out. The result is recorded only
//    if the delivery is still the claimed attempt (attempts = claimed), and every attempt
//    is logged.
import { sql } from "drizzle-orm";
import { type Db, type Executor, queryRows } from "@/db/client";
import { type WebhookDelivery } from "@/db/schema";
import { eventObject } from "@/lib/events/envelope";
import { type FeedPosition, readEventsAfter } from "@/lib/events/reader";
import { type PostResult } from "./http-post";
import { retryDelayMs } from "./schedule";

/** The NOTIFY channel that wakes workers for deliveries queued outside the events feed. */
export const WEBHOOKS_CHANNEL = "roster_webhooks";

const DISPATCHER_ROW = 1;

export type FanOutResult = { events: number; deliveries: number; hasMore: boolean; isLocked: boolean };

/**
 * Turns up to `limit` new events into deliveries. `isLocked`: another instance was doing
 * it (nothing done here). Deliveries go to every endpoint — enabled or not, so that a
 * disabled endpoint resumes where it stopped — whose organization and event types match,
 * for events written after the endpoint was created.
 */
let isDispatcherRowKnown = false;

export async function fanOut(db: Db, limit = 500): Promise<FanOutResult> {
  if (!isDispatcherRowKnown) {
    await db.execute(
      sql`insert into webhook_dispatcher (id, txid, event_id) values (${DISPATCHER_ROW}, '0', 0) on conflict (id) do nothing`,
    );
    isDispatcherRowKnown = true;
  }
  // With no endpoint at all there is nobody to deliver to: the position stays where it is
  // and nothing is read, so an installation without webhooks pays nothing. The first
  // endpoint's fan-out then reads on from there (only events written after an endpoint was
  // created go to it, so the catch-up queues nothing old).
  const [any] = await queryRows<{ has: boolean }>(db, sql`select exists (select 1 from webhook_endpoints) as has`);
  if (!any?.has) return { events: 0, deliveries: 0, hasMore: false, isLocked: false };
  return db.transaction(async (tx) => {
    const [row] = await queryRows<{ txid: string; event_id: string | number }>(
      tx,
      sql`select txid, event_id from webhook_dispatcher where id = ${DISPATCHER_ROW} for update skip locked`,
    );
    if (!row) return { events: 0, deliveries: 0, hasMore: false, isLocked: true };
    const position: FeedPosition = { txid: row.txid, id: Number(row.event_id), at: 0 };
    const read = await readEventsAfter(tx, position, {}, limit);
    let deliveries = 0;
    if (read.events.length > 0) {
      const batch = read.events.map((e) => {
        const object = eventObject(e);
        return { id: e.id, org: e.organizationId, type: e.type, created_at: object.createdAt, message_id: object.id, body: JSON.stringify(object) };
      });
      const inserted = await queryRows<{ n: number }>(
        tx,
        sql`with inserted as (
              insert into webhook_deliveries (endpoint_id, event_id, message_id, body, next_attempt_at)
              select w.id, ev.id, ev.message_id, ev.body, case when w.enabled then now() else 'infinity'::timestamptz end
              from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb)
                     as ev(id bigint, org uuid, type text, created_at timestamptz, message_id text, body text)
              join webhook_endpoints w
                on (w.organization_id is null or w.organization_id = ev.org)
               and (cardinality(w.event_types) = 0 or ev.type = any(w.event_types))
               and w.created_at <= ev.created_at
              order by ev.id
              on conflict (endpoint_id, event_id) do nothing
              returning 1
            ) select count(*)::int as n from inserted`,
      );
      deliveries = Number(inserted[0]?.n ?? 0);
      if (deliveries > 0) await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, 'queued')`);
    }
    // An idle poll reads nothing and writes nothing.
    if (read.next.txid !== position.txid || read.next.id !== position.id) {
      await tx.execute(
        sql`update webhook_dispatcher set txid = ${read.next.txid}, event_id = ${read.next.id}, updated_at = now()
            where id = ${DISPATCHER_ROW}`,
      );
    }
    return { events: read.events.length, deliveries, hasMore: read.hasMore, isLocked: false };
  });
}

export type ClaimedDelivery = Pick<WebhookDelivery, "id" | "endpointId" | "eventId" | "messageId" | "body" | "attempts">;

/**
 * Claims up to `limit` due deliveries of enabled endpoints, at most `perEndpoint` of any
 * one endpoint and none of `excludeEndpoints` (those this worker already has enough of in
 * flight), oldest due first: one endpoint's backlog or slowness never takes every slot.
 */
export async function claimDeliveries(
  db: Executor,
  options: { limit: number; perEndpoint: number; leaseMs: number; excludeEndpoints?: readonly string[] },
): Promise<ClaimedDelivery[]> {
  const exclude = `{${(options.excludeEndpoints ?? []).join(",")}}`;
  const rows = await queryRows<{
    id: string | number;
    endpoint_id: string;
    event_id: string | number | null;
    message_id: string;
    body: string;
    attempts: number;
  }>(
    db,
    sql`with due as (
          select d.id, d.endpoint_id, d.next_attempt_at from webhook_deliveries d
          where d.status = 'pending' and d.next_attempt_at <= now()
          order by d.next_attempt_at, d.id
          limit ${Math.max(options.limit * 10, 200)}
        ), ranked as (
          select due.id, due.next_attempt_at,
                 row_number() over (partition by due.endpoint_id order by due.next_attempt_at, due.id) as rn
          from due join webhook_endpoints w on w.id = due.endpoint_id and w.enabled
          where not (due.endpoint_id = any(${exclude}::uuid[]))
        ), picked as (
          select d.id from webhook_deliveries d
          where d.id in (select id from ranked where rn <= ${options.perEndpoint} order by next_attempt_at, id limit ${options.limit})
            and d.status = 'pending' and d.next_attempt_at <= now()
          for update skip locked
        )
        update webhook_deliveries d
        set next_attempt_at = now() + make_interval(secs => ${options.leaseMs / 1000}), attempts = d.attempts + 1, updated_at = now()
        from picked where d.id = picked.id
        returning d.id, d.endpoint_id, d.event_id, d.message_id, d.body, d.attempts`,
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      endpointId: r.endpoint_id,
      eventId: r.event_id === null ? null : Number(r.event_id),
      messageId: r.message_id,
      body: r.body,
      attempts: Number(r.attempts),
    }))
    .sort((a, b) => a.id - b.id);
}

export type AttemptPolicy = { retryScheduleSeconds: readonly number[]; disableAfterMs: number };

export type AttemptOutcome = "succeeded" | "retrying" | "failed" | "superseded";

const isSuccess = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

function describeFailure(result: PostResult): string {
  if (result.statusCode !== undefined) return `HTTP ${result.statusCode}`;
  return result.error ?? "no response";
}

/**
 * Records one attempt's result: logs it, marks the delivery succeeded, schedules the next
 * try or gives up, and keeps the endpoint's failure clock — disabling the endpoint on a
 * 410 Gone or once it has failed every attempt for `disableAfterMs`.
 */
export async function recordAttempt(
  db: Db,
  claimed: ClaimedDelivery,
  result: PostResult,
  policy: AttemptPolicy,
): Promise<AttemptOutcome> {
  if (isSuccess(result.statusCode)) {
    // The hot path, in one statement (atomic on its own): log the attempt, mark the
    // delivery succeeded, stop the endpoint's failure clock.
    const rows = await queryRows<{ n: number }>(
      db,
      sql`with done as (
            update webhook_deliveries set status = 'succeeded', last_attempt_at = now(), last_status_code = ${result.statusCode ?? null},
              last_error = null, last_response_body = ${result.responseExcerpt ?? null}, updated_at = now()
            where id = ${claimed.id} and attempts = ${claimed.attempts} and status = 'pending' returning id
          ), logged as (
            insert into webhook_attempts (delivery_id, status_code, latency_ms, response_excerpt)
            values (${claimed.id}, ${result.statusCode ?? null}, ${result.latencyMs}, ${result.responseExcerpt ?? null})
            returning 1
          ), recovered as (
            update webhook_endpoints set failing_since = null where id = ${claimed.endpointId}::uuid and failing_since is not null returning 1
          )
          select (select count(*)::int from done) as n, (select count(*) from logged) as logged, (select count(*) from recovered) as recovered`,
    );
    return Number(rows[0]?.n ?? 0) > 0 ? "succeeded" : "superseded";
  }
  const error = describeFailure(result);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`insert into webhook_attempts (delivery_id, status_code, latency_ms, error, response_excerpt)
          values (${claimed.id}, ${result.statusCode ?? null}, ${result.latencyMs}, ${result.error ?? null}, ${result.responseExcerpt ?? null})`,
    );
    const delay = retryDelayMs(policy.retryScheduleSeconds, claimed.attempts);
    const isExhausted = delay === undefined;
    const updated = await queryRows<{ id: string }>(
      tx,
      sql`update webhook_deliveries set
            status = ${isExhausted ? "failed" : "pending"},
            next_attempt_at = ${isExhausted ? sql`now()` : sql`now() + make_interval(secs => ${delay / 1000})`},
            last_attempt_at = now(), last_status_code = ${result.statusCode ?? null}, last_error = ${error},
            last_response_body = ${result.responseExcerpt ?? null}, updated_at = now()
          where id = ${claimed.id} and attempts = ${claimed.attempts} and status = 'pending' returning id`,
    );
    if (updated.length === 0) return "superseded";
    const [endpoint] = await queryRows<{ failing_ms: number | string; failing_since: string | Date }>(
      tx,
      sql`update webhook_endpoints set failing_since = coalesce(failing_since, now())
          where id = ${claimed.endpointId}::uuid
          returning extract(epoch from (now() - failing_since)) * 1000 as failing_ms, failing_since`,
    );
    if (result.statusCode === 410) {
      await disableEndpoint(tx, claimed.endpointId, "The endpoint answered 410 Gone: it asked not to be sent more webhooks.");
    } else if (endpoint && Number(endpoint.failing_ms) >= policy.disableAfterMs) {
      const since = new Date(endpoint.failing_since).toISOString();
      await disableEndpoint(
        tx,
        claimed.endpointId,
        `Every delivery attempt failed since ${since} (longer than ${formatDuration(policy.disableAfterMs)}); the last one: ${error}.`,
      );
    }
    return isExhausted ? "failed" : "retrying";
  });
}

function formatDuration(ms: number): string {
  const hours = ms / 3_600_000;
  if (hours >= 48) return `${Math.round(hours / 24)} days`;
  if (hours >= 1) return `${Math.round(hours)} hours`;
  return `${Math.max(1, Math.round(ms / 60_000))} minutes`;
}

/**
 * Disables an endpoint with the reason the portal shows. Its pending deliveries stay
 * queued, parked at 'infinity' so claims do not pass over them; enabling resumes them.
 */
export async function disableEndpoint(tx: Executor, endpointId: string, reason: string): Promise<void> {
  await tx.execute(
    sql`update webhook_endpoints set enabled = false, disabled_reason = ${reason}, disabled_at = now(), updated_at = now()
        where id = ${endpointId}::uuid and enabled`,
  );
  await tx.execute(
    sql`update webhook_deliveries set next_attempt_at = 'infinity', updated_at = now()
        where endpoint_id = ${endpointId}::uuid and status = 'pending'`,
  );
}

/**
 * Enables an endpoint and resumes from where it stopped: its parked deliveries are due
 * now, and those that gave up while it was failing (their last attempt came after
 * failing_since) are queued again
 * with a fresh schedule — nothing it missed is skipped.
 */
export async function enableEndpoint(tx: Executor, endpointId: string): Promise<void> {
  const [row] = await queryRows<{ failing_since: string | Date | null }>(
    tx,
    sql`update webhook_endpoints set enabled = true, disabled_reason = null, disabled_at = null, updated_at = now()
        where id = ${endpointId}::uuid and not enabled
        returning failing_since`,
  );
  if (!row) return;
  await tx.execute(
    sql`update webhook_deliveries set status = 'pending', next_attempt_at = now(), attempts = 0, updated_at = now()
        where endpoint_id = ${endpointId}::uuid
          and (status = 'pending'
               or (status = 'failed' and ${row.failing_since ? sql`last_attempt_at >= ${new Date(row.failing_since).toISOString()}::timestamptz` : sql`false`}))`,
  );
  await tx.execute(sql`update webhook_endpoints set failing_since = null where id = ${endpointId}::uuid`);
  await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, 'enabled')`);
}

/**
 * Deliveries parked at 'infinity' whose endpoint is enabled (a fan-out that read the
 * endpoint as disabled while it was being enabled) are made due: run now and then.
 */
export async function unparkDeliveries(db: Executor): Promise<number> {
  const rows = await queryRows<{ n: number }>(
    db,
    sql`with moved as (
          update webhook_deliveries d set next_attempt_at = now()
          from webhook_endpoints w
          where d.endpoint_id = w.id and w.enabled and d.status = 'pending' and d.next_attempt_at = 'infinity'
          returning 1
        ) select count(*)::int as n from moved`,
  );
  return Number(rows[0]?.n ?? 0);
}
