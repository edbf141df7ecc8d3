// Serverless hosts run plain `next start` (or functions), without Roster's Node server and
// with no worker between requests: webhooks are delivered by the cron route. This spec
// starts the production build that way — `next start`, ROSTER_WEBHOOK_WORKER=off, its own
// embedded database — creates an endpoint through the API, writes through SCIM, and checks
// that nothing is delivered until /api/cron/webhooks is called with CRON_SECRET, and then
// everything is, signed.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { expect, test } from "@playwright/test";
import { type Receiver, startReceiver, waitFor } from "../../test/webhook-receiver";

const CRON_SECRET = `cron-${Math.random().toString(36).slice(2)}-secret`;
const API_KEY = `rst_key_cron${Math.random().toString(36).slice(2)}${Math.random().toString(36).slice(2)}`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

let server: ChildProcess | undefined;
let dataDir = "";
let origin = "";
let receiver: Receiver;

test.beforeAll(async () => {
  test.setTimeout(120_000);
  receiver = await startReceiver([]);
  const port = await freePort();
  origin = `http://127.0.0.1:${port}`;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-next-start-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: "production",
    ROSTER_DATA_DIR: dataDir,
    AUTH_SECRET: "next-start-spec-auth-secret-0123456789abcdef",
    AUTH_URL: origin,
    APP_URL: origin,
    ROSTER_BOOTSTRAP_API_KEY: API_KEY,
    CRON_SECRET,
    ROSTER_WEBHOOK_WORKER: "off",
    ROSTER_WEBHOOK_ALLOW_PRIVATE: "true",
  };
  server = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-H", "127.0.0.1", "-p", String(port)], {
    env,
    stdio: "ignore",
  });
  await waitFor(
    async () => {
      try {
        return (await fetch(`${origin}/api/health`)).ok;
      } catch {
        return false;
      }
    },
    90_000,
    "next start",
  );
});

test.afterAll(async () => {
  server?.kill("SIGTERM");
  await receiver?.close();
  await new Promise((r) => setTimeout(r, 500));
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

async function api(method: string, pathname: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await fetch(`${origin}${pathname}`, {
    method,
    headers: { authorization: `Bearer ${API_KEY}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await response.text();
  return { status: response.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

test("under plain next start, the cron route delivers the queued webhooks, and only with CRON_SECRET", async () => {
  const org = await api("POST", "/api/v1/organizations", { name: `Cron Co ${Date.now()}` });
  expect(org.status).toBe(201);
  const directory = await api("POST", `/api/v1/organizations/${String(org.json.id)}/directories`, { provider: "okta" });
  expect(directory.status).toBe(201);
  const scimConfig = directory.json.scim as { endpointUrl: string; token: string };
  const hook = await api("POST", "/api/v1/webhooks", { url: receiver.url, organizationId: org.json.id });
  expect(hook.status).toBe(201);
  receiver.secrets = [String(hook.json.secret)];

  for (let i = 0; i < 3; i++) {
    const created = await fetch(`${scimConfig.endpointUrl}/Users`, {
      method: "POST",
      headers: { authorization: `Bearer ${scimConfig.token}`, "content-type": "application/scim+json" },
      body: JSON.stringify({ schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `cron${i}@cron.test`, active: true }),
    });
    expect(created.status).toBe(201);
  }
  // No worker in this process: nothing arrives by itself.
  await new Promise((r) => setTimeout(r, 2000));
  expect(receiver.received).toHaveLength(0);

  expect((await fetch(`${origin}/api/cron/webhooks`)).status).toBe(401);
  expect((await fetch(`${origin}/api/cron/webhooks`, { headers: { authorization: "Bearer nope" } })).status).toBe(401);
  const run = await fetch(`${origin}/api/cron/webhooks`, { headers: { authorization: `Bearer ${CRON_SECRET}` } });
  expect(run.status).toBe(200);
  const result = (await run.json()) as { webhooks: { succeeded: number } };
  expect(result.webhooks.succeeded).toBe(3);
  expect(receiver.accepted).toHaveLength(3);
  expect(receiver.received.every((r) => r.isVerified && r.body.type === "user.created")).toBe(true);
});
