// The /api/v1/webhooks routes, called as Next calls them, against a real database: auth
// failures, bad input, 404s, and the endpoint lifecycle. No worker runs in this file (the
// delivery itself is lib/webhooks/webhooks.int.test.ts); URLs are public IP literals, so
// the SSRF check passes without DNS.
import { inArray } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { getDb } from "@/db/client";
import { webhookEndpoints } from "@/db/schema";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import * as collection from "@/app/api/v1/webhooks/route";
import * as item from "@/app/api/v1/webhooks/[id]/route";
import * as rotate from "@/app/api/v1/webhooks/[id]/rotate-secret/route";
import * as test from "@/app/api/v1/webhooks/[id]/test/route";
import * as deliveries from "@/app/api/v1/webhooks/[id]/deliveries/route";
import * as retry from "@/app/api/v1/webhooks/[id]/deliveries/[deliveryId]/retry/route";
import { makeDirectory } from "@/test/scim-helpers";
import { webhookDeliveryPageSchema, webhookDeliverySchema, webhookEndpointSchema, webhookEndpointWithSecretSchema, webhookListSchema } from "./webhooks";

const PUBLIC_URL = "https://93.184.215.14/hooks";
const BASE = "http://roster.test/api/v1/webhooks";

type Handler = (request: Request, route: { params: Promise<Record<string, string>> }) => Promise<Response>;

function call(handler: Handler, init: { method: string; path?: string; key?: string; body?: unknown; raw?: string; params?: Record<string, string> }) {
  const headers: Record<string, string> = {};
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  if (init.body !== undefined || init.raw !== undefined) headers["content-type"] = "application/json";
  const request = new Request(`${BASE}${init.path ?? ""}`, {
    method: init.method,
    headers,
    body: init.raw ?? (init.body === undefined ? undefined : JSON.stringify(init.body)),
  });
  return handler(request, { params: Promise.resolve(init.params ?? {}) });
}

async function apiKey(): Promise<string> {
  return (await createApiKey(await getDb(), "webhooks api test")).key;
}

// Endpoints to a public address would be tried by any worker sharing the database: removed after the run.
const createdIds: string[] = [];
afterAll(async () => {
  if (createdIds.length > 0) await (await getDb()).delete(webhookEndpoints).where(inArray(webhookEndpoints.id, createdIds));
});

async function createWebhook(key: string, body: Record<string, unknown> = {}) {
  const response = await call(collection.POST, { method: "POST", key, body: { url: PUBLIC_URL, ...body } });
  expect(response.status).toBe(201);
  const endpoint = webhookEndpointWithSecretSchema.parse(await response.json());
  createdIds.push(endpoint.id);
  return endpoint;
}

