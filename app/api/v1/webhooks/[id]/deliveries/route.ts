// GET /api/v1/webhooks/{id}/deliveries?limit=&after=&status= — the delivery log, newest
// first, each with its attempts; {data, nextCursor}
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { decodeDeliveryCursor, encodeDeliveryCursor, serializeDelivery } from "@/lib/api/webhooks";
import { getEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";

export const GET = apiRoute(ops.deliveries, async ({ db, params, query }) => {
  await getEndpoint(db, params.id);
  const before = query.after ? decodeDeliveryCursor(query.after) : undefined;
  const page = await listDeliveries(db, params.id, { before, limit: query.limit, status: query.status });
  const last = page.deliveries.at(-1);
  return { data: page.deliveries.map(serializeDelivery), nextCursor: page.hasMore && last ? encodeDeliveryCursor(last.id) : null };
});
