import { expect, test } from "@playwright/test";
import { FIRST_OPERATOR } from "../support/operator";

// The whole first-run path on a brand-new database, in order: setup, sign in, organizations,
// sign out. Later projects reuse the operator created here.
test.describe.configure({ mode: "serial" });

test("a new install sends the visitor to /setup, which creates the first operator", async ({ page }) => {
  await page.goto("/");
  await expect(page).toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Roster" })).toBeVisible();

  // Bad input is explained and nothing is created.
  await page.getByLabel("Email").fill("not-an-email");
  await page.getByLabel("Password", { exact: true }).fill("short");
  await page.getByLabel("Confirm password").fill("different");
  await page.getByRole("button", { name: "Create operator and sign in" }).click();
  await expect(page.getByText("Enter a valid email address.")).toBeVisible();
  await expect(page.getByText("Use at least 10 characters.")).toBeVisible();
  await expect(page.getByText("The passwords do not match.")).toBeVisible();

  await page.getByLabel("Your name").fill(FIRST_OPERATOR.name);
  await page.getByLabel("Email").fill(FIRST_OPERATOR.email);
  await page.getByLabel("Password", { exact: true }).fill(FIRST_OPERATOR.password);
  await page.getByLabel("Confirm password").fill(FIRST_OPERATOR.password);
  await page.getByRole("button", { name: "Create operator and sign in" }).click();

  await expect(page).toHaveURL(/\/orgs$/);
  await expect(page.getByRole("heading", { name: "Organizations", exact: true })).toBeVisible();
  await expect(page.getByText("No organizations yet")).toBeVisible();
  await expect(page.getByText(FIRST_OPERATOR.name)).toBeVisible();

  // /setup is gone once an operator exists.
  await page.goto("/setup");
  await expect(page).not.toHaveURL(/\/setup$/);
  await expect(page.getByRole("heading", { name: "Welcome to Roster" })).toHaveCount(0);
});

test("the operator signs in, manages organizations and signs out", async ({ page }) => {
  await page.goto("/orgs");
  await expect(page).toHaveURL(/\/login/);

  await page.getByLabel("Email").fill(FIRST_OPERATOR.email);
  await page.getByLabel("Password").fill("wrong password!");
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page.getByText("That email and password do not match an operator.")).toBeVisible();

  await page.getByLabel("Password").fill(FIRST_OPERATOR.password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
  await expect(page).toHaveURL(/\/orgs/);

  // Create: the name becomes a unique slug, and the new organization opens on its SCIM tab.
  await page.getByLabel("Organization name").fill("Globex Corporation");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/orgs\/globex-corporation\/scim$/);
  await page.goto("/orgs/globex-corporation/settings");
  await expect(page.getByRole("heading", { name: "Globex Corporation", level: 1 })).toBeVisible();

  await page.goto("/orgs");
  await page.getByLabel("Organization name").fill("Globex Corporation");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page).toHaveURL(/\/orgs\/globex-corporation-2\/scim$/);

  // An empty name is refused.
  await page.goto("/orgs");
  await page.getByRole("button", { name: "Create organization" }).click();
  await expect(page.getByText("Enter a name.")).toBeVisible();

  // Rename.
  await page.goto("/orgs/globex-corporation-2/settings");
  await page.getByLabel("Name", { exact: true }).fill("Initech");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByText("Organization renamed.")).toBeVisible();
  await expect(page.getByRole("heading", { name: "Initech", level: 1 })).toBeVisible();

  // Delete with a typed confirmation: the button stays disabled until the slug is typed.
  await page.getByRole("button", { name: "Delete organization" }).click();
  const dialog = page.getByRole("dialog");
  const confirm = dialog.getByRole("button", { name: "Delete organization" });
  await expect(confirm).toBeDisabled();
  await dialog.getByLabel(/Type .* to confirm/).fill("globex-corporation-2");
  await confirm.click();
  await expect(page).toHaveURL(/\/orgs\?deleted=/);
  await expect(page.getByText("Deleted Initech")).toBeVisible();
  const list = page.getByRole("list", { name: "Organizations" });
  await expect(list.getByText("Globex Corporation")).toBeVisible();
  await expect(list.getByText("Initech")).toHaveCount(0);

  // Sign out: the portal is closed again.
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/orgs/globex-corporation/settings");
  await expect(page).toHaveURL(/\/login/);
});
