// GET /api/v1/webhooks/{id}/deliveries?limit=&after=&status= — the delivery log, newest
// first, each with its attempts; {data, nextCursor}
import { apiHandler, queryParams } from "@/lib/api/http";
import { decodeDeliveryCursor, deliveriesQuery, encodeDeliveryCursor, serializeDelivery } from "@/lib/api/webhooks";
import { getEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";

export const GET = apiHandler<{ id: string }>(async (request, { db }, { id }) => {
  await getEndpoint(db, id);
  const query = queryParams(request, deliveriesQuery);
  const before = query.after ? decodeDeliveryCursor(query.after) : undefined;
  const page = await listDeliveries(db, id, { before, limit: query.limit, status: query.status });
  const last = page.deliveries.at(-1);
  return Response.json(
    { data: page.deliveries.map(serializeDelivery), nextCursor: page.hasMore && last ? encodeDeliveryCursor(last.id) : null },
    { headers: { "cache-control": "no-store" } },
  );
});
