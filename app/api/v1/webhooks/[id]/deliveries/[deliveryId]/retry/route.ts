// POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/retry — sends that delivery again now
// (same webhook-id, a fresh retry schedule); 202 with the delivery
import { apiHandler } from "@/lib/api/http";
import { serializeDelivery } from "@/lib/api/webhooks";
import { retryDelivery } from "@/lib/webhooks/endpoints";

export const POST = apiHandler<{ id: string; deliveryId: string }>(async (_request, { db }, { id, deliveryId }) => {
  // A malformed id is as unknown as a missing one: 404, not 400.
  const delivery = await retryDelivery(db, id, /^\d{1,15}$/.test(deliveryId) ? Number(deliveryId) : -1);
  return Response.json(serializeDelivery(delivery), { status: 202, headers: { "cache-control": "no-store" } });
});
