import { test } from "@playwright/test";
import { ONELOGIN_HEADERS, oneloginSequence } from "../fixtures/onelogin";
import { createTestDirectory } from "../support/api";
import { newContext, replay } from "./replay";

test("OneLogin: Enable's lookup, users from its JSON templates, group entitlements, suspend and delete", async ({ request }) => {
  const dir = await createTestDirectory(request, "onelogin");
  const context = newContext();
  await replay(request, dir, oneloginSequence(context.run), context, { headers: ONELOGIN_HEADERS });
});
