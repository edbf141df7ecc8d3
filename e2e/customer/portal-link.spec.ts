// The customer's IT admin, who has no account in Roster, arrives through a portal link the
// SaaS backend created, follows the onboarding guide in a browser with no operator session,
// and sees their own organization only. Links open once; expired links and ended sessions
// get a page that sends the admin back to the application, never the operators' sign-in.
import { expect, test } from "@playwright/test";
import { GROUP_SCHEMA, USER_SCHEMA, configureDirectory, expectLive, scim, snap } from "../portal/portal-helpers";
import { createPortalLink, newOrganization, operatorContext } from "./customer-helpers";

const PINGONE = { "user-agent": "PingOne", "content-type": "application/json" };

test("a portal link opens one organization's portal for its admin, who onboards PingIdentity", async ({ page, request, browser, baseURL }, testInfo) => {
  test.setTimeout(120_000);
  const org = await newOrganization(request, "Globex");
  const other = await newOrganization(request, "Initech");
  const otherLink = await createPortalLink(request, other.id);
  const link = await createPortalLink(request, org.id, { returnUrl: "https://app.hero.example/settings/sso" });
  expect(new Date(link.expiresAt).getTime() - Date.now()).toBeLessThanOrEqual(300_000);

  await test.step("the link lands on SCIM Provisioning with the application's brand and a way back", async () => {
    await page.goto(link.url);
    await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}/scim$`));
    await expect(page.getByRole("heading", { level: 1, name: org.name })).toBeVisible();
    await expect(page.getByRole("banner")).toContainText("Hero SaaS");
    await expect(page.getByRole("link", { name: "Back to Hero SaaS" })).toHaveAttribute("href", "https://app.hero.example/settings/sso");
    const tabs = page.getByRole("navigation", { name: "Organization" });
    // The customer admin sees their organization's own audit log too.
    await expect(tabs.getByRole("link")).toHaveText(["SCIM Provisioning", "Users", "Groups", "Events", "Audit log"]);
    await expect(page.getByRole("link", { name: "Organizations" })).toHaveCount(0);
    await expect(page.getByRole("button", { name: "Sign out" })).toHaveCount(0);
    await expect(page.getByText("Customer admin access")).toHaveCount(0);
  });

  const dir = await test.step("pick PingIdentity, Configure, read the Endpoint URL and token", async () => {
    const values = await configureDirectory(page, "PingIdentity");
    await expect(page.getByRole("heading", { name: "Set up PingIdentity" })).toBeVisible();
    await expect(page.getByText("(e.g. “Hero SaaS”)")).toBeVisible();
    await expect(page.getByRole("button", { name: "Delete directory" })).toHaveCount(0);
    await expectLive(page);
    await snap(page, testInfo, "customer-scim-configured");
    return values;
  });

  await test.step("PingOne's Test Connection and a pushed group appear live", async () => {
    const probe = await scim(request, dir, "GET", `/Users?filter=${encodeURIComponent('userName eq "probe@globex.example"')}`, undefined, PINGONE);
    expect(probe.status).toBe(200);
    await expect(page.getByText(/^Last request/)).toBeVisible({ timeout: 5_000 });
    await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Groups" }).click();
    await expect(page.getByText("No groups yet")).toBeVisible();
    await expectLive(page);
    const user = await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName: "ada@globex.example", name: { givenName: "Ada", familyName: "Lovelace" } }, PINGONE);
    const group = await scim(request, dir, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Globex Engineering", members: [{ value: user.body.id }] }, PINGONE);
    expect([user.status, group.status]).toEqual([201, 201]);
    await expect(page.getByRole("table", { name: "Groups" })).toContainText("Globex Engineering", { timeout: 3_000 });
    await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Users" }).click();
    await expect(page.getByRole("table", { name: "Users" })).toContainText("ada@globex.example");
  });

  await test.step("nothing outside the organization is reachable, and other organizations look nonexistent", async () => {
    for (const path of ["/orgs", `/orgs/${other.slug}/scim`, `/orgs/${other.slug}/users`, `/orgs/${org.slug}/settings`, "/settings"]) {
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(404);
      await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
      await expect(page.getByText(other.name)).toHaveCount(0);
      await expect(page.getByRole("link", { name: `Back to ${org.name}` })).toHaveAttribute("href", `/orgs/${org.slug}/scim`);
    }
    // The REST API is for the SaaS backend's key, not a portal cookie.
    expect((await page.request.get("/api/v1/organizations")).status()).toBe(401);
    // The other organization's live stream: 404, like an organization that does not exist.
    const cookie = (await page.context().cookies()).find((c) => c.name === "roster_portal_session");
    expect(cookie?.httpOnly).toBe(true);
    const live = await fetch(`${baseURL}/api/orgs/${other.slug}/live`, { headers: { cookie: `roster_portal_session=${cookie?.value}` } });
    expect(live.status).toBe(404);
    await live.body?.cancel();
  });

  await test.step("the link cannot be opened a second time, in any browser", async () => {
    const second = await browser.newContext({ baseURL });
    const again = await second.newPage();
    await again.goto(link.url);
    await expect(again.getByRole("heading", { name: "This link was already used" })).toBeVisible();
    await expect(again.getByText("open the Admin Portal again to get a new link")).toBeVisible();
    await expect(again.getByLabel("Password")).toHaveCount(0);
    await second.close();
  });

  await test.step("the operator sees the session and ends it; the admin's next click says the session ended", async () => {
    const operator = await operatorContext(browser, baseURL);
    const opPage = await operator.newPage();
    await opPage.goto(`/orgs/${org.slug}/scim`);
    const sessions = opPage.getByRole("table", { name: "Portal sessions" });
    await expect(sessions).toContainText("Active");
    await expect(opPage.getByRole("table", { name: "Portal links" })).toContainText("Opened");
    await sessions.getByRole("button", { name: "End session" }).click();
    await opPage.getByRole("dialog").getByRole("button", { name: "End session" }).click();
    await expect(sessions).toContainText("Ended by an operator");
    await operator.close();

    await page.goto(`/orgs/${org.slug}/groups`);
    await expect(page).toHaveURL(/\/portal\/expired\?reason=session$/);
    await expect(page.getByRole("heading", { name: "Your session has ended" })).toBeVisible();
    await expect(page.getByRole("link", { name: "Back to Hero SaaS" })).toBeVisible();
    await expect(page.getByLabel("Password")).toHaveCount(0);
  });

  // otherLink was never opened: it still works for its own organization only.
  await page.goto(otherLink.url);
  await expect(page.getByRole("heading", { level: 1, name: other.name })).toBeVisible();
});

test("an expired link and a session that runs out show pages that send the admin back to the application", async ({ page, request }) => {
  const org = await newOrganization(request, "Umbrella");
  const expiring = await createPortalLink(request, org.id, { expiresInSeconds: 1 });
  await page.waitForTimeout(1_500);
  await page.goto(expiring.url);
  await expect(page.getByRole("heading", { name: "This link has expired" })).toBeVisible();
  await expect(page.getByText("Go back to Hero SaaS and open the Admin Portal again")).toBeVisible();
  await expect(page.getByLabel("Password")).toHaveCount(0);

  // The browser's clock runs ahead past the session's end (60 minutes): the open page
  // leaves for the "session ended" page by itself.
  await page.clock.install();
  const link = await createPortalLink(request, org.id, { intent: "events" });
  await page.goto(link.url);
  await expect(page).toHaveURL(new RegExp(`/orgs/${org.slug}/events$`));
  await page.clock.fastForward("01:00:30");
  await expect(page.getByRole("heading", { name: "Your session has ended" })).toBeVisible();
});
