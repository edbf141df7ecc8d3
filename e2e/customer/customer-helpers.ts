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
