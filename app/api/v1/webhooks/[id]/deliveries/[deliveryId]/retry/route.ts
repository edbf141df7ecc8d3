// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry — sends that delivery again now
// (same webhook-id, a fresh retry schedule); 202 with the delivery
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { serializeDelivery } from "@/lib/api/webhooks";
import { retryDelivery } from "@/lib/webhooks/endpoints";

export const POST = apiRoute(ops.retry, async ({ db, params }) => {
  // A malformed id is as unknown as a missing one: 404, not 400.
  const deliveryId = /^\d{1,15}$/.test(params.deliveryId) ? Number(params.deliveryId) : -1;
  return serializeDelivery(await retryDelivery(db, params.id, deliveryId));
});
