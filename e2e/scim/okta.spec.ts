/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument -- SCIM bodies are JSON. */
import { expect, test } from "@playwright/test";
import { OKTA_HEADERS, OKTA_PAGE_USERS, oktaSequence } from "../fixtures/okta";
import { SCHEMAS } from "../fixtures/types";
import { createTestDirectory } from "../support/api";
import { newContext, replay, sendScim } from "./replay";

test("Okta: connection test, users with passwords, deactivation, groups", async ({ request }) => {
  const dir = await createTestDirectory(request, "okta");
  const context = newContext();
  await replay(request, dir, oktaSequence(context.run), context, { headers: OKTA_HEADERS });
});

test("Okta pages through users with count=100 in a stable order", async ({ request }) => {
  const dir = await createTestDirectory(request, "okta");
  // Seeded through Bulk in one request; the pages below are what Okta sends.
  const seed = await sendScim(request, dir, {
    method: "POST",
    path: "/Bulk",
    body: {
      schemas: ["urn:ietf:params:scim:api:messages:2.0:BulkRequest"],
      Operations: Array.from({ length: OKTA_PAGE_USERS }, (_, i) => ({
        method: "POST",
        path: "/Users",
        bulkId: `u${i}`,
        data: { schemas: [SCHEMAS.user], userName: `page${String(i).padStart(3, "0")}@example.com` },
      })),
    },
  });
  expect(seed.status).toBe(200);
  expect(seed.body.Operations.every((o: { status: string }) => o.status === "201")).toBe(true);

  const seen: string[] = [];
  for (let startIndex = 1; startIndex <= OKTA_PAGE_USERS; startIndex += 100) {
    const page = await sendScim(request, dir, { method: "GET", path: `/Users?startIndex=${startIndex}&count=100`, headers: OKTA_HEADERS });
    expect(page.status).toBe(200);
    expect(page.body).toMatchObject({ totalResults: OKTA_PAGE_USERS, startIndex });
    expect(page.body.itemsPerPage).toBe(Math.min(100, OKTA_PAGE_USERS - startIndex + 1));
    seen.push(...page.body.Resources.map((r: { userName: string }) => r.userName));
  }
  expect(new Set(seen).size).toBe(OKTA_PAGE_USERS);
  expect(seen).toEqual([...seen].sort());
});
