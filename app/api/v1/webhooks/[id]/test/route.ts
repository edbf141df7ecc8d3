// POST /api/v1/webhooks/{id}/test — queues a signed `webhook.test` message; 202 with the delivery
import { apiRoute } from "@/lib/api/route";
import { webhookOperations as ops } from "@/lib/api/schemas/webhooks";
import { serializeDelivery } from "@/lib/api/webhooks";
import { sendTestMessage } from "@/lib/webhooks/endpoints";

export const POST = apiRoute(ops.test, async ({ db, params }) => serializeDelivery(await sendTestMessage(db, params.id)));
