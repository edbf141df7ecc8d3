import { expect, test } from "@playwright/test";
import { MOCK_OIDC, MockOidcProvider } from "../support/mock-oidc";
import { FIRST_OPERATOR } from "../support/operator";

// "Sign in with your identity provider": the server is configured (scripts/e2e-server.ts)
// with this mock as its OIDC issuer, the way an operator would configure PingOne.
test.describe.configure({ mode: "serial" });

const provider = new MockOidcProvider(MOCK_OIDC.port, MOCK_OIDC.clientId, MOCK_OIDC.clientSecret);
test.beforeAll(async () => provider.start());
test.afterAll(async () => provider.stop());

test("an existing operator signs in through the identity provider", async ({ page }) => {
  provider.user = { sub: "ping-1", email: FIRST_OPERATOR.email.toUpperCase(), name: "Olivia via IdP" };
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Mock IdP" }).click();
  await expect(page).toHaveURL(/\/orgs/);
  await expect(page.getByText(FIRST_OPERATOR.name)).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
});

test("a person from an allowed domain becomes an operator on first sign-in", async ({ page }) => {
  provider.user = { sub: "ping-2", email: `new.admin@${MOCK_OIDC.allowedDomain}`, name: "New Admin" };
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Mock IdP" }).click();
  await expect(page).toHaveURL(/\/orgs/);
  await expect(page.getByText("New Admin")).toBeVisible();
});

test("anyone else is turned away with an explanation", async ({ page }) => {
  provider.user = { sub: "ping-3", email: "mallory@elsewhere.example", name: "Mallory" };
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Mock IdP" }).click();
  await expect(page).toHaveURL(/\/login\?error=OidcNotAllowed/);
  await expect(page.getByText("that account is not an operator here")).toBeVisible();
  await page.goto("/orgs");
  await expect(page).toHaveURL(/\/login/);
});
