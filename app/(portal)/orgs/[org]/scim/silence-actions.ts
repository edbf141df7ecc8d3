"use server";
// The silent-provider window of one directory (lib/directory/silence.ts): an operator or the
// organization's customer admin sets how long the provider may be quiet before the portal,
// the feed and webhooks say so.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { NotInScopeError, actionOrgScope } from "@/lib/auth/request-scope";
import { actorOf, directoryInScope } from "@/lib/auth/scope";
import { UnauthorizedError } from "@/lib/auth/session";
import { MAX_EXPECTED_ACTIVITY_MINUTES, MIN_EXPECTED_ACTIVITY_MINUTES, setExpectedActivity } from "@/lib/directory/silence";
import { formText } from "@/lib/form-data";

export type SilenceResult = { ok: boolean | null; error?: string; message?: string };

const UNIT_MINUTES = { minutes: 1, hours: 60, days: 24 * 60 } as const;

const formSchema = z.object({
  slug: z.string().trim().min(1).max(200),
  directoryId: z.uuid("Unknown directory."),
  mode: z.enum(["default", "custom"]),
  amount: z.coerce.number({ error: "Enter a number." }).int("Enter a whole number.").positive("Enter a number above zero.").optional(),
  unit: z.enum(["minutes", "hours", "days"]).optional(),
});

export async function setExpectedActivityAction(_prev: SilenceResult, formData: FormData): Promise<SilenceResult> {
  const parsed = formSchema.safeParse({
    slug: formText(formData, "slug"),
    directoryId: formText(formData, "directoryId"),
    mode: formText(formData, "mode"),
    amount: formText(formData, "mode") === "custom" ? formText(formData, "amount") : undefined,
    unit: formText(formData, "mode") === "custom" ? formText(formData, "unit") : undefined,
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
  const input = parsed.data;
  let minutes: number | null = null;
  if (input.mode === "custom") {
    if (input.amount === undefined || input.unit === undefined) return { ok: false, error: "Enter how long." };
    minutes = input.amount * UNIT_MINUTES[input.unit];
    if (minutes < MIN_EXPECTED_ACTIVITY_MINUTES || minutes > MAX_EXPECTED_ACTIVITY_MINUTES) {
      return { ok: false, error: `Choose between ${MIN_EXPECTED_ACTIVITY_MINUTES} minutes and 90 days.` };
    }
  }
  try {
    const scope = await actionOrgScope(input.slug);
    const dir = await directoryInScope(scope, input.directoryId);
    if (!dir || !(await setExpectedActivity(scope.db, scope.org.id, dir.directory.id, minutes, actorOf(scope.principal)))) {
      return { ok: false, error: "This directory no longer exists. Reload the page." };
    }
    revalidatePath(`/orgs/${scope.org.slug}`, "layout");
    return { ok: true, message: "Saved." };
  } catch (error) {
    if (error instanceof UnauthorizedError || error instanceof NotInScopeError) return { ok: false, error: error.message };
    throw error;
  }
}
