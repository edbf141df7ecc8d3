// GET  /api/v1/webhooks — every webhook endpoint
// POST /api/v1/webhooks {url, description?, eventTypes?, organizationId?} — 201 with the
//      endpoint and its signing secret (shown this once)
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { serializeWebhookEndpoint, withUrlCheck } from "@/lib/api/webhooks";
import { createEndpoint, getEndpoint, listEndpoints } from "@/lib/webhooks/endpoints";

export const GET = apiRoute(ops.list, async ({ db }) => ({ data: (await listEndpoints(db)).map(serializeWebhookEndpoint) }));

export const POST = apiRoute(ops.create, async ({ db, apiKeyId, body }) => {
  const { endpoint, secret } = await withUrlCheck(() => createEndpoint(db, body, { type: "api_key", id: apiKeyId }));
  return { ...serializeWebhookEndpoint(await getEndpoint(db, endpoint.id)), secret };
});
