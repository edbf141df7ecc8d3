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