describe("/api/v1/webhooks", () => {
  it("answers 401 on every route without a key, with a wrong key and with a revoked key", async () => {
    const db = await getDb();
    const revoked = await createApiKey(db, "revoked");
    await revokeApiKey(db, revoked.id);
    const id = crypto.randomUUID();
    const routes: [Handler, string, Record<string, string>][] = [
      [collection.GET, "GET", {}],
      [collection.POST, "POST", {}],
      [item.GET, "GET", { id }],
      [item.PATCH, "PATCH", { id }],
      [item.DELETE, "DELETE", { id }],
      [rotate.POST, "POST", { id }],
      [test.POST, "POST", { id }],
      [deliveries.GET, "GET", { id }],
      [retry.POST, "POST", { id, deliveryId: "1" }],
    ];
    for (const [handler, method, params] of routes) {
      for (const key of [undefined, "rst_key_wrong", revoked.key]) {
        const body = method === "POST" || method === "PATCH" ? { url: PUBLIC_URL } : undefined;
        const response = await call(handler, { method, key, params, body });
        expect(response.status, `${method} ${JSON.stringify(params)} key=${key}`).toBe(401);
        expect(((await response.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
      }
    }
  });

  it("creates an endpoint, shows the secret once, and lists and reads it without it", async () => {
    const key = await apiKey();
    const t = await makeDirectory();
    const created = await createWebhook(key, { description: "CRM sync", eventTypes: ["user.created", "user.created", "group.member_added"], organizationId: t.organizationId });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    expect(created).toMatchObject({ url: PUBLIC_URL, description: "CRM sync", organizationId: t.organizationId, enabled: true, pendingDeliveries: 0 });
    expect(created.eventTypes).toEqual(["user.created", "group.member_added"]);
    const read = await call(item.GET, { method: "GET", key, params: { id: created.id } });
    expect(read.status).toBe(200);
    const body = (await read.json()) as Record<string, unknown>;
    expect(body.secret).toBeUndefined();
    expect(JSON.stringify(body)).not.toContain(created.secret);
    webhookEndpointSchema.parse(body);
    const list = webhookListSchema.parse(await (await call(collection.GET, { method: "GET", key })).json());
    expect(list.data.some((e) => e.id === created.id)).toBe(true);
    expect(JSON.stringify(list)).not.toContain(created.secret);
  });

  it("refuses bad input with 400 and the error shape", async () => {
    const key = await apiKey();
    const cases: [unknown, number, string][] = [
      ["{not json", 400, "invalid_json"],
      [{}, 400, "invalid_request"],
      [{ url: PUBLIC_URL, extra: true }, 400, "invalid_request"],
      [{ url: PUBLIC_URL, eventTypes: ["user.exploded"] }, 400, "invalid_request"],
      [{ url: PUBLIC_URL, organizationId: "acme" }, 400, "invalid_request"],
      [{ url: PUBLIC_URL, organizationId: crypto.randomUUID() }, 400, "invalid_reference"],
      [{ url: "ftp://93.184.215.14/" }, 400, "invalid_url"],
      [{ url: "https://127.0.0.1/hooks" }, 400, "invalid_url"],
      [{ url: "https://169.254.169.254/latest/meta-data/" }, 400, "invalid_url"],
      [{ url: "https://[::ffff:10.0.0.1]/hooks" }, 400, "invalid_url"],
      [{ url: "https://user:pw@93.184.215.14/hooks" }, 400, "invalid_url"],
    ];
    for (const [body, status, code] of cases) {
      const response = await call(collection.POST, typeof body === "string" ? { method: "POST", key, raw: body } : { method: "POST", key, body });
      expect(response.status, JSON.stringify(body)).toBe(status);
      const json = (await response.json()) as { error: { code: string; message: string; details?: unknown } };
      expect(json.error.code, JSON.stringify(body)).toBe(code);
      expect(json.error.message).toBeTruthy();
    }
    const created = await createWebhook(key);
    const patch = async (b: unknown) => call(item.PATCH, { method: "PATCH", key, params: { id: created.id }, body: b });
    expect((await patch({})).status).toBe(400);
    expect((await patch({ enabled: "yes" })).status).toBe(400);
    expect((await patch({ url: "https://10.1.2.3/" })).status).toBe(400);
    const badGrace = await call(rotate.POST, { method: "POST", key, params: { id: created.id }, body: { graceSeconds: -1 } });
    expect(badGrace.status).toBe(400);
    const badCursor = await call(deliveries.GET, { method: "GET", key, path: "?after=nonsense", params: { id: created.id } });
    expect(badCursor.status).toBe(400);
    expect(((await badCursor.json()) as { error: { code: string } }).error.code).toBe("invalid_cursor");
  });

  it("answers 404 for unknown endpoints and deliveries, malformed ids included", async () => {
    const key = await apiKey();
    const created = await createWebhook(key);
    for (const id of [crypto.randomUUID(), "not-an-id"]) {
      const params = { id };
      const responses = [
        await call(item.GET, { method: "GET", key, params }),
        await call(item.PATCH, { method: "PATCH", key, params, body: { enabled: false } }),
        await call(item.DELETE, { method: "DELETE", key, params }),
        await call(rotate.POST, { method: "POST", key, params }),
        await call(test.POST, { method: "POST", key, params }),
        await call(deliveries.GET, { method: "GET", key, params }),
        await call(retry.POST, { method: "POST", key, params: { id, deliveryId: "1" } }),
      ];
      for (const r of responses) {
        expect(r.status).toBe(404);
        expect(((await r.json()) as { error: { code: string } }).error.code).toBe("not_found");
      }
    }
    for (const deliveryId of ["999999999", "abc", "-1"]) {
      const r = await call(retry.POST, { method: "POST", key, params: { id: created.id, deliveryId } });
      expect(r.status, deliveryId).toBe(404);
    }
  });

  it("disables and enables, rotates the secret with a grace period, queues test messages and pages the log", async () => {
    const key = await apiKey();
    const created = await createWebhook(key);
    const params = { id: created.id };
    const disabled = webhookEndpointSchema.parse(await (await call(item.PATCH, { method: "PATCH", key, params, body: { enabled: false } })).json());
    expect(disabled).toMatchObject({ enabled: false, disabledReason: "Disabled through the API." });
    const enabled = webhookEndpointSchema.parse(await (await call(item.PATCH, { method: "PATCH", key, params, body: { enabled: true, description: "again" } })).json());
    expect(enabled).toMatchObject({ enabled: true, disabledReason: null, description: "again" });

    const rotated = await call(rotate.POST, { method: "POST", key, params });
    expect(rotated.status).toBe(200);
    const r1 = webhookEndpointWithSecretSchema.parse(await rotated.json());
    expect(r1.secret).not.toBe(created.secret);
    expect(Date.parse(r1.previousSecretExpiresAt!) - Date.now()).toBeGreaterThan(23 * 3600 * 1000);
    const r2 = webhookEndpointWithSecretSchema.parse(await (await call(rotate.POST, { method: "POST", key, params, body: { graceSeconds: 0 } })).json());
    expect(r2.previousSecretExpiresAt).toBeNull();

    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const response = await call(test.POST, { method: "POST", key, params });
      expect(response.status).toBe(202);
      const delivery = webhookDeliverySchema.parse(await response.json());
      expect(delivery).toMatchObject({ status: "pending", eventId: null });
      expect(delivery.webhookId).toMatch(/^evt_test_/);
      ids.push(delivery.webhookId);
    }
    const first = webhookDeliveryPageSchema.parse(await (await call(deliveries.GET, { method: "GET", key, path: "?limit=2", params })).json());
    expect(first.data.map((d) => d.webhookId)).toEqual([ids[2], ids[1]]);
    expect(first.nextCursor).toBeTruthy();
    const second = webhookDeliveryPageSchema.parse(
      await (await call(deliveries.GET, { method: "GET", key, path: `?limit=2&after=${first.nextCursor}`, params })).json(),
    );
    expect(second.data.map((d) => d.webhookId)).toEqual([ids[0]]);
    expect(second.nextCursor).toBeNull();

    const retried = await call(retry.POST, { method: "POST", key, params: { id: created.id, deliveryId: String(second.data[0]!.id) } });
    expect(retried.status).toBe(202);
    expect(webhookDeliverySchema.parse(await retried.json()).status).toBe("pending");

    const gone = await call(item.DELETE, { method: "DELETE", key, params });
    expect(gone.status).toBe(204);
    expect((await call(item.GET, { method: "GET", key, params })).status).toBe(404);
  });
});
