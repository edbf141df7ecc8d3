// Token management from the SCIM Provisioning tab: a rotated token is shown once and
// works alongside the old one until the old one is revoked; a revoked token gets 401.
import { expect, test } from "@playwright/test";
import { onboard, scim, snap, uniqueName } from "./portal-helpers";

const prefixOf = (token: string) => token.slice(0, "rst_scim_".length + 6);

test("rotate shows a new token once, both work until the old one is revoked, then it gets 401", async ({ page, request }, testInfo) => {
  const dir = await onboard(page, uniqueName("Token Co"));
  const first = dir.token;
  expect((await scim(request, dir, "GET", "/Users?startIndex=1&count=1")).status).toBe(200);

  await page.getByRole("button", { name: "I have copied the token" }).click();
  const tokenBox = page.getByRole("textbox", { name: "Bearer token" });
  await expect(tokenBox).toHaveValue(new RegExp(`^${prefixOf(first)}•+$`));
  expect(await page.content()).not.toContain(first);

  await page.getByRole("button", { name: "Rotate token" }).click();
  await expect(page.getByText("You will not see it again")).toBeVisible();
  const second = await tokenBox.inputValue();
  expect(second).toMatch(/^rst_scim_/);
  expect(second).not.toBe(first);

  const tokens = page.getByRole("table", { name: "SCIM tokens" });
  await expect(tokens.getByRole("row").filter({ hasText: "Active" })).toHaveCount(2);
  // Rotation keeps the old token working, so the provider can be switched over first.
  expect((await scim(request, { ...dir, token: first }, "GET", "/Users")).status).toBe(200);
  expect((await scim(request, { ...dir, token: second }, "GET", "/Users")).status).toBe(200);
  await snap(page, testInfo, "tokens-rotated");

  await page.getByRole("button", { name: `Revoke token ${prefixOf(first)}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("refused with 401");
  await dialog.getByRole("button", { name: "Revoke token" }).click();
  await expect(dialog).toBeHidden();
  const firstRow = tokens.getByRole("row").filter({ hasText: prefixOf(first) });
  await expect(firstRow.getByText("Revoked", { exact: true })).toBeVisible();

  const revoked = await scim(request, { ...dir, token: first }, "GET", "/Users");
  expect(revoked.status).toBe(401);
  expect(revoked.body).toMatchObject({ status: "401" });
  expect((await scim(request, { ...dir, token: second }, "GET", "/Users")).status).toBe(200);

  // After a reload the new token too is only its prefix: it was never stored anywhere.
  await page.reload();
  await expect(tokenBox).toHaveValue(new RegExp(`^${prefixOf(second)}•+$`));
  expect(await page.content()).not.toContain(second);
  await expect(tokens.getByRole("row").filter({ hasText: prefixOf(second) }).getByText("Active", { exact: true })).toBeVisible();
  await snap(page, testInfo, "tokens-revoked");
});
