// Secrets never leak after they are created: a scripted session creates an API key, an
// organization and a directory (its SCIM token), provisions users (one with a password, as
// Okta sends it), makes failing requests (wrong tokens, a token in the query string, a token
// pasted into an attribute), creates and opens a portal link (its session token), and signs
// an operator in and out with right and wrong passwords (the session cookie). Then every
// line the process printed, every stored request-log entry, audit entry, event and rate
// counter, and every error body are searched for each secret.
import { inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.AUTH_SECRET ??= "secrets-test-auth-secret-0123456789abcdef";

import { POST as createDirectoryRoute } from "@/app/api/v1/organizations/[orgId]/directories/route";
import { POST as createPortalLinkRoute } from "@/app/api/v1/organizations/[orgId]/portal-links/route";
import { POST as createOrganizationRoute } from "@/app/api/v1/organizations/route";
import { getDb } from "@/db/client";
import { auditLog, events, rateLimitCounters, scimRequests } from "@/db/schema";
import { createApiKey } from "@/lib/auth/api-key";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { handlers } from "@/lib/auth/config";
import { createOperator } from "@/lib/auth/operators";
import { openPortalLink } from "@/lib/auth/portal-access";
import { settleBackground } from "@/lib/background";
import { scimClient } from "@/test/scim-client";

/** Everything written to stdout/stderr or through console while the session runs. */
const captured: string[] = [];
const restore: (() => void)[] = [];

beforeAll(() => {
  for (const stream of [process.stdout, process.stderr]) {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: unknown, ...rest: unknown[]) => {
      captured.push(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array<ArrayBuffer>).toString("utf8"));
      return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
    });
    restore.push(() => (stream.write = write));
  }
  // Vitest routes console calls around process.stdout, so they are captured on their own.
  /* eslint-disable no-console, @typescript-eslint/unbound-method -- capturing every console method is the point */
  for (const method of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      captured.push(args.map((a) => (a instanceof Error ? `${a.message}\n${a.stack ?? ""}` : typeof a === "string" ? a : JSON.stringify(a) ?? String(a))).join(" "));
      original(...args);
    };
    restore.push(() => (console[method] = original));
  }
  /* eslint-enable no-console, @typescript-eslint/unbound-method */
});
afterAll(() => {
  for (const undo of restore) undo();
});

type Rest = (request: Request, route: { params: Promise<never> }) => Promise<Response>;
async function rest(handler: unknown, url: string, key: string, params: Record<string, string>, body: unknown) {
  const response = await (handler as Rest)(
    new Request(`http://roster.test${url}`, {
      method: "POST",
      headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    }),
    { params: Promise.resolve(params as never) },
  );
  return { status: response.status, text: await response.text() };
}

async function signIn(email: string, password: string): Promise<{ location: string; cookies: string[] }> {
  const ip = { [CLIENT_IP_HEADER]: `203.0.113.${Math.floor(Math.random() * 250)}-${crypto.randomUUID()}` };
  const csrf = await handlers.GET(new Request("http://roster.test/api/auth/csrf", { headers: ip }) as never);
  const cookie = csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; ");
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const response = await handlers.POST(
    new Request("http://roster.test/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie, ...ip },
      body: new URLSearchParams({ email, password, csrfToken, callbackUrl: "/orgs" }),
    }) as never,
  );
  return { location: response.headers.get("location") ?? "", cookies: response.headers.getSetCookie() };
}

