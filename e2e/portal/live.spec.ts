// The live stream recovers from a dropped connection and from a refused one: the
// indicator says it is reconnecting, the page reconnects by itself, and changes keep
// arriving without a reload.
import { expect, test } from "@playwright/test";
import { USER_SCHEMA, expectLive, markDocument, onboard, scim, uniqueName } from "./portal-helpers";

test("after a dropped and a refused stream the page reconnects and keeps updating", async ({ page, request }) => {
  const dir = await onboard(page, uniqueName("Flaky Net"));
  await expectLive(page);
  const isSameDocument = await markDocument(page);

  let attempts = 0;
  await page.route("**/api/orgs/*/live", async (route) => {
    attempts++;
    // 1st: the stream opens and ends at once, as when a proxy cuts it (the browser retries).
    if (attempts === 1) {
      return route.fulfill({ status: 200, contentType: "text/event-stream", body: "retry: 300\nevent: ready\ndata: {}\n\n" });
    }
    // 2nd: refused, as by a restarting server (EventSource gives up; the page retries).
    if (attempts === 2) return route.fulfill({ status: 503, body: "" });
    return route.fallback();
  });

  await page.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Users" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Reconnecting…" })).toBeVisible();
  await expectLive(page);
  expect(attempts).toBeGreaterThanOrEqual(3);

  const userName = `back.${Date.now()}@example.com`;
  expect((await scim(request, dir, "POST", "/Users", { schemas: [USER_SCHEMA], userName })).status).toBe(201);
  await expect(page.getByRole("table", { name: "Users" })).toContainText(userName, { timeout: 5_000 });
  expect(await isSameDocument()).toBe(true);
});
