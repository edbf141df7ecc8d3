// A provider that goes silent, end to end (issue 11): with a short expected-activity window
// set in the SCIM Provisioning tab's form, a directory whose last successful request is
// older than the window is flagged by the periodic maintenance pass — run here through
// /api/cron/webhooks with CRON_SECRET, as a scheduler runs it in production. The tab then
// shows it as silent since that request, with the provider's likely causes, the
// organizations list marks it, and the Events tab has directory.silent; the provider's next
// request clears all of it with directory.active_again.
//
// Time is made to pass by moving the directory's request log back ten minutes in the run's
// database: PostgreSQL only (the embedded database belongs to the server process). CI runs
// the end-to-end tests on PostgreSQL.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { onE2eDatabase } from "../support/e2e-database";
import { USER_SCHEMA, onboard, scim, snap, uniqueName } from "./portal-helpers";

test.skip(!process.env.DATABASE_URL, "needs the run's PostgreSQL database to move the request log back in time");

async function runMaintenance(request: APIRequestContext): Promise<{ silentDirectories: number }> {
  const res = await request.post("/api/cron/webhooks", { headers: { authorization: `Bearer ${process.env.ROSTER_E2E_CRON_SECRET}` } });
  expect(res.status()).toBe(200);
  return (await res.json()) as { silentDirectories: number };
}

test("a silent directory is flagged on its SCIM tab, in the organization list and the events, and recovers with the next request", async ({
  page,
  request,
}, testInfo) => {
  const orgName = uniqueName("Quiet Co");
  const dir = await onboard(page, orgName, "Microsoft Entra ID");
  const directoryId = /\/api\/scim\/([0-9a-f-]{36})\/v2$/.exec(dir.endpointUrl)![1]!;
  const nav = page.getByRole("navigation", { name: "Organization" });

  // A short window, in the tab's form (the shortest it takes is 5 minutes).
  const form = page.locator("form").filter({ hasText: "Alert when Microsoft Entra ID is quiet for more than" });
  await expect(form.getByRole("radio", { name: "2 hours (the default for Microsoft Entra ID)" })).toBeChecked();
  await form.getByRole("radio", { name: "Custom:" }).check();
  await form.getByLabel("How long").fill("5");
  await form.getByLabel("Unit").selectOption("minutes");
  await form.getByRole("button", { name: "Save alert window" }).click();
  await expect(form.getByRole("status")).toHaveText("Saved.");

  // Entra's first provisioning cycle, then quiet: the last successful request was ten minutes ago.
  const userName = `quiet.${Date.now()}@example.com`;
  expect((await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName, active: true })).status).toBe(201);
  // The request log is written just after the answer: the tab lists the request once it is.
  const logged = page.getByRole("table", { name: "SCIM requests" }).getByRole("row").filter({ hasText: "/Users" });
  await expect(async () => {
    await page.reload();
    await expect(logged).toHaveCount(1, { timeout: 1000 });
  }).toPass();
  expect(
    await onE2eDatabase(
      `update scim_requests set created_at = created_at - interval '10 minutes' where directory_id = '${directoryId}';
       update scim_tokens set last_used_at = last_used_at - interval '10 minutes' where directory_id = '${directoryId}'`,
    ),
  ).toBe(true);
  expect((await runMaintenance(request)).silentDirectories).toBeGreaterThanOrEqual(1);

  await page.reload();
  const alert = page.getByRole("alert").filter({ hasText: "Microsoft Entra ID has gone silent" });
  await expect(alert).toBeVisible();
  await expect(alert).toContainText(/No successful request since 1[01] min ago/);
  await expect(alert).toContainText("longer than the expected 5 minutes");
  // Entra's likely causes, not another provider's.
  await expect(alert.getByRole("listitem")).toHaveCount(3);
  await expect(alert).toContainText("the job is in quarantine after repeated errors");
  await expect(alert).toContainText("The secret token expired or was revoked");
  await snap(page, testInfo, "directory-silent");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Flagged once per episode: another pass changes nothing.
  await runMaintenance(request);
  await page.goto("/orgs");
  const listed = page.getByRole("list", { name: "Organizations" }).getByRole("link").filter({ hasText: orgName });
  await expect(listed).toContainText("Provider silent");

  await listed.click();
  await nav.getByRole("link", { name: "Events" }).click();
  const eventsList = page.getByRole("list", { name: "Events" });
  await expect(eventsList.getByText("directory.silent", { exact: true })).toHaveCount(1);
  await expect(eventsList.getByRole("listitem").filter({ hasText: "directory.silent" })).toContainText("Microsoft Entra ID went silent");
  await expect(eventsList.getByText("directory.active_again", { exact: true })).toHaveCount(0);

  // The provider's next cycle: the directory is active again.
  expect((await scim(request, dir, "GET", `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).status).toBe(200);
  await page.reload();
  await expect(eventsList.getByText("directory.active_again", { exact: true })).toHaveCount(1);
  await expect(eventsList.getByRole("listitem").filter({ hasText: "directory.active_again" })).toContainText("Microsoft Entra ID is receiving requests again");
  await expect(eventsList.getByText("directory.silent", { exact: true })).toHaveCount(1);

  await nav.getByRole("link", { name: "SCIM Provisioning" }).click();
  await expect(page.getByRole("heading", { name: "Silent-provider alert" })).toBeVisible();
  await expect(page.getByText("Microsoft Entra ID has gone silent")).toHaveCount(0);
  await page.goto("/orgs");
  await expect(listed).not.toContainText("Provider silent");
  await expect(listed).toContainText("1 directory");
});
