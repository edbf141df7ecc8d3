// Every portal page, as an operator and as a customer admin, with data on it, has no
// WCAG 2.1 A/AA violations that axe-core can find — and keeps having none.
import AxeBuilder from "@axe-core/playwright";
import { type Page, expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";
import { GROUP_SCHEMA, USER_SCHEMA, scim } from "../portal/portal-helpers";
import { createPortalLink, operatorContext } from "./customer-helpers";

const WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function expectAccessible(page: Page, path: string): Promise<void> {
  await page.goto(path);
  // Wait for streamed sections (loading skeletons) to be replaced by content.
  await expect(page.getByRole("status", { name: /^Loading/ })).toHaveCount(0);
  const results = await new AxeBuilder({ page })
    // WCAG 2.5.3 (label in name) is an experimental axe rule: on by request. (options()
    // replaces the run options, so it comes before withTags.)
    .options({ rules: { "label-content-name-mismatch": { enabled: true } } })
    .withTags(WCAG_21_AA)
    .analyze();
  const summary = results.violations.map((v) => ({
    rule: v.id,
    impact: v.impact,
    help: v.help,
    nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}: ${n.failureSummary?.split("\n").slice(1, 2).join("")}`),
  }));
  expect(summary, `axe violations on ${path}`).toEqual([]);
}

test("every portal page passes axe's WCAG 2.1 A/AA rules for operators and customer admins", async ({ browser, request, baseURL, page }) => {
  test.setTimeout(300_000);
  const t = await createTestDirectory(request, "pingone", `Accessible ${Date.now().toString(36)}`);
  const users: string[] = [];
  for (const [given, family] of [["Ada", "Lovelace"], ["Grace", "Hopper"], ["Alan", "Turing"]] as const) {
    const res = await scim(request, t, "POST", "/Users", {
      schemas: [USER_SCHEMA],
      userName: `${given.toLowerCase()}@a11y.example`,
      name: { givenName: given, familyName: family },
      emails: [{ value: `${given.toLowerCase()}@a11y.example`, type: "work", primary: true }],
      title: "Engineer",
    });
    users.push(res.body.id as string);
  }
  const group = await scim(request, t, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Engineering", members: users.map((value) => ({ value })) });
  await scim(request, t, "PATCH", `/Users/${users[2]}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
  await scim(request, t, "POST", "/Users", { schemas: [USER_SCHEMA] }); // a 400 in the request log
  const slug = t.organization.slug;
  const dirParam = `directory=${t.directoryId}`;

  const operator = await operatorContext(browser, baseURL);
  const opPage = await operator.newPage();
  await opPage.goto(`/orgs/${slug}/scim/requests?${dirParam}`);
  const requestHref = await opPage.getByRole("table", { name: "SCIM requests" }).getByRole("link").first().getAttribute("href");

  const orgPages = [
    `/orgs/${slug}/scim?${dirParam}`,
    `/orgs/${slug}/scim/new`,
    `/orgs/${slug}/scim/requests?${dirParam}`,
    requestHref!,
    `/orgs/${slug}/users?${dirParam}`,
    `/orgs/${slug}/users/${users[0]}?${dirParam}`,
    `/orgs/${slug}/groups?${dirParam}`,
    `/orgs/${slug}/groups/${group.body.id as string}?${dirParam}`,
    `/orgs/${slug}/events`,
  ];

  await test.step("operator", async () => {
    // A share link, so the Customer admin access tables have rows.
    await opPage.goto(`/orgs/${slug}/scim?${dirParam}`);
    await opPage.getByRole("button", { name: "Share setup link" }).click();
    await expect(opPage.getByRole("textbox", { name: "Setup link" })).toHaveValue(/\/portal\/link\//);
    for (const path of ["/orgs", "/settings", ...orgPages, `/orgs/${slug}/settings`]) await expectAccessible(opPage, path);
  });

  await test.step("customer admin", async () => {
    const link = await createPortalLink(request, t.organization.id, { returnUrl: "https://app.hero.example/" });
    await page.goto(link.url);
    await expect(page.getByRole("heading", { level: 1, name: t.organization.name })).toBeVisible();
    for (const path of orgPages) await expectAccessible(page, path);
    // A fresh organization without a directory: the provider picker.
    const empty = await createTestDirectory(request, "okta", `Empty ${Date.now().toString(36)}`);
    await expectAccessible(opPage, `/orgs/${empty.organization.slug}/groups`);
  });

  await test.step("signed-out pages", async () => {
    const fresh = await browser.newContext({ baseURL });
    const signedOut = await fresh.newPage();
    for (const path of ["/login", "/portal/expired?reason=link", "/portal/expired?reason=used", "/portal/expired?reason=session"]) {
      await expectAccessible(signedOut, path);
    }
    await fresh.close();
  });
  await operator.close();
});
