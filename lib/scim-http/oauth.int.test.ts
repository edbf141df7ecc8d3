/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment --
   response bodies are parsed JSON (`any`); the assertions are what check their shape. */
// OAuth 2 client credentials for the SCIM endpoint, through the real route handlers: every
// RFC 6749 §5.2 error the token endpoint can give, and the flow a PingOne- or Entra-style
// client runs: token request → SCIM create → token expiry → 401 → new token.
import { afterEach, describe, expect, it, vi } from "vitest";
import * as tokenRoute from "@/app/api/scim/[tenant]/oauth/token/route";
import * as oauthClient from "@/app/api/v1/directories/[directoryId]/oauth-clients/[secretId]/route";
import * as oauthClients from "@/app/api/v1/directories/[directoryId]/oauth-clients/route";
import { createApiKey } from "@/lib/auth/api-key";
import { createClientSecret, revokeClientSecret } from "@/lib/auth/oauth-client";
import { env } from "@/lib/env";
import { makeDirectory } from "@/test/scim-helpers";
import { scimClient } from "@/test/scim-client";

type Form = Record<string, string>;

async function requestToken(
  tenant: string,
  opts: { form?: Form; basic?: [string, string]; headers?: Record<string, string>; rawBody?: string } = {},
) {
  const headers: Record<string, string> = { "content-type": "application/x-www-form-urlencoded", ...opts.headers };
  if (opts.basic) {
    const [id, secret] = opts.basic;
    headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString("base64")}`;
  }
  const body = opts.rawBody ?? new URLSearchParams(opts.form ?? {}).toString();
  const response = await tokenRoute.POST(
    new Request(`http://roster.test/api/scim/${tenant}/oauth/token`, { method: "POST", headers, body }),
    { params: Promise.resolve({ tenant }) },
  );
  const json: any = await response.json(); // eslint-disable-line @typescript-eslint/no-explicit-any
  return { status: response.status, headers: response.headers, body: json };
}

