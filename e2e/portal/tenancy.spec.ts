// One organization's portal never shows another's directory, users, groups or requests,
// whatever ids are put into its URLs.
import { expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";
import { GROUP_SCHEMA, USER_SCHEMA, scim, snap } from "./portal-helpers";

test("an organization never sees another organization's data", async ({ page, request, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const run = Date.now().toString(36);
  const a = await createTestDirectory(request, "okta", `Tenant A ${run}`);
  const b = await createTestDirectory(request, "entra", `Tenant B ${run}`);
  const userA = await scim(request, a, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `alice.${run}@a.example`, name: { givenName: "Alice", familyName: "Able" } });
  const userB = await scim(request, b, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `bob.${run}@b.example`, name: { givenName: "Bob", familyName: "Baker" } });
  const groupB = await scim(request, b, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: `B secret ${run}`, members: [{ value: userB.body.id }] });
  expect([userA.status, userB.status, groupB.status]).toEqual([201, 201, 201]);

  await page.goto(`/orgs/${a.organization.slug}/users`);
  const users = page.getByRole("table", { name: "Users" });
  await expect(users).toContainText(`alice.${run}@a.example`);
  await expect(users).not.toContainText("b.example");
  await page.getByLabel("Search users").fill("bob");
  await expect(page.getByText("No matching users")).toBeVisible();
  await snap(page, testInfo, "tenant-a-users");

  // B's ids in A's URLs: B's directory is ignored, B's resources are not found.
  await page.goto(`/orgs/${a.organization.slug}/users?directory=${b.directoryId}`);
  await expect(page.getByRole("table", { name: "Users" })).toContainText(`alice.${run}@a.example`);
  await expect(page.getByRole("table", { name: "Users" })).not.toContainText("bob");
  for (const path of [`users/${userB.body.id as string}`, `groups/${groupB.body.id as string}`]) {
    await page.goto(`/orgs/${a.organization.slug}/${path}?directory=${b.directoryId}`);
    await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
    await expect(page.getByText("Bob")).toHaveCount(0);
  }
  await page.goto(`/orgs/${a.organization.slug}/groups`);
  await expect(page.getByText("No groups yet")).toBeVisible();
  await page.goto(`/orgs/${a.organization.slug}/events`);
  await expect(page.getByRole("list", { name: "Events" })).not.toContainText("bob");
  await expect(page.getByRole("list", { name: "Events" })).not.toContainText("B secret");

  // A's request log does not list B's requests.
  await page.goto(`/orgs/${a.organization.slug}/scim/requests?directory=${b.directoryId}`);
  await expect(page.getByRole("heading", { name: /Request log/ })).toContainText("Okta");
  const log = page.getByRole("table", { name: "SCIM requests" });
  await expect(log.getByRole("link", { name: "POST /Users 201, details" })).toHaveCount(1);
  await expect(log.getByRole("link", { name: /POST \/Groups/ })).toHaveCount(0);

  // The live stream of one organization needs a session and names only that organization.
  // (Plain fetch: no cookies, and the status is known before any stream body.)
  const anonymous = await fetch(`${baseURL}/api/orgs/${a.organization.slug}/live`, { signal: AbortSignal.timeout(15_000) });
  expect(anonymous.status).toBe(401);
  await anonymous.body?.cancel();
});
