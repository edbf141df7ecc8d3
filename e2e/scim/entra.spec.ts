import { test } from "@playwright/test";
import { ENTRA_HEADERS, entraSequence } from "../fixtures/entra";
import { createTestDirectory } from "../support/api";
import { newContext, replay } from "./replay";

test("Microsoft Entra ID: test connection lookups, its PATCH dialect, member removal by value array", async ({ request }) => {
  const dir = await createTestDirectory(request, "entra");
  const context = newContext();
  await replay(request, dir, entraSequence(context.run), context, { headers: ENTRA_HEADERS });
});
