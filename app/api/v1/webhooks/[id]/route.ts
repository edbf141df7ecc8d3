// GET    /api/v1/webhooks/{id}
// PATCH  /api/v1/webhooks/{id} {url?, description?, eventTypes?, organizationId?, enabled?}
// DELETE /api/v1/webhooks/{id} — 204; its queued deliveries go with it
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { serializeWebhookEndpoint, withUrlCheck } from "@/lib/api/webhooks";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";

export const GET = apiRoute(ops.get, async ({ db, params }) => serializeWebhookEndpoint(await getEndpoint(db, params.id)));

export const PATCH = apiRoute(ops.update, async ({ db, apiKeyId, params, body }) => {
  await getEndpoint(db, params.id);
  return serializeWebhookEndpoint(await withUrlCheck(() => updateEndpoint(db, params.id, body, { type: "api_key", id: apiKeyId })));
});

export const DELETE = apiRoute(ops.delete, async ({ db, apiKeyId, params }) => {
  await deleteEndpoint(db, params.id, { type: "api_key", id: apiKeyId });
});
