// Shared steps of the portal specs: onboarding a directory the way an operator does (in
// the browser), speaking SCIM the way a provider does (over HTTP with the page's values),
// and saving screenshots as test artifacts.
import { type APIRequestContext, type Page, type TestInfo, expect } from "@playwright/test";

export type PortalDirectory = { slug: string; endpointUrl: string; token: string };

export const USER_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:User";
export const GROUP_SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Group";
export const ENTERPRISE_SCHEMA = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
export const PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

export function uniqueName(prefix: string): string {
  return `${prefix} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** Creates an organization from the Organizations page; lands on its SCIM Provisioning tab. */
export async function createOrganization(page: Page, name: string): Promise<string> {
  await page.goto("/orgs");
  await page.getByLabel("Organization name").fill(name);
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/orgs\/[^/]+\/scim$/);
  return new URL(page.url()).pathname.split("/")[2]!;
}

/** Picks the provider, clicks Configure and reads the Endpoint URL and token off the page. */
export async function configureDirectory(page: Page, providerName = "PingIdentity"): Promise<{ endpointUrl: string; token: string }> {
  await page.getByRole("radio", { name: providerName }).check();
  await page.getByRole("button", { name: "Configure" }).click();
  const endpoint = page.getByRole("textbox", { name: "Endpoint URL" });
  await expect(endpoint).toHaveValue(/\/api\/scim\/[0-9a-f-]{36}\/v2$/);
  const token = page.getByRole("textbox", { name: "Bearer token" });
  await expect(token).toHaveValue(/^rst_scim_[A-Za-z0-9_-]{40,}$/);
  await expect(page.getByText("You will not see it again")).toBeVisible();
  return { endpointUrl: await endpoint.inputValue(), token: await token.inputValue() };
}

export async function onboard(page: Page, orgName: string, providerName = "PingIdentity"): Promise<PortalDirectory> {
  const slug = await createOrganization(page, orgName);
  return { slug, ...(await configureDirectory(page, providerName)) };
}

export type ScimResponse = { status: number; body: Record<string, unknown> };

/** One SCIM request as an identity provider sends it. */
export async function scim(
  request: APIRequestContext,
  dir: { endpointUrl: string; token: string },
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE",
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<ScimResponse> {
  const res = await request.fetch(`${dir.endpointUrl}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${dir.token}`,
      accept: "application/scim+json",
      ...(body === undefined ? {} : { "content-type": "application/scim+json" }),
      ...headers,
    },
    data: body === undefined ? undefined : JSON.stringify(body),
    maxRedirects: 0,
  });
  const text = await res.text();
  return { status: res.status(), body: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

/** A full-page screenshot saved into the test's output folder and attached to its report. */
export async function snap(page: Page, testInfo: TestInfo, name: string): Promise<void> {
  const path = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path, fullPage: true });
  await testInfo.attach(name, { path, contentType: "image/png" });
}

/**
 * Marks the document so a test can prove the page was never reloaded: a reload (or a
 * full navigation) creates a new window object and loses the mark.
 */
export async function markDocument(page: Page): Promise<() => Promise<boolean>> {
  const mark = `m${Math.random().toString(36).slice(2)}`;
  await page.evaluate((m) => {
    (window as unknown as Record<string, unknown>).__rosterMark = m;
  }, mark);
  return () => page.evaluate((m) => (window as unknown as Record<string, unknown>).__rosterMark === m, mark);
}

/** The live indicator says the SSE stream is connected. */
export async function expectLive(page: Page): Promise<void> {
  await expect(page.getByRole("status").filter({ hasText: /^Live$/ })).toBeVisible();
}
