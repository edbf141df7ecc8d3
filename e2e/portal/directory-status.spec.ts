// Disabling a directory refuses provisioning with 403 and keeps its data; enabling it
// lets the provider back in; deleting it (typed confirmation) ends it for good.
import { expect, test } from "@playwright/test";
import { USER_SCHEMA, onboard, scim, snap, uniqueName } from "./portal-helpers";

test("disable → 403, enable → 200, delete with a typed confirmation", async ({ page, request }, testInfo) => {
  const dir = await onboard(page, uniqueName("Status Co"));
  const userName = `kept.${Date.now()}@example.com`;
  expect((await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName })).status).toBe(201);

  await page.getByRole("button", { name: "Disable directory" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("403");
  await dialog.getByRole("button", { name: "Disable directory" }).click();
  await expect(page.getByText("Provisioning is paused")).toBeVisible();
  await expect(page.getByText("Disabled", { exact: true })).toBeVisible();

  const refused = await scim(request, dir, "GET", "/Users");
  expect(refused.status).toBe(403);
  expect((await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `new.${userName}` })).status).toBe(403);
  await snap(page, testInfo, "directory-disabled");

  // The data stays, and the change is on the timeline.
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("table", { name: "Users" })).toContainText(userName);
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Events" }).click();
  await expect(page.getByRole("list", { name: "Events" })).toContainText("PingIdentity disabled");

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "SCIM Provisioning" }).click();
  await page.getByRole("button", { name: "Enable directory" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Enable directory" }).click();
  await expect(page.getByText("Provisioning is paused")).toHaveCount(0);
  expect((await scim(request, dir, "GET", "/Users")).status).toBe(200);

  await page.getByRole("button", { name: "Delete directory" }).click();
  const confirm = page.getByRole("dialog").getByRole("button", { name: "Delete directory" });
  await expect(confirm).toBeDisabled();
  await page.getByRole("dialog").getByLabel("Type PingIdentity to confirm").fill("PingIdentity");
  await confirm.click();
  await expect(page.getByText("Deleted the PingIdentity directory")).toBeVisible();
  await expect(page.getByRole("radio", { name: "PingIdentity" })).toBeVisible();
  expect([401, 404]).toContain((await scim(request, dir, "GET", "/Users")).status);
});
