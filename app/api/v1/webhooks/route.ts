// GET  /api/v1/webhooks — every webhook endpoint
// POST /api/v1/webhooks {url, description?, eventTypes?, organizationId?} — 201 with the
//      endpoint and its signing secret (shown this once)
import { apiHandler, jsonBody } from "@/lib/api/http";
import { serializeWebhookEndpoint, webhookCreateBody, withUrlCheck } from "@/lib/api/webhooks";
import { createEndpoint, getEndpoint, listEndpoints } from "@/lib/webhooks/endpoints";

export const GET = apiHandler(async (_request, { db }) => {
  const endpoints = await listEndpoints(db);
  return Response.json({ data: endpoints.map(serializeWebhookEndpoint) }, { headers: { "cache-control": "no-store" } });
});

export const POST = apiHandler(async (request, { db, apiKeyId }) => {
  const input = await jsonBody(request, webhookCreateBody);
  const { endpoint, secret } = await withUrlCheck(() => createEndpoint(db, input, { type: "api_key", id: apiKeyId }));
  const created = await getEndpoint(db, endpoint.id);
  return Response.json({ ...serializeWebhookEndpoint(created), secret }, { status: 201, headers: { "cache-control": "no-store" } });
});
