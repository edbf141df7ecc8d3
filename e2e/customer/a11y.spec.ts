// Every portal page, as an operator and as a customer admin, with data on it, has no
// WCAG 2.1 A/AA violations that axe-core can find — and keeps having none.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, type Page, expect, test } from "@playwright/test";
import { GROUP_SCHEMA, USER_SCHEMA, scim } from "../portal/portal-helpers";
import { apiHeaders, createTestDirectory } from "../support/api";
import { createPortalLink, defineRoles, newOrganization, operatorContext } from "./customer-helpers";

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

type Seeded = { organizationId: string; orgName: string; slug: string; orgPages: string[] };

/** An organization with users, a group, an inactive user and a failed request in its log. */
async function seed(request: APIRequestContext, operator: Page): Promise<Seeded> {
  const t = await createTestDirectory(request, "pingone", `Accessible ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
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
  // Roles, and a mapping, so the Groups tab's Roles section shows its editor with data.
  await defineRoles(request);
  const mapped = await request.put(`/api/v1/directories/${t.directoryId}/role-mappings`, {
    headers: apiHeaders(),
    data: { mappings: [{ groupId: group.body.id as string, roles: ["admin", "member"] }] },
  });
  expect(mapped.status(), await mapped.text()).toBe(200);
  await scim(request, t, "PATCH", `/Users/${users[2]}`, { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "active", value: false }] });
  await scim(request, t, "POST", "/Users", { schemas: [USER_SCHEMA] }); // a 400 in the request log
  const slug = t.organization.slug;
  const dirParam = `directory=${t.directoryId}`;
  await operator.goto(`/orgs/${slug}/scim/requests?${dirParam}`);
  const requestHref = await operator.getByRole("table", { name: "SCIM requests" }).getByRole("link").first().getAttribute("href");
  return {
    organizationId: t.organization.id,
    orgName: t.organization.name,
    slug,
    orgPages: [
      `/orgs/${slug}/scim?${dirParam}`,
      `/orgs/${slug}/scim/new`,
      `/orgs/${slug}/scim/holds?${dirParam}`,
      `/orgs/${slug}/scim/requests?${dirParam}`,
      requestHref!,
      `/orgs/${slug}/users?${dirParam}`,
      `/orgs/${slug}/users/${users[0]}?${dirParam}`,
      `/orgs/${slug}/groups?${dirParam}`,
      `/orgs/${slug}/groups/${group.body.id as string}?${dirParam}`,
      `/orgs/${slug}/events`,
    ],
  };
}

test("every portal page passes axe's WCAG 2.1 A/AA rules for an operator", async ({ browser, request, baseURL }) => {
  test.setTimeout(300_000);
  const operator = await operatorContext(browser, baseURL);
  const opPage = await operator.newPage();
  const data = await seed(request, opPage);
  // A share link, so the Customer admin access tables have rows.
  await opPage.goto(data.orgPages[0]!);
  await opPage.getByRole("button", { name: "Share setup link" }).click();
  await expect(opPage.getByRole("textbox", { name: "Setup link" })).toHaveValue(/\/portal\/link\//);
  for (const path of ["/orgs", "/settings", ...data.orgPages, `/orgs/${data.slug}/settings`]) await expectAccessible(opPage, path);
  // An organization without a directory: the provider picker.
  const empty = await newOrganization(request, "Empty");
  await expectAccessible(opPage, `/orgs/${empty.slug}/scim`);
  await operator.close();
});

test("every portal page passes axe's WCAG 2.1 A/AA rules for a customer admin", async ({ browser, request, baseURL, page }) => {
  test.setTimeout(300_000);
  const operator = await operatorContext(browser, baseURL);
  const data = await seed(request, await operator.newPage());
  await operator.close();
  const link = await createPortalLink(request, data.organizationId, { returnUrl: "https://app.hero.example/" });
  await page.goto(link.url);
  await expect(page.getByRole("heading", { level: 1, name: data.orgName })).toBeVisible();
  for (const path of data.orgPages) await expectAccessible(page, path);
  // A fresh organization, no directory yet: the provider picker the admin starts from.
  const fresh = await newOrganization(request, "Fresh");
  await page.goto((await createPortalLink(request, fresh.id)).url);
  await expect(page.getByRole("radio", { name: "PingIdentity" })).toBeVisible();
  await expectAccessible(page, `/orgs/${fresh.slug}/scim`);
});

test("the sign-in and link-expired pages pass axe's WCAG 2.1 A/AA rules", async ({ page }) => {
  for (const path of ["/login", "/portal/expired?reason=link", "/portal/expired?reason=used", "/portal/expired?reason=session"]) {
    await expectAccessible(page, path);
  }
});