async function setup() {
  const t = await makeDirectory();
  const client = await createClientSecret(t.db, t.ref, { type: "system" });
  return { ...t, client };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("the token endpoint (RFC 6749 §4.4)", () => {
  it("issues a Bearer token for HTTP Basic client authentication and for form fields", async () => {
    const t = await setup();
    const basic = await requestToken(t.directoryId, { form: { grant_type: "client_credentials" }, basic: [t.client.clientId, t.client.clientSecret] });
    expect(basic.status).toBe(200);
    expect(basic.body).toEqual({ access_token: expect.stringMatching(/^rst_at_[A-Za-z0-9_-]{43}$/), token_type: "Bearer", expires_in: 3600 });
    expect(basic.headers.get("cache-control")).toBe("no-store");
    expect(basic.headers.get("pragma")).toBe("no-cache");
    const form = await requestToken(t.directoryId, {
      form: { grant_type: "client_credentials", client_id: t.client.clientId, client_secret: t.client.clientSecret, scope: "scim" },
    });
    expect(form.status).toBe(200);
    expect(form.body.access_token).not.toBe(basic.body.access_token);
    // The client id may repeat in the body next to Basic (Entra does), if it is the same.
    const both = await requestToken(t.directoryId, {
      form: { grant_type: "client_credentials", client_id: t.client.clientId },
      basic: [t.client.clientId, t.client.clientSecret],
      headers: { "content-type": "application/x-www-form-urlencoded; charset=UTF-8" },
    });
    expect(both.status).toBe(200);
  });

  it("answers every error case with the RFC 6749 §5.2 code and status", async () => {
    const t = await setup();
    const other = await setup();
    const { clientId, clientSecret } = t.client;
    const grant = { grant_type: "client_credentials" };
    const cases: [string, Awaited<ReturnType<typeof requestToken>>, number, string][] = [
      ["no grant_type", await requestToken(t.directoryId, { basic: [clientId, clientSecret] }), 400, "invalid_request"],
      ["empty grant_type", await requestToken(t.directoryId, { form: { grant_type: "" }, basic: [clientId, clientSecret] }), 400, "invalid_request"],
      ["grant_type twice", await requestToken(t.directoryId, { rawBody: "grant_type=client_credentials&grant_type=client_credentials", basic: [clientId, clientSecret] }), 400, "invalid_request"],
      ["password grant", await requestToken(t.directoryId, { form: { grant_type: "password", username: "a", password: "b" }, basic: [clientId, clientSecret] }), 400, "unsupported_grant_type"],
      ["authorization_code grant", await requestToken(t.directoryId, { form: { grant_type: "authorization_code", code: "x" }, basic: [clientId, clientSecret] }), 400, "unsupported_grant_type"],
      ["JSON body", await requestToken(t.directoryId, { headers: { "content-type": "application/json" }, rawBody: JSON.stringify(grant), basic: [clientId, clientSecret] }), 400, "invalid_request"],
      ["two authentication methods", await requestToken(t.directoryId, { form: { ...grant, client_secret: clientSecret }, basic: [clientId, clientSecret] }), 400, "invalid_request"],
      ["no client authentication", await requestToken(t.directoryId, { form: grant }), 401, "invalid_client"],
      ["client_id without a secret", await requestToken(t.directoryId, { form: { ...grant, client_id: clientId } }), 401, "invalid_client"],
      ["wrong secret", await requestToken(t.directoryId, { form: grant, basic: [clientId, "rst_secret_wrong"] }), 401, "invalid_client"],
      ["wrong client id", await requestToken(t.directoryId, { form: grant, basic: ["rst_client_nope", clientSecret] }), 401, "invalid_client"],
      ["another directory's client", await requestToken(t.directoryId, { form: grant, basic: [other.client.clientId, other.client.clientSecret] }), 401, "invalid_client"],
      ["this client on another directory's URL", await requestToken(other.directoryId, { form: grant, basic: [clientId, clientSecret] }), 401, "invalid_client"],
      ["a malformed directory id", await requestToken("not-a-directory", { form: grant, basic: [clientId, clientSecret] }), 401, "invalid_client"],
      ["a Bearer header", await requestToken(t.directoryId, { form: grant, headers: { authorization: `Bearer ${t.token}` } }), 401, "invalid_client"],
      ["Basic without a colon", await requestToken(t.directoryId, { form: grant, headers: { authorization: `Basic ${Buffer.from(clientSecret).toString("base64")}` } }), 401, "invalid_client"],
    ];
    for (const [label, reply, status, code] of cases) {
      expect({ label, status: reply.status, error: reply.body.error }).toEqual({ label, status, error: code });
      expect(typeof reply.body.error_description, label).toBe("string");
      expect(reply.body.access_token, label).toBeUndefined();
      if (status === 401) expect(reply.headers.get("www-authenticate"), label).toBe('Basic realm="Roster OAuth"');
    }
    await revokeClientSecret(t.db, t.ref, t.client.id, { type: "system" });
    const revoked = await requestToken(t.directoryId, { form: grant, basic: [clientId, clientSecret] });
    expect([revoked.status, revoked.body.error]).toEqual([401, "invalid_client"]);
  });
});

describe("SCIM with client-credentials access tokens", () => {
  it("token → create → expiry → 401 → new token → create, and revocation ends the tokens it obtained", async () => {
    const t = await setup();
    const scim = scimClient(t.directoryId, t.token);
    const first = await requestToken(t.directoryId, { form: { grant_type: "client_credentials" }, basic: [t.client.clientId, t.client.clientSecret] });
    const token = first.body.access_token as string;

    const created = await scim("POST", "/Users", { token, body: { userName: "ada@example.com" } });
    expect(created.status).toBe(201);
    // Exactly like a SCIM token: another directory's URL is the same 401.
    const elsewhere = await makeDirectory();
    expect((await scim("GET", "/Users", { token, tenant: elsewhere.directoryId })).status).toBe(401);

    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Date.now() + (env().oauthTokenLifetimeSeconds + 1) * 1000);
    const expired = await scim("GET", "/Users", { token });
    expect(expired.status).toBe(401);
    expect(expired.headers.get("www-authenticate")).toBe('Bearer realm="Roster SCIM"');
    expect(expired.body.schemas).toEqual(["urn:ietf:params:scim:api:messages:2.0:Error"]);

    const second = await requestToken(t.directoryId, { form: { grant_type: "client_credentials" }, basic: [t.client.clientId, t.client.clientSecret] });
    expect(second.status).toBe(200);
    const again = await scim("POST", "/Users", { token: second.body.access_token as string, body: { userName: "grace@example.com" } });
    expect(again.status).toBe(201);
    vi.useRealTimers();

    // Rotation: a second secret under the same client id; both work until the old is revoked.
    const rotated = await createClientSecret(t.db, t.ref, { type: "system" });
    expect(rotated.clientId).toBe(t.client.clientId);
    const fromRotated = await requestToken(t.directoryId, { form: { grant_type: "client_credentials" }, basic: [rotated.clientId, rotated.clientSecret] });
    expect(fromRotated.status).toBe(200);
    await revokeClientSecret(t.db, t.ref, t.client.id, { type: "system" });
    expect((await scim("GET", "/Users", { token: second.body.access_token as string })).status).toBe(401);
    expect((await scim("GET", "/Users", { token: fromRotated.body.access_token as string })).status).toBe(200);
    // The directory's SCIM token keeps working beside them.
    expect((await scim("GET", "/Users")).status).toBe(200);
  });
});

