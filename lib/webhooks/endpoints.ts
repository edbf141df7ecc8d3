// Webhook endpoints and their delivery log: what the REST API and the portal's operator
// settings both call. Endpoints are operator-level (not one organization's data): an
// endpoint receives every organization's events, or one organization's.
import { randomUUID } from "node:crypto";
import { and, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { type Db, type Executor, queryRows } from "@/db/client";
import {
  type EventType,
  type WebhookAttempt,
  type WebhookDelivery,
  type WebhookEndpoint,
  organizations,
  webhookAttempts,
  webhookDeliveries,
  webhookEndpoints,
} from "@/db/schema";
import { type Actor, recordAudit } from "@/lib/directory/audit";
import { DirectoryError } from "@/lib/directory/errors";
import { env } from "@/lib/env";
import { WEBHOOKS_CHANNEL, disableEndpoint, enableEndpoint } from "./queue";
import { sealSecret } from "./secret-box";
import { newSigningSecret } from "./signing";
import { type UrlPolicy, checkWebhookUrl } from "./ssrf";

/** How long the previous secret keeps signing after a rotation, unless the caller says otherwise. */
export const DEFAULT_ROTATION_GRACE_SECONDS = 24 * 3600;
export const MAX_ROTATION_GRACE_SECONDS = 7 * 24 * 3600;

export const TEST_EVENT_TYPE = "webhook.test";

export function urlPolicy(): UrlPolicy {
  const e = env();
  return { allowPrivate: e.webhooks.allowPrivate, isProduction: e.isProduction };
}

export type EndpointInput = {
  url: string;
  description?: string | null | undefined;
  eventTypes?: readonly EventType[] | undefined;
  organizationId?: string | null | undefined;
};

export type EndpointPatch = Partial<EndpointInput> & { enabled?: boolean | undefined };

export type EndpointWithStats = WebhookEndpoint & {
  pendingCount: number;
  failedCount: number;
  lastDeliveryAt: Date | null;
  previousSecretIsLive: boolean;
};

async function assertOrganization(db: Executor, organizationId: string | null | undefined): Promise<void> {
  if (!organizationId) return;
  const [org] = await db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, organizationId));
  if (!org) throw new DirectoryError("invalid_reference", `No organization has the id ${organizationId}.`);
}

export async function createEndpoint(
  db: Db,
  input: EndpointInput,
  actor: Actor,
  policy: UrlPolicy = urlPolicy(),
): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
  await checkWebhookUrl(input.url, policy);
  await assertOrganization(db, input.organizationId);
  const id = randomUUID();
  const secret = newSigningSecret();
  return db.transaction(async (tx) => {
    const [endpoint] = await tx
      .insert(webhookEndpoints)
      .values({
        id,
        url: input.url,
        description: input.description ?? null,
        eventTypes: [...(input.eventTypes ?? [])],
        organizationId: input.organizationId ?? null,
        secretEncrypted: sealSecret(secret, id),
      })
      .returning();
    if (!endpoint) throw new Error("webhook endpoint insert returned no row");
    await recordAudit(tx, {
      actor,
      action: "webhook.created",
      organizationId: endpoint.organizationId,
      target: { type: "webhook_endpoint", id },
      data: { url: endpoint.url, eventTypes: endpoint.eventTypes },
    });
    return { endpoint, secret };
  });
}

const statsSelect = sql`
  (select count(*)::int from webhook_deliveries d where d.endpoint_id = w.id and d.status = 'pending') as pending_count,
  (select count(*)::int from webhook_deliveries d where d.endpoint_id = w.id and d.status = 'failed') as failed_count,
  (select max(d.last_attempt_at) from webhook_deliveries d where d.endpoint_id = w.id) as last_delivery_at,
  coalesce(w.previous_secret_expires_at > now(), false) as previous_is_live`;

type StatsRow = {
  id: string;
  pending_count: number;
  failed_count: number;
  last_delivery_at: string | Date | null;
  previous_is_live: boolean;
};

async function withStats(db: Executor, endpoints: WebhookEndpoint[]): Promise<EndpointWithStats[]> {
  if (endpoints.length === 0) return [];
  const rows = await queryRows<StatsRow>(
    db,
    sql`select w.id, ${statsSelect} from webhook_endpoints w where w.id = any(${`{${endpoints.map((e) => e.id).join(",")}}`}::uuid[])`,
  );
  const byId = new Map(rows.map((r) => [r.id, r]));
  return endpoints.map((e) => {
    const r = byId.get(e.id);
    return {
      ...e,
      pendingCount: Number(r?.pending_count ?? 0),
      failedCount: Number(r?.failed_count ?? 0),
      lastDeliveryAt: r?.last_delivery_at ? new Date(r.last_delivery_at) : null,
      previousSecretIsLive: Boolean(r?.previous_is_live),
    };
  });
}

