// Operator settings, the way an operator uses them: add a webhook endpoint (secret shown
// once), send a test event, watch directory changes arrive at a receiver that verifies each
// signature with the `standardwebhooks` package, see a 410 Gone disable the endpoint with
// its reason, enable it again and get the backlog, rotate the secret, redeliver; then an
// API key created, used and revoked.
import { expect, test } from "@playwright/test";
import { startReceiver, waitFor } from "../../test/webhook-receiver";
import { USER_SCHEMA, onboard, scim, snap, uniqueName } from "./portal-helpers";

test("webhook endpoint: create, test event, signed deliveries, 410 disables, enable resumes, rotate, redeliver", async ({ page, request }, testInfo) => {
  const receiver = await startReceiver([]);
  try {
    const orgName = uniqueName("Hooks Co");
    const dir = await onboard(page, orgName);

    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Settings" }).click();
    await expect(page).toHaveURL(/\/settings\/webhooks$/);
    await expect(page.getByRole("heading", { name: "Webhook endpoints", exact: true })).toBeVisible();
    await page.getByLabel("Endpoint URL").fill(receiver.url);
    await page.getByLabel("Description").fill("E2E receiver");
    await page.getByLabel("Organizations").selectOption({ label: orgName });
    await page.getByRole("button", { name: "Add endpoint" }).click();
    const secretBox = page.getByRole("textbox", { name: "Signing secret" });
    await expect(secretBox).toHaveValue(/^whsec_[A-Za-z0-9+/=]{40,}$/);
    await expect(page.getByRole("button", { name: "Copy signing secret" })).toBeVisible();
    const secret = await secretBox.inputValue();
    receiver.secrets = [secret];
    await expect(page.getByRole("table", { name: "Webhook endpoints" }).getByRole("link", { name: receiver.url })).toBeVisible();
    await snap(page, testInfo, "webhook-created");
    await page.getByRole("link", { name: "Open the endpoint" }).click();
    await expect(page.getByRole("heading", { name: receiver.url })).toBeVisible();
    expect(await page.content()).not.toContain(secret);

    await page.getByRole("button", { name: "Send test event" }).click();
    await expect(page.getByText(/Test message evt_test_\w+ queued/)).toBeVisible();
    await waitFor(() => receiver.accepted.length === 1, 10_000, "the test message");
    expect(receiver.received[0]?.body.type).toBe("webhook.test");

    const created = await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `ada-${Date.now()}@hooks.test`, active: true });
    expect(created.status).toBe(201);
    await waitFor(() => receiver.accepted.length === 2, 10_000, "user.created");
    expect(receiver.received[1]?.body).toMatchObject({ type: "user.created", data: { user: { id: created.body.id } } });

    await page.reload();
    const log = page.getByRole("table", { name: "Delivery log" });
    await expect(log.getByRole("row").filter({ hasText: "user.created" }).getByText("Delivered")).toBeVisible();
    await expect(log.getByRole("row").filter({ hasText: "webhook.test" }).locator("summary")).toHaveText("HTTP 204");

    // The receiver says Gone: the endpoint is disabled, and says why.
    receiver.respond = () => 410;
    await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `bob-${Date.now()}@hooks.test` });
    await waitFor(() => receiver.received.length === 3, 10_000, "the 410");
    await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `cy-${Date.now()}@hooks.test` });
    await expect(async () => {
      await page.reload();
      await expect(page.getByText("Deliveries are paused")).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 10_000 });
    await expect(page.getByText(/answered 410 Gone/)).toBeVisible();
    await snap(page, testInfo, "webhook-disabled");

    receiver.respond = () => 204;
    await page.getByRole("button", { name: "Enable" }).click();
    await expect(page.getByText("Endpoint enabled: queued deliveries resume.")).toBeVisible();
    await waitFor(() => receiver.accepted.length === 4, 15_000, "the backlog after enabling");
    expect(receiver.accepted.filter((id) => id.startsWith("evt_") && !id.startsWith("evt_test_"))).toHaveLength(3);

    await page.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = page.getByRole("textbox", { name: "New signing secret" });
    await expect(rotated).toHaveValue(/^whsec_/);
    const newSecret = await rotated.inputValue();
    expect(newSecret).not.toBe(secret);
    await expect(page.getByText(/previous secret keeps signing too until/)).toBeVisible();

    // Redeliver: the same webhook-id again, now signed with both secrets.
    receiver.secrets = [newSecret];
    await page.reload();
    const first = log.getByRole("row").filter({ hasText: "user.created" }).last();
    const firstId = (await first.locator("td").nth(1).locator("span").nth(1).textContent())!;
    await first.getByRole("button", { name: "Redeliver" }).click();
    await expect(first.getByText("Queued for redelivery.")).toBeVisible();
    await waitFor(() => receiver.accepted.filter((id) => id === firstId).length === 2, 10_000, "the redelivery");
    expect(receiver.received.at(-1)?.signatures).toHaveLength(2);
    await snap(page, testInfo, "webhook-log");
  } finally {
    await receiver.close();
  }
});

test("API keys: created and shown once, used, then revoked", async ({ page, request }) => {
  await page.goto("/settings/api-keys");
  const name = uniqueName("E2E backend");
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create key" }).click();
  const keyBox = page.getByRole("textbox", { name: "API key" });
  await expect(keyBox).toHaveValue(/^rst_key_/);
  const key = await keyBox.inputValue();
  const call = () => request.get("/api/v1/webhooks", { headers: { authorization: `Bearer ${key}` } });
  expect((await call()).status()).toBe(200);

  await page.reload();
  expect(await page.content()).not.toContain(key);
  const row = page.getByRole("table", { name: "API keys" }).getByRole("row").filter({ hasText: name });
  await expect(row).toContainText(key.slice(0, "rst_key_".length + 6));
  await expect(async () => {
    await page.reload();
    await expect(row.getByText("never")).toHaveCount(0, { timeout: 1000 });
  }).toPass({ timeout: 10_000 });

  await row.getByRole("button", { name: `Revoke ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Revoke key" }).click();
  await expect(row.getByText("Revoked")).toBeVisible();
  expect((await call()).status()).toBe(401);
});
