// POST /api/v1/webhooks/{id}/rotate-secret {graceSeconds?} — a new signing secret, shown
// once; the previous one keeps signing for graceSeconds (default 24 h)
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { serializeWebhookEndpoint } from "@/lib/api/webhooks";
import { getEndpoint, rotateSecret } from "@/lib/webhooks/endpoints";

export const POST = apiRoute(ops.rotateSecret, async ({ db, apiKeyId, params, body }) => {
  await getEndpoint(db, params.id);
  const { endpoint, secret } = await rotateSecret(db, params.id, { type: "api_key", id: apiKeyId }, body.graceSeconds);
  return { ...serializeWebhookEndpoint(endpoint), secret };
});
