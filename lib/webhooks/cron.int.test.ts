// /api/cron/webhooks driven through its route handler (as a serverless host calls it): the
// CRON_SECRET check, and a drain that delivers what the events feed holds with no worker
// running in the process.
import { eq } from "drizzle-orm";
import { afterAll, describe, expect, it } from "vitest";
import { webhookEndpoints } from "@/db/schema";
import { GET, POST } from "@/app/api/cron/webhooks/route";
import { directoryUsers } from "@/lib/directory/users";
import { makeDirectory, userInput } from "@/test/scim-helpers";
import { startReceiver, waitFor } from "@/test/webhook-receiver";
import { createEndpoint } from "./endpoints";

// Read by lib/env on first use, which comes after these lines.
const CRON_SECRET = "cron-secret-for-the-integration-test";
process.env.CRON_SECRET = CRON_SECRET;
process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "true";

const receiverPromise = startReceiver([]);
afterAll(async () => (await receiverPromise).close());

const cron = (method: "GET" | "POST", authorization?: string) =>
  (method === "GET" ? GET : POST)(new Request("http://roster.test/api/cron/webhooks", { method, headers: authorization ? { authorization } : {} }));

describe("/api/cron/webhooks", () => {
  it("refuses requests without the CRON_SECRET bearer token", async () => {
    for (const authorization of [undefined, "Bearer wrong", `Basic ${CRON_SECRET}`, `Bearer ${CRON_SECRET}x`]) {
      const response = await cron("GET", authorization);
      expect(response.status, String(authorization)).toBe(401);
    }
  });

  it("delivers the queued events in one bounded run, GET as Vercel Cron sends it, or POST", async () => {
    const receiver = await receiverPromise;
    const t = await makeDirectory();
    const { endpoint, secret } = await createEndpoint(t.db, { url: receiver.url, organizationId: t.organizationId }, { type: "system" });
    receiver.secrets = [secret];
    try {
      const users = directoryUsers(t.db, t.ref);
      for (let i = 0; i < 12; i++) await users.create(userInput({ userName: `cron${i}-${crypto.randomUUID()}@x.test` }));
      const started = Date.now();
      const response = await cron("GET", `Bearer ${CRON_SECRET}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as { webhooks: { succeeded: number } };
      expect(body.webhooks.succeeded).toBeGreaterThan(0);
      expect(Date.now() - started).toBeLessThan(26_000);
      await waitFor(async () => {
        if (new Set(receiver.accepted).size < 12) expect((await cron("GET", `Bearer ${CRON_SECRET}`)).status).toBe(200);
        return new Set(receiver.accepted).size === 12;
      }, 10_000, "twelve events");
      await users.create(userInput({ userName: `cron-late-${crypto.randomUUID()}@x.test` }));
      // An event is read once no older transaction still runs (other test files write
      // meanwhile), so it may take the next scheduled call, as it would in production.
      await waitFor(async () => {
        expect((await cron("POST", `Bearer ${CRON_SECRET}`)).status).toBe(200);
        return new Set(receiver.accepted).size === 13;
      }, 10_000, "the late event");
      expect(receiver.received.every((r) => r.isVerified)).toBe(true);
    } finally {
      await t.db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, endpoint.id));
    }
  });
});