describe("REST: /api/v1/directories/{id}/oauth-clients", () => {
  it("creates a client secret (201 clientId, clientSecret, tokenUrl), lists it without the secret, revokes it", async () => {
    const t = await makeDirectory("entra");
    const key = await createApiKey(t.db, "oauth test");
    const auth = { authorization: `Bearer ${key.key}` };
    const params = { params: Promise.resolve({ directoryId: t.directoryId }) };
    const created = await oauthClients.POST(
      new Request(`http://roster.test/api/v1/directories/${t.directoryId}/oauth-clients`, { method: "POST", headers: auth }),
      params,
    );
    expect(created.status).toBe(201);
    const body = (await created.json()) as { id: string; clientId: string; clientSecret: string; tokenUrl: string };
    expect(body.clientId).toMatch(/^rst_client_/);
    expect(body.clientSecret).toMatch(/^rst_secret_/);
    expect(body.tokenUrl).toBe(`http://roster.test/api/scim/${t.directoryId}/oauth/token`);
    const token = await requestToken(t.directoryId, { form: { grant_type: "client_credentials" }, basic: [body.clientId, body.clientSecret] });
    expect(token.status).toBe(200);

    const listed = await oauthClients.GET(new Request(`http://roster.test/api/v1/directories/${t.directoryId}/oauth-clients`, { headers: auth }), params);
    const list = await listed.text();
    expect(list).toContain(body.id);
    expect(list).not.toContain(body.clientSecret);

    const revoke = (secretId: string) =>
      oauthClient.DELETE(new Request(`http://roster.test/api/v1/directories/${t.directoryId}/oauth-clients/${secretId}`, { method: "DELETE", headers: auth }), {
        params: Promise.resolve({ directoryId: t.directoryId, secretId }),
      });
    expect((await revoke(body.id)).status).toBe(204);
    expect((await revoke(body.id)).status).toBe(404);
    expect((await scimClient(t.directoryId, t.token)("GET", "/Users", { token: token.body.access_token as string })).status).toBe(401);
    const missing = await oauthClients.POST(
      new Request("http://roster.test/api/v1/directories/00000000-0000-4000-8000-000000000000/oauth-clients", { method: "POST", headers: auth }),
      { params: Promise.resolve({ directoryId: "00000000-0000-4000-8000-000000000000" }) },
    );
    expect(missing.status).toBe(404);
  });
});
