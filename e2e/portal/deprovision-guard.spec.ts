// The deprovisioning guard end to end: the admin tightens the rule, a provider deactivates
// most of the directory, the provider is answered normally, the SCIM tab raises the alert,
// and after Release the events feed holds every deactivation exactly once. The rule change
// and the release are in the organization's audit log under the operator's name.
import { expect, test } from "@playwright/test";
import { FIRST_OPERATOR } from "../support/operator";
import { apiHeaders, createTestDirectory } from "../support/api";
import { PATCH_SCHEMA, USER_SCHEMA, scim, snap } from "./portal-helpers";

type FeedEvent = { id: string; type: string; data: { user?: { id: string } } };

test("a mass deactivation is held for review and released once", async ({ page, request }, testInfo) => {
  const dir = await createTestDirectory(request, "entra");
  const slug = dir.organization.slug;
  const ids: string[] = [];
  for (let i = 0; i < 6; i++) {
    const res = await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `leaver${i}@example.com` });
    expect(res.status).toBe(201);
    ids.push(String(res.body.id));
  }

  await page.goto(`/orgs/${slug}/scim?directory=${dir.directoryId}`);
  const guard = page.locator("section").filter({ has: page.getByRole("heading", { name: "Deprovisioning guard" }) });
  await guard.getByLabel("More than").fill("40");
  await guard.getByLabel("Within").fill("60");
  await guard.getByLabel("And at least").fill("2");
  await guard.getByRole("button", { name: "Save guard" }).click();
  await expect(guard.getByRole("status")).toHaveText("Saved.");

  for (const id of ids.slice(0, 5)) {
    const res = await scim(request, dir, "PATCH", `/Users/${id}`, {
      schemas: [PATCH_SCHEMA],
      Operations: [{ op: "Replace", path: "active", value: "False" }],
    });
    expect(res.status).toBe(200);
  }

  const alert = page.getByRole("alert").filter({ hasText: "Deprovisioning held for review" });
  await expect(alert).toBeVisible();
  await snap(page, testInfo, "guard-held");

  const feed = async () => {
    const res = await request.get(`/api/v1/events?directoryId=${dir.directoryId}&limit=500`, { headers: apiHeaders() });
    expect(res.status()).toBe(200);
    return ((await res.json()) as { data: FeedEvent[] }).data;
  };
  const deactivated = (events: FeedEvent[]) => events.filter((e) => e.type === "user.deactivated").map((e) => e.data.user?.id);
  const beforeRelease = await feed();
  // 2 of 6 (33 %) is not more than 40 %; the third deactivation (50 %) starts the hold.
  expect(deactivated(beforeRelease)).toHaveLength(2);
  expect(beforeRelease.map((e) => e.type)).toContain("directory.deprovisioning_held");

  await alert.getByRole("button", { name: "Release", exact: true }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Release to the application" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Deprovisioning held for review" })).toHaveCount(0);

  await expect.poll(async () => deactivated(await feed()).length).toBe(5);
  const after = await feed();
  expect(new Set(deactivated(after))).toEqual(new Set(ids.slice(0, 5)));
  expect(new Set(after.map((e) => e.id)).size).toBe(after.length);
  expect(after.at(-1)?.type).toBe("directory.deprovisioning_released");

  await page.goto(`/orgs/${slug}/scim/holds?directory=${dir.directoryId}`);
  await expect(page.getByRole("list", { name: "Holds" })).toContainText("released");

  await page.goto(`/orgs/${slug}/audit`);
  const audit = page.getByRole("table", { name: "Audit log" });
  const ruleChange = audit.getByRole("row").filter({ hasText: "Changed the deprovisioning guard" });
  await expect(ruleChange).toHaveCount(1);
  await expect(ruleChange).toContainText(FIRST_OPERATOR.email);
  for (const part of ["isEnabled: true", "percent: 40", "windowMinutes: 60", "minUsers: 2"]) await expect(ruleChange).toContainText(part);
  const release = audit.getByRole("row").filter({ hasText: "Released held changes" });
  await expect(release).toContainText(FIRST_OPERATOR.email);
  await expect(release).toContainText("events: 3");
});