export async function listEndpoints(db: Executor): Promise<EndpointWithStats[]> {
  const rows = await db.select().from(webhookEndpoints).orderBy(webhookEndpoints.createdAt, webhookEndpoints.id);
  return withStats(db, rows);
}

/** The endpoint, or not_found (also for a string that is not a uuid). */
export async function getEndpoint(db: Executor, id: string): Promise<EndpointWithStats> {
  const [row] = isUuid(id) ? await db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)) : [];
  if (!row) throw new DirectoryError("not_found", `No webhook endpoint has the id ${id}.`);
  const [withCounts] = await withStats(db, [row]);
  return withCounts!;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
function isUuid(value: string): boolean {
  return UUID.test(value);
}

export async function updateEndpoint(
  db: Db,
  id: string,
  patch: EndpointPatch,
  actor: Actor,
  policy: UrlPolicy = urlPolicy(),
): Promise<EndpointWithStats> {
  const current = await getEndpoint(db, id);
  if (patch.url !== undefined && patch.url !== current.url) await checkWebhookUrl(patch.url, policy);
  if (patch.organizationId) await assertOrganization(db, patch.organizationId);
  await db.transaction(async (tx) => {
    const values: Partial<typeof webhookEndpoints.$inferInsert> = {};
    if (patch.url !== undefined) values.url = patch.url;
    if (patch.description !== undefined) values.description = patch.description;
    if (patch.eventTypes !== undefined) values.eventTypes = [...patch.eventTypes];
    if (patch.organizationId !== undefined) values.organizationId = patch.organizationId;
    if (Object.keys(values).length > 0) {
      await tx
        .update(webhookEndpoints)
        .set({ ...values, updatedAt: new Date() })
        .where(eq(webhookEndpoints.id, id));
    }
    if (patch.enabled === true && !current.enabled) await enableEndpoint(tx, id);
    if (patch.enabled === false && current.enabled) {
      await disableEndpoint(tx, id, actor.type === "api_key" ? "Disabled through the API." : "Disabled by an operator.");
    }
    await recordAudit(tx, {
      actor,
      action: "webhook.updated",
      organizationId: patch.organizationId ?? current.organizationId,
      target: { type: "webhook_endpoint", id },
      data: { changed: Object.keys(patch) },
    });
  });
  return getEndpoint(db, id);
}

export async function deleteEndpoint(db: Db, id: string, actor: Actor): Promise<void> {
  const current = await getEndpoint(db, id);
  await db.transaction(async (tx) => {
    await tx.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, {
      actor,
      action: "webhook.deleted",
      organizationId: current.organizationId,
      target: { type: "webhook_endpoint", id },
      data: { url: current.url },
    });
  });
}

/**
 * A new signing secret, shown once. The previous one keeps signing (a second signature
 * in webhook-signature) for `graceSeconds`, so receivers can switch without a gap; 0 ends
 * it at once.
 */
export async function rotateSecret(
  db: Db,
  id: string,
  actor: Actor,
  graceSeconds = DEFAULT_ROTATION_GRACE_SECONDS,
): Promise<{ endpoint: EndpointWithStats; secret: string; previousSecretExpiresAt: Date | null }> {
  const current = await getEndpoint(db, id);
  const secret = newSigningSecret();
  const expiresAt = graceSeconds > 0 ? new Date(Date.now() + graceSeconds * 1000) : null;
  await db.transaction(async (tx) => {
    await tx
      .update(webhookEndpoints)
      .set({
        secretEncrypted: sealSecret(secret, id),
        // Kept encrypted as it was: the same key, bound to the same endpoint.
        previousSecretEncrypted: expiresAt ? current.secretEncrypted : null,
        previousSecretExpiresAt: expiresAt,
        updatedAt: new Date(),
      })
      .where(eq(webhookEndpoints.id, id));
    await recordAudit(tx, {
      actor,
      action: "webhook.secret_rotated",
      organizationId: current.organizationId,
      target: { type: "webhook_endpoint", id },
      data: { previousSecretExpiresAt: expiresAt?.toISOString() ?? null },
    });
  });
  return { endpoint: await getEndpoint(db, id), secret, previousSecretExpiresAt: expiresAt };
}

/**
 * Queues a `webhook.test` message to the endpoint, through the same queue, signing and
 * log as events. Like any delivery it waits while the endpoint is disabled.
 */
