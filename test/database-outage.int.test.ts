// The database goes away and comes back, through a TCP proxy this test opens and closes in
// front of the shared PostgreSQL (which must never be stopped): SCIM answers 503 with a SCIM
// error and Retry-After, the REST API a 503 in its format, /api/health 503; once the
// database is reachable again everything works in the same process, without a restart.
// Only with DATABASE_URL: the embedded database lives in the process and cannot go away.
import net from "node:net";
import { afterAll, describe, expect, it } from "vitest";

const upstream = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : undefined;

/** A proxy that can refuse connections (closed) and cut the ones it holds. */
class PgProxy {
  private server: net.Server | undefined;
  private sockets = new Set<net.Socket>();
  constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<PgProxy> {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const proxy = new PgProxy(port, target);
    await proxy.open();
    return proxy;
  }

  async open(): Promise<void> {
    const server = net.createServer((client) => {
      const db = net.connect(this.target.port, this.target.host);
      for (const s of [client, db]) {
        this.sockets.add(s);
        s.on("close", () => this.sockets.delete(s));
        s.on("error", () => s.destroy());
      }
      client.pipe(db).pipe(client);
      client.on("close", () => db.destroy());
      db.on("close", () => client.destroy());
    });
    await new Promise<void>((resolve) => server.listen(this.port, "127.0.0.1", resolve));
    this.server = server;
  }

  /** Stops listening (new connections: ECONNREFUSED) and cuts every open connection. */
  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

const proxy = upstream
  ? await PgProxy.start({ host: upstream.hostname, port: Number(upstream.port || 5432) })
  : undefined;
if (upstream && proxy) {
  const through = new URL(upstream);
  through.host = `127.0.0.1:${proxy.port}`;
  // Read once by lib/env, on first use: this file's process talks to Postgres only through the proxy.
  process.env.DATABASE_URL = through.toString();
}

const { GET: health } = await import("@/app/api/health/route");
const { GET: listOrganizations } = await import("@/app/api/v1/organizations/route");
const { createApiKey } = await import("@/lib/auth/api-key");
const { settleBackground } = await import("@/lib/background");
const { scimClient } = await import("@/test/scim-client");
const { makeDirectory } = await import("@/test/scim-helpers");

afterAll(async () => {
  await settleBackground();
  await proxy?.close();
});

describe.skipIf(!proxy)("database outage", () => {
  it("answers 503 with Retry-After in each API's format while the database is away, and recovers without a restart", async () => {
    const t = await makeDirectory();
    const { key } = await createApiKey(t.db, "outage test");
    const scim = scimClient(t.directoryId, t.token);
    const rest = () =>
      listOrganizations(new Request("http://roster.test/api/v1/organizations", { headers: { authorization: `Bearer ${key}` } }), {
        params: Promise.resolve({}),
      });
    expect((await scim("POST", "/Users", { body: { userName: "before@example.com" } })).status).toBe(201);
    expect((await health()).status).toBe(200);
    await settleBackground();

    await proxy!.close();
    const started = performance.now();
    const down = await scim("GET", "/Users");
    expect(down.status).toBe(503);
    expect(down.headers.get("content-type")).toBe("application/scim+json");
    expect(down.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "503" });
    expect(down.text).not.toMatch(/ECONNREFUSED|postgres|127\.0\.0\.1/i);
    expect(Number(down.headers.get("retry-after"))).toBeGreaterThan(0);
    // A write is refused the same way, not half done.
    const write = await scim("POST", "/Users", { body: { userName: "during@example.com" } });
    expect(write.status).toBe(503);

    const restDown = await rest();
    expect(restDown.status).toBe(503);
    expect(Number(restDown.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await restDown.json()).toMatchObject({ error: { code: "database_unavailable" } });

    const healthDown = await health();
    expect(healthDown.status).toBe(503);
    expect(await healthDown.json()).toMatchObject({ status: "unavailable" });
    // Refused connections fail fast: no request hangs on the outage.
    expect(performance.now() - started).toBeLessThan(10_000);

    await proxy!.open();
    expect((await health()).status).toBe(200);
    const list = await scim("GET", "/Users");
    expect(list.status).toBe(200);
    expect((list.body as { Resources: { userName: string }[] }).Resources.map((u) => u.userName)).toEqual(["before@example.com"]);
    expect((await scim("POST", "/Users", { body: { userName: "during@example.com" } })).status).toBe(201);
    expect((await rest()).status).toBe(200);
  });
});
