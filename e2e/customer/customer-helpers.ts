// The SaaS application's side of the customer specs: it creates organizations and portal
// links through the REST API, as its backend would.
import { type APIRequestContext, type Browser, type BrowserContext, expect } from "@playwright/test";
import { apiHeaders, createOrganization } from "../support/api";
import { STORAGE_STATE } from "../support/operator";

export type PortalLinkInput = { returnUrl?: string; expiresInSeconds?: number; intent?: string };

export async function createPortalLink(request: APIRequestContext, orgId: string, input: PortalLinkInput = {}): Promise<{ url: string; expiresAt: string }> {
  const res = await request.post(`/api/v1/organizations/${orgId}/portal-links`, { headers: apiHeaders(), data: input });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as { url: string; expiresAt: string };
}

export async function newOrganization(request: APIRequestContext, prefix: string) {
  return createOrganization(request, `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`);
}

/** An operator's browser context beside the customer's, for the operator's side of a spec. */
export async function operatorContext(browser: Browser, baseURL: string | undefined): Promise<BrowserContext> {
  return browser.newContext({ storageState: STORAGE_STATE, baseURL });
}

/** The roles the specs use. The role set is the deployment's: every spec defines the same ones. */
export const E2E_ROLES = [
  { key: "admin", name: "Admin", description: "Manages the workspace" },
  { key: "member", name: "Member", description: "Uses the workspace" },
];

/** The SaaS defines its roles (PUT /api/v1/roles), keeping any others already defined. */
export async function defineRoles(request: APIRequestContext): Promise<void> {
  const current = (await (await request.get("/api/v1/roles", { headers: apiHeaders() })).json()) as {
    data: { key: string; name: string; description: string | null; isDefault: boolean }[];
  };
  const mine = new Set(E2E_ROLES.map((r) => r.key));
  const others = current.data.filter((r) => !mine.has(r.key)).map(({ key, name, description, isDefault }) => ({ key, name, description, isDefault }));
  const res = await request.put("/api/v1/roles", { headers: apiHeaders(), data: { roles: [...E2E_ROLES, ...others] } });
  expect(res.status(), await res.text()).toBe(200);
}
