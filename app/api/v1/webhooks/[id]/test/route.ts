// POST /api/v1/webhooks/{id}/test — queues a signed `webhook.test` message; 202 with the delivery
import { apiHandler } from "@/lib/api/http";
import { serializeDelivery } from "@/lib/api/webhooks";
import { sendTestMessage } from "@/lib/webhooks/endpoints";

export const POST = apiHandler<{ id: string }>(async (_request, { db }, { id }) => {
  const delivery = await sendTestMessage(db, id);
  return Response.json(serializeDelivery(delivery), { status: 202, headers: { "cache-control": "no-store" } });
});
