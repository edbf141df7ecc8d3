import { test } from "@playwright/test";
import { jumpcloudSequence } from "../fixtures/jumpcloud";
import { createTestDirectory } from "../support/api";
import { newContext, replay } from "./replay";

test("JumpCloud's connection test creates a test user and group, then deletes them", async ({ request }) => {
  const dir = await createTestDirectory(request, "jumpcloud");
  const context = newContext();
  await replay(request, dir, jumpcloudSequence(context.run), context);
});
