import { test } from "@playwright/test";
import { pingoneSequence } from "../fixtures/pingone";
import { createTestDirectory } from "../support/api";
import { newContext, replay } from "./replay";

test("PingOne's SCIM Outbound connector: test connection, users, groups and membership", async ({ request }) => {
  const dir = await createTestDirectory(request, "pingone");
  const context = newContext();
  await replay(request, dir, pingoneSequence(context.run), context, { headers: { "content-type": "application/json" } });
});
