// The product's spine (DESIGN.md): an operator configures PingIdentity for a new
// organization, the test plays PingOne with the Endpoint URL and token read off the page,
// and the open page shows the group within 2 seconds — never reloaded — then the users,
// their profile data and the membership, and the request log lists what PingOne sent.
import { expect, test } from "@playwright/test";
import {
  ENTERPRISE_SCHEMA,
  GROUP_SCHEMA,
  PATCH_SCHEMA,
  USER_SCHEMA,
  expectLive,
  markDocument,
  onboard,
  scim,
  snap,
  uniqueName,
} from "./portal-helpers";

const PINGONE = { "user-agent": "PingOne", "content-type": "application/json" };

test("onboarding: PingIdentity from Configure to live users, groups and request log", async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const orgName = uniqueName("Acme Corp");
  const run = Math.random().toString(36).slice(2, 8);
  const groupName = `Engineering ${run}`;
  const people = [
    { given: "Ada", family: "Lovelace", title: "Chief Engineer", employeeNumber: "1001", department: "R&D" },
    { given: "Grace", family: "Hopper", title: "Rear Admiral", employeeNumber: "1002", department: "Navy" },
    { given: "Alan", family: "Turing", title: "Researcher", employeeNumber: "1003", department: "Bletchley" },
  ].map((p) => ({ ...p, userName: `${p.given.toLowerCase()}.${p.family.toLowerCase()}.${run}@acme.example` }));

  const dir = await test.step("operator configures PingIdentity and reads the endpoint and token", async () => {
    const configured = await onboard(page, orgName);
    await expect(page.getByRole("heading", { name: "Set up PingIdentity" })).toBeVisible();
    await expect(page.getByText("OAuth 2 Bearer Token")).toBeVisible();
    await expect(page.getByText("Waiting for the first request from PingOne")).toBeVisible();
    await expectLive(page);
    await snap(page, testInfo, "01-scim-provisioning-configured");
    return configured;
  });
  const isSameDocument = await markDocument(page);

  await test.step("PingOne's Test Connection succeeds and shows up as the last request", async () => {
    const probe = await scim(
      request,
      dir,
      "GET",
      `/Users?filter=${encodeURIComponent('username Eq "test.connection@pingone.example"')}&startIndex=1&count=1`,
      undefined,
      PINGONE,
    );
    expect(probe.status).toBe(200);
    expect(probe.body).toMatchObject({ totalResults: 0 });
    const wrong = await scim(request, { ...dir, token: "rst_scim_wrong" }, "GET", "/Users", undefined, PINGONE);
    expect(wrong.status).toBe(401);
    await expect(page.getByText(/^Last request/)).toBeVisible({ timeout: 5000 });
    await expect(page.getByText("Waiting for the first request from PingOne")).toHaveCount(0);
  });

  const orgTabs = page.getByRole("navigation", { name: "Organization" });
  await orgTabs.getByRole("link", { name: "Groups" }).click();
  await expect(page.getByText("No groups yet")).toBeVisible();
  await expectLive(page);

  const groupId = await test.step("PingOne creates a group: it appears within 2 seconds, without a reload", async () => {
    const lookup = await scim(request, dir, "GET", `/Groups?filter=${encodeURIComponent(`displayName eq "${groupName}"`)}`, undefined, PINGONE);
    expect(lookup.body).toMatchObject({ totalResults: 0 });
    const started = Date.now();
    const created = await scim(request, dir, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: groupName, members: [] }, PINGONE);
    expect(created.status).toBe(201);
    await expect(page.getByRole("link", { name: groupName })).toBeVisible({ timeout: 2000 });
    const elapsed = Date.now() - started;
    testInfo.annotations.push({ type: "group visible after (ms)", description: String(elapsed) });
    expect(elapsed).toBeLessThan(2000);
    return created.body.id as string;
  });

  const userIds = await test.step("PingOne creates the users with their profile data", async () => {
    const ids: string[] = [];
    for (const p of people) {
      const lookup = await scim(request, dir, "GET", `/Users?filter=${encodeURIComponent(`username Eq "${p.userName}"`)}`, undefined, PINGONE);
      expect(lookup.body).toMatchObject({ totalResults: 0 });
      const created = await scim(
        request,
        dir,
        "POST",
        "/Users",
        {
          schemas: [USER_SCHEMA, ENTERPRISE_SCHEMA],
          userName: p.userName,
          name: { givenName: p.given, familyName: p.family },
          displayName: `${p.given} ${p.family}`,
          title: p.title,
          emails: [{ value: p.userName, type: "work", primary: true }],
          phoneNumbers: [{ value: "+44 20 7946 0000", type: "work" }],
          [ENTERPRISE_SCHEMA]: { employeeNumber: p.employeeNumber, department: p.department },
        },
        PINGONE,
      );
      expect(created.status).toBe(201);
      ids.push(created.body.id as string);
    }
    return ids;
  });

  await test.step("PingOne adds them to the group: the member count follows live", async () => {
    const patched = await scim(
      request,
      dir,
      "PATCH",
      `/Groups/${groupId}`,
      { schemas: [PATCH_SCHEMA], Operations: [{ op: "add", path: "members", value: userIds.map((value) => ({ value })) }] },
      PINGONE,
    );
    expect([200, 204]).toContain(patched.status);
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: groupName }) });
    await expect(row.getByRole("cell").nth(1)).toHaveText("3");
    expect(await isSameDocument()).toBe(true);
    await snap(page, testInfo, "02-groups-tab");
  });

  await test.step("the Users tab shows the users and their data", async () => {
    await orgTabs.getByRole("link", { name: "Users" }).click();
    const table = page.getByRole("table", { name: "Users" });
    for (const p of people) {
      const row = table.getByRole("row").filter({ hasText: p.userName });
      await expect(row.getByRole("link", { name: `${p.given} ${p.family}` })).toBeVisible();
      await expect(row.getByText("Active", { exact: true })).toBeVisible();
      await expect(row.getByRole("link", { name: groupName })).toBeVisible();
    }
    await expect(page.getByText("Showing 3 of 3 users")).toBeVisible();
    await snap(page, testInfo, "03-users-tab");

    await page.getByLabel("Search users").fill("grace hop");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table.getByRole("link", { name: "Grace Hopper" })).toBeVisible();
    await table.getByRole("link", { name: "Grace Hopper" }).click();
    await expect(page.getByRole("heading", { name: "Grace Hopper" })).toBeVisible();
    await expect(page.getByText("Rear Admiral", { exact: true })).toBeVisible();
    await expect(page.getByText("1002", { exact: true })).toBeVisible();
    await expect(page.getByText("Navy", { exact: true })).toBeVisible();
    await expect(page.getByText("+44 20 7946 0000", { exact: true })).toBeVisible();
    await expect(page.getByRole("list", { name: "Groups" }).getByRole("link", { name: groupName })).toBeVisible();
    await expect(page.getByLabel("Raw SCIM JSON", { exact: true })).toContainText(`"userName": "${people[1]!.userName}"`);
    await expect(page.getByRole("list", { name: "User history" })).toContainText(`Added to ${groupName}`);
    await snap(page, testInfo, "04-user-page");
  });

  await test.step("the group page lists the members", async () => {
    await page.getByRole("list", { name: "Groups" }).getByRole("link", { name: groupName }).click();
    const members = page.getByRole("table", { name: "Members" });
    for (const p of people) await expect(members.getByRole("link", { name: `${p.given} ${p.family}` })).toBeVisible();
    await expect(page.getByLabel("Raw SCIM JSON", { exact: true })).toContainText(`"displayName": "${groupName}"`);
    await snap(page, testInfo, "05-group-page");
  });

  await test.step("the Events tab tells the story", async () => {
    await orgTabs.getByRole("link", { name: "Events" }).click();
    const timeline = page.getByRole("list", { name: "Events" });
    await expect(timeline).toContainText(`Group ${groupName} created`);
    await expect(timeline).toContainText(`Ada Lovelace created`);
    // People are named as everywhere else (given and family name), not by their userName.
    await expect(timeline).toContainText(`${people[0]!.given} ${people[0]!.family} added to ${groupName}`);
    await expect(timeline).not.toContainText(people[0]!.userName);
    await snap(page, testInfo, "06-events-tab");
  });

  await test.step("the SCIM tab shows health and the request log lists PingOne's requests", async () => {
    await orgTabs.getByRole("link", { name: "SCIM Provisioning" }).click();
    await expect(page.getByText("Users synchronised")).toBeVisible();
    const stat = (label: string) => page.locator("dl > div").filter({ hasText: label }).locator("dd").first();
    await expect(stat("Users synchronised")).toHaveText("3");
    await expect(stat("Groups synchronised")).toHaveText("1");
    // The token was shown once, in another visit of this tab: only its prefix is left.
    await expect(page.getByRole("textbox", { name: "Bearer token" })).toHaveValue(/^rst_scim_.{6}•+$/);
    expect(await page.content()).not.toContain(dir.token);

    await page.getByRole("link", { name: "View request log" }).click();
    const log = page.getByRole("table", { name: "SCIM requests" });
    await expect(log.getByRole("link", { name: `PATCH /Groups/${groupId} 204, details` }).or(log.getByRole("link", { name: `PATCH /Groups/${groupId} 200, details` }))).toBeVisible();
    await expect(log.getByRole("link", { name: "POST /Users 201, details" })).toHaveCount(3);
    await expect(log.getByRole("link", { name: "POST /Groups 201, details" })).toHaveCount(1);
    await expect(log.getByRole("link", { name: "GET /Users 401, details" })).toHaveCount(1);
    await snap(page, testInfo, "07-request-log");

    await page.getByRole("link", { name: "Errors only" }).click();
    await expect(log.getByRole("row")).toHaveCount(2);
    await log.getByRole("link", { name: "GET /Users 401, details" }).click();
    await expect(page.getByRole("heading", { name: /\/Users/ })).toBeVisible();
    await page.getByRole("link", { name: "← Request log" }).click();
    await page.getByRole("link", { name: "All requests" }).click();
    await log.getByRole("link", { name: /^PATCH \/Groups/ }).click();
    await expect(page.getByLabel("Request body", { exact: true })).toContainText(userIds[0]!);
    await snap(page, testInfo, "08-request-detail");
    expect(await isSameDocument()).toBe(true);
  });
});

test("the portal is usable on a phone-sized screen", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  await page.setViewportSize({ width: 390, height: 844 });
  const dir = await onboard(page, uniqueName("Narrow Co"));
  await expect(page.getByRole("button", { name: "Copy URL" })).toBeVisible();
  const created = await scim(request, dir, "POST", "/Users", {
    schemas: [USER_SCHEMA],
    userName: `narrow.${Date.now()}@example.com`,
    name: { givenName: "Narrow", familyName: "Screen" },
  });
  expect(created.status).toBe(201);
  await snap(page, testInfo, "scim-tab-narrow");
  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("link", { name: "Narrow Screen" })).toBeVisible();
  // The table scrolls inside its card; the page itself does not scroll sideways.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await snap(page, testInfo, "users-tab-narrow");
});
