// POST /api/v1/organizations/{id}/portal-links through its route handler: API-key auth,
// input validation, the link it returns and what opening it does.
import { describe, expect, it } from "vitest";
import { POST } from "@/app/api/v1/organizations/[orgId]/portal-links/route";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import { openPortalLink } from "@/lib/auth/portal-access";
import { makeDirectory } from "@/test/scim-helpers";

async function call(orgId: string, init: { key?: string; body?: unknown; rawBody?: string }) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (init.key) headers.authorization = `Bearer ${init.key}`;
  const body = init.rawBody ?? (init.body === undefined ? undefined : JSON.stringify(init.body));
  const response = await POST(
    new Request(`http://roster.test/api/v1/organizations/${orgId}/portal-links`, { method: "POST", headers, body }),
    { params: Promise.resolve({ orgId }) },
  );
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/v1/organizations/{id}/portal-links", () => {
  it("answers 201 with a single-use URL that opens the organization's portal at the intended tab", async () => {
    const t = await makeDirectory();
    const { key } = await createApiKey(t.db, "test");
    const res = await call(t.organizationId, { key, body: { intent: "users", returnUrl: "https://app.example.com/settings", expiresInSeconds: 600 } });
    expect(res.status).toBe(201);
    const url = new URL(res.body.url as string);
    expect(url.pathname).toMatch(/^\/portal\/link\/rst_pl_[A-Za-z0-9_-]{43}$/);
    const expiresIn = new Date(res.body.expiresAt as string).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThan(610_000);
    const token = url.pathname.split("/").at(-1)!;
    const opened = await openPortalLink(t.db, token, {});
    expect(opened).toMatchObject({ ok: true, organizationId: t.organizationId, intent: "users" });
    expect(await openPortalLink(t.db, token, {})).toEqual({ ok: false, reason: "used" });
  });

  it("takes no body as all defaults", async () => {
    const t = await makeDirectory();
    const { key } = await createApiKey(t.db, "test");
    const res = await call(t.organizationId, { key });
    expect(res.status).toBe(201);
    const expiresIn = new Date(res.body.expiresAt as string).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(290_000);
    expect(expiresIn).toBeLessThan(310_000);
  });

  it("refuses a missing, wrong or revoked API key with 401", async () => {
    const t = await makeDirectory();
    expect((await call(t.organizationId, { body: {} })).status).toBe(401);
    expect((await call(t.organizationId, { key: "rst_key_wrong", body: {} })).body).toMatchObject({ error: { code: "unauthorized" } });
    const { id, key } = await createApiKey(t.db, "revoked");
    await revokeApiKey(t.db, id);
    expect((await call(t.organizationId, { key, body: {} })).status).toBe(401);
  });

  it("answers 404 for an unknown organization and 400 with details for bad input", async () => {
    const t = await makeDirectory();
    const { key } = await createApiKey(t.db, "test");
    expect((await call(crypto.randomUUID(), { key, body: {} })).body).toMatchObject({ error: { code: "not_found" } });
    expect((await call("not-a-uuid", { key, body: {} })).status).toBe(404);
    for (const body of [
      { expiresInSeconds: 0 },
      { expiresInSeconds: 604_801 },
      { expiresInSeconds: 12.5 },
      { intent: "settings" },
      { returnUrl: "javascript:alert(1)" },
      { returnUrl: "not a url" },
      { unexpected: true },
    ]) {
      const res = await call(t.organizationId, { key, body });
      expect(res.status, JSON.stringify(body)).toBe(400);
      const error = res.body.error as { code: string; details: { path: string; message: string }[] };
      expect(error.code).toBe("invalid_request");
      expect(error.details.length).toBeGreaterThan(0);
    }
    expect((await call(t.organizationId, { key, rawBody: "{" })).body).toMatchObject({ error: { code: "invalid_json" } });
  });
});
