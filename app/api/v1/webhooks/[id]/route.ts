// GET    /api/v1/webhooks/{id}
// PATCH  /api/v1/webhooks/{id} {url?, description?, eventTypes?, organizationId?, enabled?}
// DELETE /api/v1/webhooks/{id} — 204; its queued deliveries go with it
import { apiHandler, jsonBody } from "@/lib/api/http";
import { serializeWebhookEndpoint, webhookUpdateBody, withUrlCheck } from "@/lib/api/webhooks";
import { deleteEndpoint, getEndpoint, updateEndpoint } from "@/lib/webhooks/endpoints";

type Params = { id: string };

export const GET = apiHandler<Params>(async (_request, { db }, { id }) => {
  return Response.json(serializeWebhookEndpoint(await getEndpoint(db, id)), { headers: { "cache-control": "no-store" } });
});

export const PATCH = apiHandler<Params>(async (request, { db, apiKeyId }, { id }) => {
  await getEndpoint(db, id);
  const patch = await jsonBody(request, webhookUpdateBody);
  const updated = await withUrlCheck(() => updateEndpoint(db, id, patch, { type: "api_key", id: apiKeyId }));
  return Response.json(serializeWebhookEndpoint(updated), { headers: { "cache-control": "no-store" } });
});

export const DELETE = apiHandler<Params>(async (_request, { db, apiKeyId }, { id }) => {
  await deleteEndpoint(db, id, { type: "api_key", id: apiKeyId });
  return new Response(null, { status: 204 });
});
