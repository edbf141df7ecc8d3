// The webhooks part of the REST API: the zod schemas of every request and response body
// (the routes validate with them, and the OpenAPI document is generated from them) and the
// one serialisation of endpoints and deliveries.
import { z } from "zod";
import { EVENT_TYPES, WEBHOOK_DELIVERY_STATUSES, type WebhookAttempt } from "@/db/schema";
import { EVENT_ID_PREFIX } from "@/lib/events/envelope";
import { type DeliveryWithAttempts, type EndpointWithStats, MAX_ROTATION_GRACE_SECONDS } from "@/lib/webhooks/endpoints";
import { WebhookUrlError } from "@/lib/webhooks/ssrf";
import { ApiError } from "./http";

// ---------------------------------------------------------------------------------------
// Requests

const url = z.string().trim().min(1).max(2048).describe("Where deliveries are POSTed: https, a public address, no credentials.");
const description = z.string().trim().max(500).nullable().describe("A note for operators.");
const eventTypes = z
  .array(z.enum(EVENT_TYPES))
  .max(EVENT_TYPES.length)
  .transform((types) => [...new Set(types)])
  .describe("The event types to deliver; empty or omitted: all of them.");
const organizationId = z.uuid().nullable().describe("Deliver only this organization's events; null or omitted: every organization's.");

export const webhookCreateBody = z
  .object({
    url,
    description: description.optional(),
    eventTypes: eventTypes.optional(),
    organizationId: organizationId.optional(),
  })
  .strict();

export const webhookUpdateBody = z
  .object({
    url: url.optional(),
    description: description.optional(),
    eventTypes: eventTypes.optional(),
    organizationId: organizationId.optional(),
    enabled: z.boolean().optional().describe("false pauses deliveries (they queue); true resumes from where they stopped."),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "Send at least one field to change.");

export const rotateSecretBody = z
  .object({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(MAX_ROTATION_GRACE_SECONDS)
      .optional()
      .describe("How long the previous secret keeps signing too (default 86400, 0: stop at once)."),
  })
  .strict();

export const deliveriesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(25),
  after: z.string().min(1).max(100).optional().describe("nextCursor of the previous page."),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES).optional(),
});


// ---------------------------------------------------------------------------------------
// Responses

const timestamp = z.string().describe("ISO 8601");

export const webhookEndpointSchema = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  organizationId: z.uuid().nullable(),
  eventTypes: z.array(z.enum(EVENT_TYPES)),
  enabled: z.boolean(),
  disabledReason: z.string().nullable().describe("Why deliveries stopped: an operator, a 410 Gone, or failing for too long."),
  disabledAt: timestamp.nullable(),
  failingSince: timestamp.nullable().describe("Since when every attempt has failed; null after a success."),
  previousSecretExpiresAt: timestamp.nullable().describe("Until then the previous secret signs too (after a rotation)."),
  pendingDeliveries: z.number().int(),
  failedDeliveries: z.number().int(),
  lastDeliveryAt: timestamp.nullable(),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const webhookEndpointWithSecretSchema = webhookEndpointSchema.extend({
  secret: z.string().describe("The signing secret (whsec_…). Shown only in this response: store it now."),
});

export const webhookListSchema = z.object({ data: z.array(webhookEndpointSchema) });

export const webhookAttemptSchema = z.object({
  attemptedAt: timestamp,
  statusCode: z.number().int().nullable(),
  latencyMs: z.number().int(),
  error: z.string().nullable(),
  responseExcerpt: z.string().nullable().describe("The first 1024 bytes of the response body."),
});

export const webhookDeliverySchema = z.object({
  id: z.number().int(),
  webhookId: z.string().describe("The webhook-id header: the event id (evt_…), the same on every retry."),
  eventId: z.string().nullable().describe("The event delivered; null for a test message."),
  status: z.enum(WEBHOOK_DELIVERY_STATUSES),
  attempts: z.number().int().describe("Attempts since it was queued (or last retried by hand)."),
  nextAttemptAt: timestamp.nullable().describe("When it is tried next; null when not pending or while the endpoint is disabled."),
  lastAttemptAt: timestamp.nullable(),
  lastStatusCode: z.number().int().nullable(),
  lastError: z.string().nullable(),
  createdAt: timestamp,
  attemptLog: z.array(webhookAttemptSchema).describe("The newest attempts first (at most 20)."),
});

export const webhookDeliveryPageSchema = z.object({
  data: z.array(webhookDeliverySchema),
  nextCursor: z.string().nullable(),
});

export const rotateSecretResponseSchema = webhookEndpointWithSecretSchema;

// ---------------------------------------------------------------------------------------
// Serialisation

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function serializeWebhookEndpoint(e: EndpointWithStats): z.infer<typeof webhookEndpointSchema> {
  return {
    id: e.id,
    url: e.url,
    description: e.description,
    organizationId: e.organizationId,
    eventTypes: e.eventTypes as z.infer<typeof webhookEndpointSchema>["eventTypes"],
    enabled: e.enabled,
    disabledReason: e.disabledReason,
    disabledAt: iso(e.disabledAt),
    failingSince: iso(e.failingSince),
    previousSecretExpiresAt: e.previousSecretIsLive ? iso(e.previousSecretExpiresAt) : null,
    pendingDeliveries: e.pendingCount,
    failedDeliveries: e.failedCount,
    lastDeliveryAt: iso(e.lastDeliveryAt),
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

function serializeAttempt(a: WebhookAttempt): z.infer<typeof webhookAttemptSchema> {
  return {
    attemptedAt: a.attemptedAt.toISOString(),
    statusCode: a.statusCode,
    latencyMs: a.latencyMs,
    error: a.error,
    responseExcerpt: a.responseExcerpt,
  };
}

export function serializeDelivery(d: DeliveryWithAttempts): z.infer<typeof webhookDeliverySchema> {
  const isDue = d.status === "pending" && Number.isFinite(d.nextAttemptAt.getTime());
  return {
    id: d.id,
    webhookId: d.messageId,
    eventId: d.eventId === null ? null : `${EVENT_ID_PREFIX}${d.eventId}`,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: isDue ? d.nextAttemptAt.toISOString() : null,
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    createdAt: d.createdAt.toISOString(),
    attemptLog: d.attemptLog.map(serializeAttempt),
  };
}

// ---------------------------------------------------------------------------------------
// The deliveries cursor: the last delivery id of the page, opaque to clients.

const deliveryCursor = z.tuple([z.literal("d"), z.number().int().positive()]);

export function encodeDeliveryCursor(lastId: number): string {
  return Buffer.from(JSON.stringify(["d", lastId]), "utf8").toString("base64url");
}

export function decodeDeliveryCursor(raw: string): number {
  try {
    const parsed = deliveryCursor.safeParse(JSON.parse(Buffer.from(raw, "base64url").toString("utf8")));
    if (parsed.success) return parsed.data[1];
  } catch {
    // Falls through.
  }
  throw new ApiError(400, "invalid_cursor", "The cursor is not one this list issued. Start again without it.");
}

// ---------------------------------------------------------------------------------------
// Helpers for the routes

/** Runs a store call, answering a refused URL as 400 invalid_url. */
export async function withUrlCheck<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof WebhookUrlError) throw new ApiError(400, "invalid_url", error.message);
    throw error;
  }
}
