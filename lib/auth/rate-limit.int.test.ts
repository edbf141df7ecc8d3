// The rate limiter through the real edges, with small configured limits: SCIM (429 with a
// SCIM error and Retry-After), REST (429 in its format), failed SCIM tokens, API keys and
// passwords throttled, and counters that stay exact under concurrent callers on separate
// connections (what several server instances are).
import { afterAll, describe, expect, it, vi } from "vitest";

// Read once by lib/env, on first use (after this module body runs).
process.env.ROSTER_RATE_LIMIT_PER_TOKEN = "5";
process.env.ROSTER_RATE_LIMIT_PER_IP = "8";
process.env.ROSTER_AUTH_FAILURE_LIMIT = "3";
process.env.ROSTER_SIGNIN_FAILURE_LIMIT = "4";
process.env.AUTH_SECRET ??= "rate-limit-test-secret-0123456789abcdef";

import { GET as listOrganizations } from "@/app/api/v1/organizations/route";
import { getDb } from "@/db/client";
import { createApiKey } from "@/lib/auth/api-key";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { handlers } from "@/lib/auth/config";
import { createOperator } from "@/lib/auth/operators";
import { type Budget, RateLimitedError, pruneRateLimitCounters, takeRequest } from "@/lib/auth/rate-limit";
import { scimClient } from "@/test/scim-client";
import { makeDirectory } from "@/test/scim-helpers";

/** A client IP no other test uses, so tests do not share budgets. */
const freshIp = () => `198.51.100.${Math.floor(Math.random() * 250)}-${crypto.randomUUID().slice(0, 8)}`;