export async function sendTestMessage(db: Db, id: string): Promise<DeliveryWithAttempts> {
  const endpoint = await getEndpoint(db, id);
  const messageId = `evt_test_${randomUUID().replace(/-/g, "")}`;
  const body = JSON.stringify({
    id: messageId,
    type: TEST_EVENT_TYPE,
    createdAt: new Date().toISOString(),
    organizationId: endpoint.organizationId,
    directoryId: null,
    data: { endpointId: endpoint.id, message: "A test message from Roster: the endpoint receives and verifies webhooks." },
  });
  const delivery = await db.transaction(async (tx) => {
    const [row] = await tx
      .insert(webhookDeliveries)
      .values({ endpointId: id, messageId, body, nextAttemptAt: endpoint.enabled ? sql`now()` : PARKED })
      .returning();
    await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, 'test')`);
    return row!;
  });
  return { ...delivery, attemptLog: [] };
}

/** Where a disabled endpoint's deliveries wait (lib/webhooks/queue.ts disableEndpoint). */
const PARKED = sql`'infinity'::timestamptz`;

export type DeliveryWithAttempts = WebhookDelivery & { attemptLog: WebhookAttempt[] };

/** How many attempts of each delivery a page of the log includes. */
const ATTEMPTS_PER_DELIVERY = 20;

/** The endpoint's deliveries, newest first, `limit` at a time (`before`: a delivery id). */
export async function listDeliveries(
  db: Executor,
  endpointId: string,
  page: { before?: number | undefined; limit: number; status?: WebhookDelivery["status"] | undefined },
): Promise<{ deliveries: DeliveryWithAttempts[]; hasMore: boolean }> {
  await getEndpoint(db, endpointId);
  const conditions = [eq(webhookDeliveries.endpointId, endpointId)];
  if (page.before !== undefined) conditions.push(lt(webhookDeliveries.id, page.before));
  if (page.status) conditions.push(eq(webhookDeliveries.status, page.status));
  const rows = await db
    .select()
    .from(webhookDeliveries)
    .where(and(...conditions))
    .orderBy(desc(webhookDeliveries.id))
    .limit(page.limit + 1);
  const deliveries = rows.slice(0, page.limit);
  const attempts =
    deliveries.length === 0
      ? []
      : await db
          .select()
          .from(webhookAttempts)
          .where(inArray(webhookAttempts.deliveryId, deliveries.map((d) => d.id)))
          .orderBy(desc(webhookAttempts.id));
  const byDelivery = new Map<number, WebhookAttempt[]>();
  for (const a of attempts) {
    const list = byDelivery.get(a.deliveryId) ?? [];
    if (list.length < ATTEMPTS_PER_DELIVERY) list.push(a);
    byDelivery.set(a.deliveryId, list);
  }
  return {
    deliveries: deliveries.map((d) => ({ ...d, attemptLog: byDelivery.get(d.id) ?? [] })),
    hasMore: rows.length > page.limit,
  };
}

export async function getDelivery(db: Executor, endpointId: string, deliveryId: number): Promise<DeliveryWithAttempts> {
  const [row] = Number.isSafeInteger(deliveryId)
    ? await db
        .select()
        .from(webhookDeliveries)
        .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, deliveryId)))
    : [];
  if (!row) throw new DirectoryError("not_found", `No delivery ${deliveryId} for webhook endpoint ${endpointId}.`);
  const attemptLog = await db
    .select()
    .from(webhookAttempts)
    .where(eq(webhookAttempts.deliveryId, deliveryId))
    .orderBy(desc(webhookAttempts.id))
    .limit(ATTEMPTS_PER_DELIVERY);
  return { ...row, attemptLog };
}

/**
 * Sends one delivery again now, with a fresh retry schedule — whatever its status (a
 * receiver that lost a message it had accepted can ask for it again). The webhook-id is
 * the same, so a receiver that did process it recognises the repeat.
 */
export async function retryDelivery(db: Db, endpointId: string, deliveryId: number): Promise<DeliveryWithAttempts> {
  const endpoint = await getEndpoint(db, endpointId);
  await getDelivery(db, endpointId, deliveryId);
  await db.transaction(async (tx) => {
    await tx
      .update(webhookDeliveries)
      .set({
        status: "pending",
        attempts: 0,
        nextAttemptAt: endpoint.enabled ? sql`now()` : PARKED,
        updatedAt: new Date(),
      })
      .where(and(eq(webhookDeliveries.endpointId, endpointId), eq(webhookDeliveries.id, deliveryId)));
    await tx.execute(sql`select pg_notify(${WEBHOOKS_CHANNEL}, 'retry')`);
  });
  return getDelivery(db, endpointId, deliveryId);
}
