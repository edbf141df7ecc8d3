// REST API helpers for specs: organizations and directories are created through
// /api/v1 with the run's bootstrap API key (works on the embedded database too, where a
// second process may not open the server's database).
import { expect, type APIRequestContext } from "@playwright/test";
import { e2eApiKey } from "./operator";

export type TestDirectory = {
  organization: { id: string; slug: string; name: string };
  directoryId: string;
  endpointUrl: string;
  token: string;
};

export function apiHeaders(): Record<string, string> {
  return { authorization: `Bearer ${e2eApiKey()}` };
}

export async function createOrganization(request: APIRequestContext, name: string): Promise<TestDirectory["organization"]> {
  const res = await request.post("/api/v1/organizations", { headers: apiHeaders(), data: { name } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as TestDirectory["organization"];
}

/** A fresh organization with one directory; the token is the only copy. */
export async function createTestDirectory(
  request: APIRequestContext,
  provider: "pingone" | "okta" | "entra" | "onelogin" | "jumpcloud" | "generic",
  orgName = `${provider} test ${Date.now()} ${Math.random().toString(36).slice(2, 7)}`,
): Promise<TestDirectory> {
  const organization = await createOrganization(request, orgName);
  const res = await request.post(`/api/v1/organizations/${organization.id}/directories`, {
    headers: apiHeaders(),
    data: { provider },
  });
  expect(res.status(), await res.text()).toBe(201);
  const body = (await res.json()) as { id: string; scim: { endpointUrl: string; token: string } };
  return { organization, directoryId: body.id, endpointUrl: body.scim.endpointUrl, token: body.scim.token };
}
