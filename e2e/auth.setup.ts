import fs from "node:fs";
import path from "node:path";
import { expect, test as setup } from "@playwright/test";
import { FIRST_OPERATOR, STORAGE_STATE } from "./support/operator";

setup("sign in as the first operator", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill(FIRST_OPERATOR.email);
  await page.getByLabel("Password").fill(FIRST_OPERATOR.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/orgs/);
  fs.mkdirSync(path.dirname(STORAGE_STATE), { recursive: true });
  await page.context().storageState({ path: STORAGE_STATE });
});
