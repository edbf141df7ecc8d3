// Group-to-role mapping, the way it happens: the SaaS defines its roles through the API, the
// customer's IT admin (portal link, no operator session) maps their groups to them on the
// Groups tab, reads the preview computed from the database, saves — and the application
// sees the users' new roles in the REST API and a user.updated event for each of them.
import AxeBuilder from "@axe-core/playwright";
import { type APIRequestContext, expect, test } from "@playwright/test";
import { apiHeaders, createTestDirectory } from "../support/api";
import { GROUP_SCHEMA, USER_SCHEMA, scim, snap } from "../portal/portal-helpers";
import { createPortalLink, defineRoles } from "./customer-helpers";

type Event = { type: string; directoryId: string; data: { user: { id: string; roles: { key: string }[] }; previous?: { roles?: { key: string }[] } } };

async function roleKeys(request: APIRequestContext, directoryId: string, userId: string): Promise<string[]> {
  const res = await request.get(`/api/v1/directories/${directoryId}/users/${userId}`, { headers: apiHeaders() });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { roles: { key: string }[] }).roles.map((r) => r.key);
}

async function roleEvents(request: APIRequestContext, directoryId: string): Promise<Event[]> {
  const res = await request.get(`/api/v1/events?directoryId=${directoryId}&types=user.updated&limit=500`, { headers: apiHeaders() });
  expect(res.status()).toBe(200);
  return ((await res.json()) as { data: Event[] }).data;
}

test("a customer admin maps groups to roles with a preview, and the users' roles and events follow", async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const t = await createTestDirectory(request, "okta", `Roles ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
  const ids: Record<string, string> = {};
  for (const name of ["ada", "grace", "alan"]) {
    const res = await scim(request, t, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `${name}@roles.example`, name: { givenName: name, familyName: "Test" } });
    expect(res.status).toBe(201);
    ids[name] = res.body.id as string;
  }
  for (const [displayName, members] of [["Admins", ["ada", "grace"]], ["Everyone", ["ada", "grace", "alan"]], ["Ops", ["alan"]]] as const) {
    const res = await scim(request, t, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName, members: members.map((m) => ({ value: ids[m] })) });
    expect(res.status).toBe(201);
  }

  const link = await createPortalLink(request, t.organization.id, { intent: "groups" });
  await page.goto(link.url);
  const section = page.getByRole("region", { name: "Roles" });

  await test.step("before the application defines roles, the section says how it does and offers no controls", async () => {
    // The role set is the deployment's: start this run from none (specs run one at a time).
    const cleared = await request.put("/api/v1/roles", { headers: apiHeaders(), data: { roles: [] } });
    expect(cleared.status()).toBe(200);
    await page.reload();
    await expect(section).toContainText("Hero SaaS has not defined any roles yet.");
    await expect(section.getByRole("button")).toHaveCount(0);
    await expect(section.getByRole("checkbox")).toHaveCount(0);
  });

  await defineRoles(request);
  await page.reload();
  const mapping = section.getByRole("table", { name: "Group to role mapping" });
  const picker = section.getByLabel("Add a group");

  await test.step("map Admins → Admin and Everyone → Member, preview, save", async () => {
    await expect(section.getByText("No group gives a role yet.")).toBeVisible();
    await expect(section.getByRole("button", { name: "Save mapping" })).toBeDisabled();
    await picker.selectOption({ label: "Admins (2 members)" });
    await section.getByRole("button", { name: "Add group" }).click();
    await mapping.getByRole("checkbox", { name: "Admin for Admins" }).check();
    await picker.selectOption({ label: "Everyone (3 members)" });
    await section.getByRole("button", { name: "Add group" }).click();
    await mapping.getByRole("checkbox", { name: "Member for Everyone" }).check();
    // Not saved before it is previewed.
    await expect(section.getByRole("button", { name: "Save mapping" })).toBeDisabled();
    await section.getByRole("button", { name: "Preview changes" }).click();
    const preview = section.getByRole("status");
    await expect(preview).toContainText("2 users would gain Admin");
    await expect(preview).toContainText("3 users would gain Member");
    await snap(page, testInfo, "roles-preview");
    const axe = await new AxeBuilder({ page }).include("section[aria-labelledby='roles-heading']").withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
    expect(axe.violations.map((v) => v.id)).toEqual([]);
    // Editing again needs a new preview.
    await mapping.getByRole("checkbox", { name: "Admin for Everyone" }).check();
    await expect(section.getByRole("button", { name: "Save mapping" })).toBeDisabled();
    await mapping.getByRole("checkbox", { name: "Admin for Everyone" }).uncheck();
    await section.getByRole("button", { name: "Preview changes" }).click();
    await expect(preview).toContainText("2 users would gain Admin");
    await section.getByRole("button", { name: "Save mapping" }).click();
    await expect(section).toContainText("Mapping saved. 3 users' roles changed.");
  });

  await test.step("the application reads the new roles and one user.updated per user", async () => {
    expect(await roleKeys(request, t.directoryId, ids.ada!)).toEqual(["admin", "member"]);
    expect(await roleKeys(request, t.directoryId, ids.grace!)).toEqual(["admin", "member"]);
    expect(await roleKeys(request, t.directoryId, ids.alan!)).toEqual(["member"]);
    await expect.poll(async () => (await roleEvents(request, t.directoryId)).length).toBe(3);
    const events = await roleEvents(request, t.directoryId);
    expect(events.map((e) => e.data.user.id).sort()).toEqual([ids.ada, ids.grace, ids.alan].sort());
    for (const e of events) expect(e.data.previous?.roles).toEqual([]);
  });

  await test.step("moving Admin from Admins to Ops: one gains it, two lose it", async () => {
    await mapping.getByRole("checkbox", { name: "Admin for Admins" }).uncheck();
    await picker.selectOption({ label: "Ops (1 member)" });
    await section.getByRole("button", { name: "Add group" }).click();
    await mapping.getByRole("checkbox", { name: "Admin for Ops" }).check();
    await section.getByRole("button", { name: "Preview changes" }).click();
    await expect(section.getByRole("status")).toContainText("1 user would gain Admin, 2 would lose it");
    await section.getByRole("button", { name: "Save mapping" }).click();
    await expect(section).toContainText("Mapping saved. 3 users' roles changed.");
    expect(await roleKeys(request, t.directoryId, ids.ada!)).toEqual(["member"]);
    expect(await roleKeys(request, t.directoryId, ids.alan!)).toEqual(["admin", "member"]);
    await expect.poll(async () => (await roleEvents(request, t.directoryId)).length).toBe(6);
    const latest = (await roleEvents(request, t.directoryId)).slice(3);
    const alan = latest.find((e) => e.data.user.id === ids.alan)!;
    expect(alan.data.previous?.roles?.map((r) => r.key)).toEqual(["member"]);
    // Saved: the mapping reads back after a reload, Admins no longer listed (no role left).
    await page.reload();
    await expect(mapping.getByRole("rowheader")).toHaveText(["Everyone", "Ops"]);
  });

  await test.step("the Events tab says whose roles changed, and how", async () => {
    await page.goto(`/orgs/${t.organization.slug}/events`);
    await expect(page.getByText("roles changed: now Admin, Member (were Member)")).toBeVisible();
    await expect(page.getByText("roles changed: now Member (were Admin, Member)")).toHaveCount(2);
  });
});
