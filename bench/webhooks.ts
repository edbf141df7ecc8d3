// `npm run bench -- --only webhooks [--writes 300] [--deliveries 3000]`
//
// The webhook path, in-process against a fresh PostgreSQL database:
// 1. What a webhook subscription costs a SCIM write: the directory write (the transaction a
//    SCIM POST /Users runs, lib/directory/users.ts) timed with no endpoint, then with an
//    endpoint subscribed and the worker delivering at the same time. The write path itself
//    does not touch the webhook tables (fan-out reads the events afterwards), so any
//    difference is the worker competing for the same CPUs and database.
// 2. Delivery throughput: a backlog of --deliveries events fanned out and delivered to a
//    local receiver (127.0.0.1, verifying every signature with `standardwebhooks`), timed
//    from the worker's start to the last 2xx.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import { type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { Webhook } from "standardwebhooks";
import { createDatabase, databaseUrl, dropDatabase } from "./server";

export type WebhookBenchOptions = { writes: number; deliveries: number; keep: boolean };

type LatencyStats = { count: number; perSecond: number; p50: number; p95: number; p99: number; max: number };

function stats(samples: number[], seconds: number): LatencyStats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return { count: samples.length, perSecond: samples.length / seconds, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: sorted.at(-1) ?? 0 };
}

