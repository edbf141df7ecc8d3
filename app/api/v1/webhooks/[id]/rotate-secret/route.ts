// POST /api/v1/webhooks/{id}/rotate-secret {graceSeconds?} — a new signing secret, shown
// once; the previous one keeps signing for graceSeconds (default 24 h)
import { apiHandler } from "@/lib/api/http";
import { optionalJsonBody, rotateSecretBody, serializeWebhookEndpoint } from "@/lib/api/webhooks";
import { getEndpoint, rotateSecret } from "@/lib/webhooks/endpoints";

export const POST = apiHandler<{ id: string }>(async (request, { db, apiKeyId }, { id }) => {
  await getEndpoint(db, id);
  const { graceSeconds } = await optionalJsonBody(request, rotateSecretBody);
  const { endpoint, secret } = await rotateSecret(db, id, { type: "api_key", id: apiKeyId }, graceSeconds);
  return Response.json({ ...serializeWebhookEndpoint(endpoint), secret }, { headers: { "cache-control": "no-store" } });
});
