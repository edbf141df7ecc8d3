// Configure offers what the chosen provider's console supports: a PingIdentity directory gets
// the OAuth 2 client credentials card beside its bearer token; the client secret is shown
// once and works at the token URL; revoking it ends the tokens it obtained. Both are in the
// organization's audit log under the operator's name, without the secret.
import { expect, test } from "@playwright/test";
import { FIRST_OPERATOR } from "../support/operator";
import { onboard, scim, snap, uniqueName } from "./portal-helpers";

test("a PingIdentity directory offers OAuth 2 client credentials: token URL, client ID, a secret shown once", async ({ page, request }, testInfo) => {
  const dir = await onboard(page, uniqueName("OAuth Co"));
  const card = page.locator("#client-credentials");
  await expect(card.getByRole("heading", { name: "OAuth 2 client credentials" })).toBeVisible();
  const tokenUrl = await card.getByRole("textbox", { name: "Token URL" }).inputValue();
  expect(tokenUrl).toBe(dir.endpointUrl.replace(/\/v2$/, "/oauth/token"));
  await expect(page.getByText("OAuth 2 Client Credentials", { exact: true })).toBeVisible();

  await card.getByRole("button", { name: "Create client secret" }).click();
  const secretBox = card.getByRole("textbox", { name: "Client secret" });
  await expect(secretBox).toHaveValue(/^rst_secret_/);
  const clientSecret = await secretBox.inputValue();
  const clientId = await card.getByRole("textbox", { name: "Client ID" }).inputValue();
  await snap(page, testInfo, "client-credentials-created");

  const res = await request.post(tokenUrl, {
    form: { grant_type: "client_credentials" },
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}` },
  });
  expect(res.status()).toBe(200);
  const accessToken = ((await res.json()) as { access_token: string }).access_token;
  expect((await scim(request, { ...dir, token: accessToken }, "GET", "/Users")).status).toBe(200);

  await page.reload();
  await expect(card.getByRole("textbox", { name: "Client secret" })).toHaveCount(0);
  expect(await page.content()).not.toContain(clientSecret);
  const prefix = clientSecret.slice(0, "rst_secret_".length + 6);
  await card.getByRole("button", { name: `Revoke client secret ${prefix}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Revoke client secret" }).click();
  await expect(dialog).toBeHidden();
  await expect(card.getByRole("table", { name: "Client secrets" }).getByText("Revoked", { exact: true })).toBeVisible();
  expect((await scim(request, { ...dir, token: accessToken }, "GET", "/Users")).status).toBe(401);

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Audit log" }).click();
  const audit = page.getByRole("table", { name: "Audit log" });
  for (const what of ["Issued an OAuth client secret", "Revoked an OAuth client secret"]) {
    const row = audit.getByRole("row").filter({ hasText: what });
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(FIRST_OPERATOR.email);
    await expect(row).toContainText(`prefix: ${prefix}`);
  }
  expect(await page.content()).not.toContain(clientSecret);
});
