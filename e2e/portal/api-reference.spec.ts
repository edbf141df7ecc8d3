// The API reference is one click from the portal's header and renders the generated
// OpenAPI document with the browser offline from everything but Roster itself.
import { expect, test } from "@playwright/test";

test("the header links to a readable API reference served by Roster alone", async ({ page }, testInfo) => {
  const outside: string[] = [];
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (!["127.0.0.1", "localhost"].includes(url.hostname) && url.protocol.startsWith("http")) outside.push(r.url());
  });
  await page.goto("/orgs");
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "API reference" }).click();
  await expect(page).toHaveURL(/\/docs\/api$/);
  await expect(page.getByRole("heading", { name: "Roster API" }).first()).toBeVisible({ timeout: 20_000 });
  // Scalar renders the operations from the generated document (a few seconds on a busy machine).
  await expect(page.getByRole("link", { name: /List organizations/ }).first()).toBeVisible({ timeout: 30_000 });
  await page.getByRole("link", { name: "Users", exact: true }).first().click();
  await expect(page.getByRole("link", { name: /List a directory's users/ }).first()).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath("api-reference.png") });
  expect(outside).toEqual([]);
});