describe("SCIM rate limits", () => {
  it("answers 429 with a SCIM error and Retry-After once a token spends its budget", async () => {
    const t = await makeDirectory();
    const scim = scimClient(t.directoryId, t.token);
    const headers = { [CLIENT_IP_HEADER]: freshIp() };
    for (let i = 0; i < 5; i++) expect((await scim("GET", "/Users", { headers })).status).toBe(200);
    const refused = await scim("GET", "/Users", { headers: { [CLIENT_IP_HEADER]: freshIp() } });
    expect(refused.status).toBe(429);
    expect(refused.headers.get("content-type")).toBe("application/scim+json");
    expect(refused.body).toMatchObject({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429" });
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // A refused request changes nothing: a create over the limit creates no user.
    const create = await scim("POST", "/Users", { headers, body: { userName: "over@example.com" } });
    expect(create.status).toBe(429);
    expect((await t.db.query.directoryUsers.findMany({ where: (u, { eq }) => eq(u.directoryId, t.directoryId) })).length).toBe(0);

    // Another directory's token is a budget of its own.
    const other = await makeDirectory();
    expect((await scimClient(other.directoryId, other.token)("GET", "/Users", { headers: { [CLIENT_IP_HEADER]: freshIp() } })).status).toBe(200);
  });

  it("limits one client IP across tokens", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const headers = { [CLIENT_IP_HEADER]: freshIp() };
    for (let i = 0; i < 4; i++) {
      expect((await scimClient(a.directoryId, a.token)("GET", "/Users", { headers })).status).toBe(200);
      expect((await scimClient(b.directoryId, b.token)("GET", "/Users", { headers })).status).toBe(200);
    }
    const refused = await scimClient(a.directoryId, a.token)("GET", "/ServiceProviderConfig", { headers });
    expect(refused.status).toBe(429);
    expect(refused.text).toMatch(/per client IP/);
  });

  it("throttles repeated bad tokens per IP and directory, without locking out other directories", async () => {
    const t = await makeDirectory();
    const other = await makeDirectory();
    const scim = scimClient(t.directoryId, t.token);
    const headers = { [CLIENT_IP_HEADER]: freshIp() };
    for (let i = 0; i < 3; i++) expect((await scim("GET", "/Users", { headers, token: `rst_scim_wrong${i}` })).status).toBe(401);
    // Past the failure budget not even the right token is verified from that IP…
    const throttled = await scim("GET", "/Users", { headers });
    expect(throttled.status).toBe(429);
    expect(throttled.text).toMatch(/failed authentications/);
    expect(Number(throttled.headers.get("retry-after"))).toBeGreaterThan(0);
    // …while the same IP still reaches another directory, and another IP reaches this one.
    expect((await scimClient(other.directoryId, other.token)("GET", "/Users", { headers })).status).toBe(200);
    expect((await scim("GET", "/Users", { headers: { [CLIENT_IP_HEADER]: freshIp() } })).status).toBe(200);
  });
});

describe("REST rate limits", () => {
  async function call(key: string, ip: string) {
    const response = await listOrganizations(
      new Request("http://roster.test/api/v1/organizations", { headers: { authorization: `Bearer ${key}`, [CLIENT_IP_HEADER]: ip } }),
      { params: Promise.resolve({}) },
    );
    return { status: response.status, headers: response.headers, body: (await response.json()) as { error?: { code: string } } };
  }

  it("answers 429 {error:{code:rate_limited}} with Retry-After past an API key's budget", async () => {
    const { key } = await createApiKey(await getDb(), "rate limit test");
    for (let i = 0; i < 5; i++) expect((await call(key, freshIp())).status).toBe(200);
    const refused = await call(key, freshIp());
    expect(refused.status).toBe(429);
    expect(refused.body.error?.code).toBe("rate_limited");
    expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("throttles repeated bad API keys from one IP", async () => {
    const { key } = await createApiKey(await getDb(), "rate limit test");
    const ip = freshIp();
    for (let i = 0; i < 3; i++) expect((await call(`rst_key_wrong${i}`, ip)).status).toBe(401);
    expect((await call(key, ip)).status).toBe(429);
    expect((await call(key, freshIp())).status).toBe(200);
  });
});

describe("sign-in throttling (next-auth credentials)", () => {
  /** A sign-in POST as the browser sends it: CSRF cookie and token first. */
  async function signIn(email: string, password: string, ip: string): Promise<URL> {
    const csrf = await handlers.GET(new Request("http://roster.test/api/auth/csrf", { headers: { [CLIENT_IP_HEADER]: ip } }) as never);
    const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const response = await handlers.POST(
      new Request("http://roster.test/api/auth/callback/credentials", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", cookie, [CLIENT_IP_HEADER]: ip },
        body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/orgs" }),
      }) as never,
    );
    return new URL(response.headers.get("location") ?? "", "http://roster.test");
  }

  it("stops checking passwords for an account after repeated failures, from any IP", async () => {
    const email = `op-${crypto.randomUUID()}@example.com`;
    await createOperator(await getDb(), { email, name: "Op", password: "correct horse battery staple" });
    expect((await signIn(email, "correct horse battery staple", freshIp())).pathname).toBe("/orgs");
    for (let i = 0; i < 4; i++) {
      const failed = await signIn(email, `wrong ${i}`, freshIp());
      expect(failed.searchParams.get("code")).toBe("credentials");
    }
    // The right password no longer helps, from yet another IP, until the window ends.
    const throttled = await signIn(email, "correct horse battery staple", freshIp());
    expect(throttled.pathname).toBe("/login");
    expect(throttled.searchParams.get("code")).toBe("rate_limited");
  });

  it("throttles one IP guessing across accounts", async () => {
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      expect((await signIn(`nobody-${crypto.randomUUID()}@example.com`, "guess", ip)).searchParams.get("code")).toBe("credentials");
    }
    expect((await signIn(`nobody-${crypto.randomUUID()}@example.com`, "guess", ip)).searchParams.get("code")).toBe("rate_limited");
  });
});

describe("counters in Postgres", () => {
  const extra: { end(): Promise<void> }[] = [];
  afterAll(async () => {
    for (const c of extra) await c.end();
  });

  it("stay exact under concurrent callers on separate connections (several instances)", async () => {
    const db = await getDb();
    const executors = [db];
    if (process.env.DATABASE_URL) {
      // Two more pools on the same database, as two more server processes would have.
      const { default: postgres } = await import("postgres");
      const { drizzle } = await import("drizzle-orm/postgres-js");
      for (let i = 0; i < 2; i++) {
        const client = postgres(process.env.DATABASE_URL, { max: 4, onnotice: () => {} });
        extra.push(client);
        executors.push(drizzle(client) as unknown as typeof db);
      }
    }
    const budget: Budget = { key: `test:${crypto.randomUUID()}`, limit: 25, windowSeconds: 60, what: "test" };
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        takeRequest(executors[i % executors.length]!, [budget]).then(
          () => "ok",
          (error: unknown) => {
            if (error instanceof RateLimitedError) return "limited";
            throw error;
          },
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(25);
    expect(outcomes.filter((o) => o === "limited")).toHaveLength(35);
  });

  it("lease large budgets ahead, and still never admit more than the budget across instances", async () => {
    const db = await getDb();
    // Two separate module instances with state of their own: two server processes, each with
    // leases of its own (the process-wide maps live on globalThis; each import gets fresh ones).
    const fresh = async () => {
      const g = globalThis as { __rosterRateLeases?: unknown; __rosterFailureViews?: unknown };
      delete g.__rosterRateLeases;
      delete g.__rosterFailureViews;
      vi.resetModules();
      return import("@/lib/auth/rate-limit");
    };
    const a = await fresh();
    const b = await fresh();
    expect(a.takeRequest).not.toBe(b.takeRequest);
    const budget: Budget = { key: `test:${crypto.randomUUID()}`, limit: 1500, windowSeconds: 60, what: "test" };
    const admitted = { a: 0, b: 0 };
    const spend = async (instance: typeof a, name: "a" | "b") => {
      for (;;) {
        try {
          await instance.takeRequest(db, [budget]);
          admitted[name] += 1;
        } catch (error) {
          if (error instanceof instance.RateLimitedError) return;
          throw error;
        }
      }
    };
    await Promise.all([spend(a, "a"), spend(b, "b"), spend(a, "a"), spend(b, "b")]);
    expect(admitted.a + admitted.b).toBe(1500);
    expect(admitted.a).toBeGreaterThan(0);
    expect(admitted.b).toBeGreaterThan(0);
    // Leases: the shared row counts reservations, not requests — far fewer statements than
    // requests (a lease grows to 1 % of the budget), and never more hits than the budget
    // plus the refused reservations' own.
    const row = await db.query.rateLimitCounters.findFirst({ where: (c, { eq }) => eq(c.key, budget.key) });
    expect(row?.hits).toBeGreaterThanOrEqual(1500);
  }, 60_000);

  it("start a new window when the old one ends, and prune ended windows", async () => {
    const db = await getDb();
    const budget: Budget = { key: `test:${crypto.randomUUID()}`, limit: 2, windowSeconds: 2, what: "test" };
    await takeRequest(db, [budget]);
    await takeRequest(db, [budget]);
    await expect(takeRequest(db, [budget])).rejects.toBeInstanceOf(RateLimitedError);
    await new Promise((r) => setTimeout(r, 2000));
    await takeRequest(db, [budget]);
    await new Promise((r) => setTimeout(r, 2100));
    await pruneRateLimitCounters(db);
    const left = await db.query.rateLimitCounters.findFirst({ where: (c, { eq }) => eq(c.key, budget.key) });
    expect(left).toBeUndefined();
  });
});
