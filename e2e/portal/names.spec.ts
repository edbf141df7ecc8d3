// People are named the same way in every view (lib/directory/person-name.ts): a PingOne-style
// user with a given and family name but no displayName reads "Ada Lovelace" everywhere,
// never as their userName.
import { expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";
import { GROUP_SCHEMA, PATCH_SCHEMA, USER_SCHEMA, scim } from "./portal-helpers";

test("a user without a displayName is named by given and family name in every view", async ({ page, request }) => {
  const dir = await createTestDirectory(request, "pingone");
  const slug = dir.organization.slug;
  const ada = await scim(request, dir, "POST", "/Users", {
    schemas: [USER_SCHEMA],
    userName: "ada.lovelace@example.com",
    name: { givenName: "Ada", familyName: "Lovelace" },
    emails: [{ value: "ada.lovelace@example.com", type: "work" }],
  });
  expect(ada.status).toBe(201);
  const group = await scim(request, dir, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: "Analysts", members: [] });
  expect(group.status).toBe(201);
  const patched = await scim(request, dir, "PATCH", `/Groups/${String(group.body.id)}`, {
    schemas: [PATCH_SCHEMA],
    Operations: [{ op: "add", path: "members", value: [{ value: ada.body.id }] }],
  });
  expect(patched.status).toBe(204);

  // Users tab
  await page.goto(`/orgs/${slug}/users`);
  await expect(page.getByRole("link", { name: /Ada Lovelace/ }).first()).toBeVisible();

  // Group page: member list and history
  await page.goto(`/orgs/${slug}/groups/${String(group.body.id)}`);
  await expect(page.getByRole("table", { name: "Members" }).getByText("Ada Lovelace")).toBeVisible();
  await expect(page.getByRole("list", { name: "Group history" }).getByText("Ada Lovelace")).toBeVisible();

  // User page: heading and history
  await page.goto(`/orgs/${slug}/users/${String(ada.body.id)}`);
  await expect(page.getByRole("heading", { name: "Ada Lovelace" })).toBeVisible();
  await expect(page.getByRole("list", { name: "User history" }).getByText("Added to")).toBeVisible();

  // Events tab: the creation and the membership read with the name
  await page.goto(`/orgs/${slug}/events`);
  const timeline = page.getByRole("list", { name: "Events", exact: true });
  await expect(timeline.getByText("Ada Lovelace").first()).toBeVisible();
  await expect(timeline.getByRole("listitem").filter({ hasText: "added to" }).getByText("Ada Lovelace")).toBeVisible();
  await expect(timeline.getByText("ada.lovelace@example.com")).toHaveCount(0);
});