function log(message: string): void {
  console.log(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

async function startReceiver(secret: () => string): Promise<{ url: string; accepted: Set<string>; failures: number; close(): Promise<void> }> {
  const state = { accepted: new Set<string>(), failures: 0 };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      try {
        new Webhook(secret()).verify(Buffer.concat(chunks).toString("utf8"), {
          "webhook-id": String(req.headers["webhook-id"]),
          "webhook-timestamp": String(req.headers["webhook-timestamp"]),
          "webhook-signature": String(req.headers["webhook-signature"]),
        });
        state.accepted.add(String(req.headers["webhook-id"]));
        res.writeHead(204).end();
      } catch {
        state.failures += 1;
        res.writeHead(400).end();
      }
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`,
    get accepted() {
      return state.accepted;
    },
    get failures() {
      return state.failures;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export async function runWebhookBench(opts: WebhookBenchOptions): Promise<void> {
  const serverUrl = process.env.DATABASE_URL || "postgres://postgres@127.0.0.1:5432/postgres";
  if (!/^postgres(ql)?:\/\//.test(serverUrl)) throw new Error("DATABASE_URL must be a postgres:// URL");
  const startedAt = new Date();
  const stamp = startedAt.toISOString().replace(/[:.]/g, "-");
  const dbName = `roster_bench_webhooks_${startedAt.toISOString().replace(/\D/g, "").slice(0, 17)}`;
  await createDatabase(serverUrl, dbName);
  // lib/env reads these once, on first use: set before anything asks.
  process.env.DATABASE_URL = databaseUrl(serverUrl, dbName);
  process.env.AUTH_SECRET = randomBytes(32).toString("base64url");
  process.env.ROSTER_WEBHOOK_ALLOW_PRIVATE = "true";
  const { closeDb, getDb } = await import("@/db/client");
  try {
    const { migrateDatabase } = await import("@/db/migrate");
    await migrateDatabase();
    const db = await getDb();
    const { organizations } = await import("@/db/schema");
    const { createDirectory } = await import("@/lib/directory/directories");
    const { directoryUsers } = await import("@/lib/directory/users");
    const { parseResourceBody, userColumns } = await import("@/lib/scim/resources");
    const { createEndpoint } = await import("@/lib/webhooks/endpoints");
    const { WebhookWorker, workerOptionsFromEnv } = await import("@/lib/webhooks/worker");

    const [org] = await db.insert(organizations).values({ name: "Webhook bench", slug: `wh-bench-${Date.now()}` }).returning();
    const { directory } = await createDirectory(db, org!.id, { provider: "generic" });
    const users = directoryUsers(db, { id: directory.id, organizationId: org!.id });
    let n = 0;
    const writeUser = async () => {
      const { data } = parseResourceBody("User", {
        schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"],
        userName: `bench${n++}@wh.test`,
        name: { givenName: "Bench", familyName: `User ${n}` },
        emails: [{ value: `bench${n}@wh.test`, primary: true }],
      });
      await users.create({ data, columns: userColumns(data) });
    };
    const timeWrites = async (count: number) => {
      const samples: number[] = [];
      const started = performance.now();
      for (let i = 0; i < count; i++) {
        const t0 = performance.now();
        await writeUser();
        samples.push(performance.now() - t0);
      }
      return stats(samples, (performance.now() - started) / 1000);
    };

    log(`warming up, then ${opts.writes} user writes with no webhook endpoint…`);
    await timeWrites(50);
    const without = await timeWrites(opts.writes);

    let secret = "";
    const receiver = await startReceiver(() => secret);
    const created = await createEndpoint(db, { url: receiver.url, organizationId: org!.id }, { type: "system" });
    secret = created.secret;
    const worker = new WebhookWorker(db, workerOptionsFromEnv());
    await worker.start();
    log(`${opts.writes} user writes with an endpoint subscribed and the worker delivering…`);
    const withHook = await timeWrites(opts.writes);
    const deadline = Date.now() + 60_000;
    while (receiver.accepted.size < opts.writes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const deliveredDuringWrites = receiver.accepted.size;
    await worker.stop();

    log(`queueing a backlog of ${opts.deliveries} events with the worker stopped…`);
    const backlogStart = receiver.accepted.size;
    for (let i = 0; i < opts.deliveries; i++) await writeUser();
    const drainWorker = new WebhookWorker(db, workerOptionsFromEnv());
    const t0 = performance.now();
    await drainWorker.start();
    const target = backlogStart + opts.deliveries;
    const drainDeadline = Date.now() + 300_000;
    while (receiver.accepted.size < target && Date.now() < drainDeadline) await new Promise((r) => setTimeout(r, 5));
    const seconds = (performance.now() - t0) / 1000;
    const delivered = receiver.accepted.size - backlogStart;
    await drainWorker.stop();
    await receiver.close();

    const result = {
      meta: { startedAt: startedAt.toISOString(), cpus: os.cpus().length, writes: opts.writes, deliveries: opts.deliveries },
      scimWrite: { withoutEndpoint: without, withEndpointAndWorker: withHook, deliveredDuringWrites },
      throughput: { delivered, seconds, perSecond: delivered / seconds, signatureFailures: receiver.failures },
    };
    const f = (v: number) => v.toFixed(1);
    console.log(`\nWebhooks — ${os.cpus().length} CPUs, in-process, PostgreSQL`);
    console.log(`SCIM user write (the domain transaction), ${opts.writes} sequential writes:`);
    console.log(`  no endpoint:                     p50 ${f(without.p50)} ms  p95 ${f(without.p95)} ms  p99 ${f(without.p99)} ms  (${f(without.perSecond)}/s)`);
    console.log(`  endpoint + worker delivering:    p50 ${f(withHook.p50)} ms  p95 ${f(withHook.p95)} ms  p99 ${f(withHook.p99)} ms  (${f(withHook.perSecond)}/s); ${deliveredDuringWrites}/${opts.writes} delivered`);
    console.log(`Delivery throughput to a local verifying receiver: ${delivered} deliveries in ${seconds.toFixed(2)} s = ${(delivered / seconds).toFixed(0)}/s (target ≥ 200/s)${receiver.failures ? `, ${receiver.failures} signature failures` : ""}`);
    const dir = path.join(process.cwd(), "bench", "results");
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${stamp}-webhooks.json`);
    fs.writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`Results: ${path.relative(process.cwd(), file)}`);
  } finally {
    await closeDb();
    if (!opts.keep) await dropDatabase(serverUrl, dbName);
  }
}
