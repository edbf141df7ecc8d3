// OAuth 2 client credentials against the running server, the way the two providers that
// offer it authenticate: PingOne's "OAuth 2 Client Credentials" (HTTP Basic client
// authentication) and Entra ID's client-credentials grant (client_id / client_secret in the
// form). Token request → SCIM create → token expiry (a server started with a short lifetime
// is not needed: the expiry itself is covered by lib/scim-http/oauth.int.test.ts) → revoke →
// 401 → a new secret → a new token.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { apiHeaders, createTestDirectory, type TestDirectory } from "../support/api";
import { sendScim } from "./replay";

type Client = { id: string; clientId: string; clientSecret: string; tokenUrl: string };

async function createClient(request: APIRequestContext, dir: TestDirectory): Promise<Client> {
  const res = await request.post(`/api/v1/directories/${dir.directoryId}/oauth-clients`, { headers: apiHeaders() });
  expect(res.status(), await res.text()).toBe(201);
  const client = (await res.json()) as Client;
  expect(client.tokenUrl).toBe(dir.endpointUrl.replace(/\/v2$/, "/oauth/token"));
  return client;
}

async function tokenOf(request: APIRequestContext, client: Client, style: "basic" | "form"): Promise<{ status: number; body: Record<string, unknown> }> {
  const form: Record<string, string> = { grant_type: "client_credentials" };
  const headers: Record<string, string> = {};
  if (style === "basic") {
    headers.authorization = `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString("base64")}`;
  } else {
    form.client_id = client.clientId;
    form.client_secret = client.clientSecret;
  }
  const res = await request.post(client.tokenUrl, { form, headers, maxRedirects: 0 });
  return { status: res.status(), body: (await res.json()) as Record<string, unknown> };
}

for (const [provider, style] of [["pingone", "basic"], ["entra", "form"]] as const) {
  test(`${provider}-style client credentials (${style} client authentication): token, create, revoke, 401, new secret`, async ({ request }) => {
    const dir = await createTestDirectory(request, provider);
    const client = await createClient(request, dir);
    const issued = await tokenOf(request, client, style);
    expect(issued.status).toBe(200);
    expect(issued.body).toMatchObject({ token_type: "Bearer", expires_in: 3600 });
    const accessToken = issued.body.access_token as string;

    const created = await sendScim(request, { ...dir, token: accessToken }, {
      method: "POST",
      path: "/Users",
      body: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `oauth.${Date.now()}@example.com` },
    });
    expect(created.status).toBe(201);

    const wrong = await tokenOf(request, { ...client, clientSecret: "rst_secret_wrong" }, style);
    expect([wrong.status, wrong.body.error]).toEqual([401, "invalid_client"]);

    const revoked = await request.delete(`/api/v1/directories/${dir.directoryId}/oauth-clients/${client.id}`, { headers: apiHeaders() });
    expect(revoked.status()).toBe(204);
    expect((await sendScim(request, { ...dir, token: accessToken }, { method: "GET", path: "/Users" })).status).toBe(401);

    const next = await createClient(request, dir);
    expect(next.clientId).toBe(client.clientId);
    const again = await tokenOf(request, next, style);
    expect(again.status).toBe(200);
    expect((await sendScim(request, { ...dir, token: again.body.access_token as string }, { method: "GET", path: "/Users" })).status).toBe(200);
  });
}