describe("secrets after creation", () => {
  it("appear in no log line, stored log, audit entry, event, counter or error body", { timeout: 60_000 }, async () => {
    const db = await getDb();
    const secrets: Record<string, string> = {};
    const errorBodies: string[] = [];

    const { key } = await createApiKey(db, "secrets test");
    secrets.apiKey = key;
    const org = await rest(createOrganizationRoute, "/api/v1/organizations", key, {}, { name: `Secrets ${crypto.randomUUID().slice(0, 6)}` });
    const orgId = (JSON.parse(org.text) as { id: string }).id;
    const dir = await rest(createDirectoryRoute, `/api/v1/organizations/${orgId}/directories`, key, { orgId }, { provider: "okta" });
    expect(dir.status).toBe(201);
    const created = JSON.parse(dir.text) as { id: string; scim: { token: string } };
    secrets.scimToken = created.scim.token;

    const scim = scimClient(created.id, created.scim.token);
    secrets.userPassword = `Pw-${crypto.randomUUID()}`;
    expect((await scim("POST", "/Users", { body: { userName: "okta@example.com", password: secrets.userPassword } })).status).toBe(201);
    // A client that sends the token as a query parameter too, and a request with it pasted
    // into a value (refused, so nothing but the request log keeps it).
    expect((await scim("GET", `/Users?access_token=${created.scim.token}&count=1`)).status).toBe(200);
    const pasted = await scim("PUT", `/Users/${crypto.randomUUID()}`, { body: { userName: "paste@example.com", nickName: created.scim.token } });
    expect(pasted.status).toBe(404);
    // Failures: a wrong token, a token of the right shape on a wrong directory, a bad body.
    for (const reply of [
      await scim("GET", "/Users", { token: `${created.scim.token.slice(0, -4)}AAAA` }),
      await scim("GET", "/Users", { tenant: crypto.randomUUID() }),
      await scim("POST", "/Users", { rawBody: `{"userName": "x", "password": "${secrets.userPassword}"` }),
      await scim("PATCH", "/Users/nope", { body: { Operations: [{ op: "replace", value: { password: secrets.userPassword } }] } }),
    ]) {
      expect(reply.status).toBeGreaterThanOrEqual(400);
      errorBodies.push(reply.text);
    }

    const link = await rest(createPortalLinkRoute, `/api/v1/organizations/${orgId}/portal-links`, key, { orgId }, {});
    const linkToken = new URL((JSON.parse(link.text) as { url: string }).url).pathname.split("/").at(-1)!;
    secrets.portalLink = linkToken;
    const opened = await openPortalLink(db, linkToken, {});
    if (!opened.ok) throw new Error("link did not open");
    secrets.portalSession = opened.session.token;
    errorBodies.push(JSON.stringify(await openPortalLink(db, linkToken, {})));

    const email = `secrets-${crypto.randomUUID()}@example.com`;
    secrets.operatorPassword = `Op-${crypto.randomUUID()}`;
    await createOperator(db, { email, name: "Secret Keeper", password: secrets.operatorPassword });
    const wrong = await signIn(email, `${secrets.operatorPassword}-wrong`);
    expect(wrong.location).toContain("error=");
    const good = await signIn(email, secrets.operatorPassword);
    const session = good.cookies.find((c) => c.startsWith("authjs.session-token=") || c.startsWith("__Secure-authjs.session-token="));
    expect(session).toBeDefined();
    secrets.sessionCookie = session!.split(";")[0]!.split("=").slice(1).join("=");
    // The session cookie is httpOnly and SameSite: scripts and other sites' requests get nothing.
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);

    await settleBackground();
    const stored = JSON.stringify({
      requests: await db.select().from(scimRequests).where(inArray(scimRequests.directoryId, [created.id])),
      audit: await db.select().from(auditLog),
      events: await db.select().from(events).where(inArray(events.directoryId, [created.id])),
      counters: await db.select().from(rateLimitCounters),
    }, (_key, value: unknown) => (typeof value === "bigint" ? String(value) : value));
    const output = captured.join("\n");
    expect(output.length).toBeGreaterThan(0);
    // The log did record the requests (with the pasted token masked to its prefix).
    expect(stored).toContain("paste@example.com");
    expect(stored).toContain("rst_scim_********");

    for (const [name, secret] of Object.entries(secrets)) {
      expect(secret.length, name).toBeGreaterThan(10);
      expect(output.includes(secret), `${name} in the process output`).toBe(false);
      expect(stored.includes(secret), `${name} in stored logs, audit, events or counters`).toBe(false);
      for (const body of errorBodies) expect(body.includes(secret), `${name} in an error body`).toBe(false);
    }
  });
});
