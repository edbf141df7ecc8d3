// Search and paging on a directory of 10,000 users (seeded through SCIM Bulk): pages are
// keyset-paged, search is server-side, and both stay quick. Seeding keeps the embedded
// database busy for a minute or two: it relies on the config's single worker, so that no
// spec's "within 2 seconds" is measured against this spec's load.
import { expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";
import { USER_SCHEMA, snap } from "./portal-helpers";

const USERS = 10_000;
// Small bulks, one at a time: each is one transaction, and on the embedded database a long
// one would hold up the specs running beside this one.
const PER_BULK = 100;
const BULK_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:BulkRequest";

test("search and pagination over 10,000 users", async ({ page, request }, testInfo) => {
  test.setTimeout(600_000);
  const run = Date.now().toString(36);
  const dir = await createTestDirectory(request, "generic", `Scale ${run}`);
  const userName = (i: number) => `user${String(i).padStart(5, "0")}.${run}@scale.example`;

  await test.step(`seed ${USERS} users through /Bulk`, async () => {
    for (let from = 0; from < USERS; from += PER_BULK) {
      const Operations = Array.from({ length: PER_BULK }, (_, k) => {
        const i = from + k;
        return {
          method: "POST",
          path: "/Users",
          bulkId: `u${i}`,
          data: {
            schemas: [USER_SCHEMA],
            userName: userName(i),
            active: i % 10 !== 0,
            name: { givenName: i === 4242 ? "Zebulon" : "Pat", familyName: `Number${i}` },
            emails: [{ value: `pat${i}.${run}@mail.example`, type: "work", primary: true }],
          },
        };
      });
      const res = await request.post(`${dir.endpointUrl}/Bulk`, {
        headers: { authorization: `Bearer ${dir.token}`, "content-type": "application/scim+json" },
        data: JSON.stringify({ schemas: [BULK_SCHEMA], failOnErrors: 1, Operations }),
        timeout: 120_000,
      });
      expect(res.status(), await res.text()).toBe(200);
      const body = (await res.json()) as { Operations: { status: string }[] };
      expect(body.Operations.every((o) => o.status === "201")).toBe(true);
    }
  });

  const table = page.getByRole("table", { name: "Users" });
  await test.step("the first page and its count", async () => {
    await page.goto(`/orgs/${dir.organization.slug}/users`);
    await expect(page.getByText(`Showing 50 of ${USERS.toLocaleString("en")} users`)).toBeVisible();
    await expect(table.getByRole("row")).toHaveCount(51);
    await expect(table.getByRole("row").nth(1)).toContainText(userName(0));
    await snap(page, testInfo, "users-10k");
  });

  await test.step("paging forwards and back by keyset", async () => {
    for (let p = 1; p <= 5; p++) {
      const started = Date.now();
      await page.getByRole("link", { name: "Next →" }).click();
      await expect(table.getByRole("row").nth(1)).toContainText(userName(p * 50));
      expect(Date.now() - started).toBeLessThan(5000);
    }
    await expect(table.getByRole("row").nth(50)).toContainText(userName(299));
    await page.getByRole("link", { name: "← Previous" }).click();
    await expect(table.getByRole("row").nth(1)).toContainText(userName(200));
    // The URL holds the position: it can be shared and reopened.
    const url = page.url();
    await page.goto(url);
    await expect(table.getByRole("row").nth(1)).toContainText(userName(200));
  });

  await test.step("server-side search by userName, email and name", async () => {
    await page.goto(`/orgs/${dir.organization.slug}/users`);
    const started = Date.now();
    await page.getByLabel("Search users").fill(userName(7321));
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText(userName(7321));
    expect(Date.now() - started).toBeLessThan(5000);

    await page.getByLabel("Search users").fill(`pat9876.${run}`);
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText(userName(9876));

    await page.getByLabel("Search users").fill("zebulon");
    await expect(table.getByRole("row")).toHaveCount(2);
    await expect(table).toContainText("Zebulon Number4242");

    await page.getByLabel("Search users").fill("pat number99");
    await expect(page.getByText("Showing 50 of 111 matches")).toBeVisible();
    await snap(page, testInfo, "users-10k-search");
  });

  await test.step("the inactive filter and sorting", async () => {
    await page.goto(`/orgs/${dir.organization.slug}/users?status=inactive`);
    await expect(page.getByText("Showing 50 of 1,000 matches")).toBeVisible();
    await expect(table.getByRole("row").nth(1)).toContainText("Inactive");
    await page.getByLabel("Sort by").selectOption("-userName");
    await expect(table.getByRole("row").nth(1)).toContainText(userName(9990));
  });
});
