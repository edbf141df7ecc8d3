import { expect, test } from "@playwright/test";
import { apiHeaders, createTestDirectory } from "../support/api";

test("the REST API refuses requests without a valid API key", async ({ request }) => {
  for (const authorization of [undefined, "Bearer rst_key_not-a-real-key-000000000000000", "Basic abc"]) {
    const res = await request.get("/api/v1/organizations", { headers: authorization ? { authorization } : {} });
    expect(res.status()).toBe(401);
    expect(res.headers()["www-authenticate"]).toContain("Bearer");
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe("unauthorized");
  }
});

test("organizations and directories are created through the API, with the token returned once", async ({ request }) => {
  const dir = await createTestDirectory(request, "pingone", `API Org ${Date.now()}`);
  expect(dir.organization.slug).toMatch(/^api-org-\d+$/);
  expect(dir.endpointUrl).toMatch(new RegExp(`/api/scim/${dir.directoryId}/v2$`));
  expect(dir.token).toMatch(/^rst_scim_[A-Za-z0-9_-]{43}$/);

  const list = await request.get(`/api/v1/organizations/${dir.organization.id}/directories`, { headers: apiHeaders() });
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { data: { id: string; provider: string; status: string }[] };
  expect(body.data).toEqual([expect.objectContaining({ id: dir.directoryId, provider: "pingone", status: "active" })]);
  expect(JSON.stringify(body)).not.toContain(dir.token);

  const orgs = (await (await request.get("/api/v1/organizations", { headers: apiHeaders() })).json()) as {
    data: { id: string; directories: number }[];
  };
  expect(orgs.data.find((o) => o.id === dir.organization.id)?.directories).toBe(1);
});

test("bad input gets a clear error and creates nothing", async ({ request }) => {
  const before = (await (await request.get("/api/v1/organizations", { headers: apiHeaders() })).json()) as { data: unknown[] };
  const empty = await request.post("/api/v1/organizations", { headers: apiHeaders(), data: { name: "  " } });
  expect(empty.status()).toBe(400);
  expect(((await empty.json()) as { error: { code: string } }).error.code).toBe("invalid_request");
  const notJson = await request.post("/api/v1/organizations", {
    headers: { ...apiHeaders(), "content-type": "application/json" },
    data: "{nope",
  });
  expect(notJson.status()).toBe(400);
  const badProvider = await request.post("/api/v1/organizations/00000000-0000-4000-8000-000000000000/directories", {
    headers: apiHeaders(),
    data: { provider: "pingone" },
  });
  expect(badProvider.status()).toBe(404);
  const after = (await (await request.get("/api/v1/organizations", { headers: apiHeaders() })).json()) as { data: unknown[] };
  expect(after.data.length).toBe(before.data.length);
});

test("a directory's users, pushed over SCIM, are listed through the API with their groups", async ({ request }) => {
  const dir = await createTestDirectory(request, "okta");
  const scim = { authorization: `Bearer ${dir.token}`, "content-type": "application/scim+json" };
  const created = await request.post(`${dir.endpointUrl}/Users`, {
    headers: scim,
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: "rest.e2e@example.com", name: { givenName: "Rest", familyName: "E2E" } },
  });
  expect(created.status()).toBe(201);
  const userId = ((await created.json()) as { id: string }).id;
  const group = await request.post(`${dir.endpointUrl}/Groups`, {
    headers: scim,
    data: { schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "E2E Team", members: [{ value: userId }] },
  });
  expect(group.status()).toBe(201);

  const list = await request.get(`/api/v1/directories/${dir.directoryId}/users?limit=10`, { headers: apiHeaders() });
  expect(list.status()).toBe(200);
  const body = (await list.json()) as { data: { id: string; userName: string; groups: { displayName: string }[] }[]; nextCursor: string | null };
  expect(body.nextCursor).toBeNull();
  expect(body.data).toEqual([expect.objectContaining({ id: userId, userName: "rest.e2e@example.com", groups: [expect.objectContaining({ displayName: "E2E Team" })] })]);

  const other = await createTestDirectory(request, "okta");
  const crossed = await request.get(`/api/v1/directories/${other.directoryId}/users/${userId}`, { headers: apiHeaders() });
  expect(crossed.status()).toBe(404);

  const doc = await request.get("/api/v1/openapi.json");
  expect(doc.status()).toBe(200);
  expect(((await doc.json()) as { openapi: string }).openapi).toBe("3.1.0");
});
