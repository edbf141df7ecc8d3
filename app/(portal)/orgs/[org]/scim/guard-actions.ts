"use server";
// The deprovisioning guard from the portal (lib/directory/deprovision-guard.ts): release or
// discard a hold's events, and set a directory's rule. An operator or the organization's
// customer admin may do both; each action resolves the scope again and is audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { NotInScopeError, actionOrgScope } from "@/lib/auth/request-scope";
import { actorOf, directoryInScope } from "@/lib/auth/scope";
import { UnauthorizedError } from "@/lib/auth/session";
import { resolveHold, setGuardSettings } from "@/lib/directory/deprovision-guard";
import { DirectoryError } from "@/lib/directory/errors";
import { formText } from "@/lib/form-data";

export type GuardResult = { ok: boolean; error?: string; message?: string };

function expected(error: unknown): GuardResult {
  if (error instanceof UnauthorizedError || error instanceof NotInScopeError || error instanceof DirectoryError) {
    return { ok: false, error: error.message };
  }
  throw error;
}

const holdForm = z.object({
  slug: z.string().trim().min(1).max(200),
  holdId: z.uuid("Unknown hold."),
  resolution: z.enum(["released", "discarded"]),
});

export async function resolveHoldAction(_prev: GuardResult, formData: FormData): Promise<GuardResult> {
  const parsed = holdForm.safeParse({
    slug: formText(formData, "slug"),
    holdId: formText(formData, "holdId"),
    resolution: formText(formData, "resolution"),
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
  try {
    const scope = await actionOrgScope(parsed.data.slug);
    const { events } = await resolveHold(scope.db, scope.org.id, parsed.data.holdId, parsed.data.resolution, actorOf(scope.principal));
    revalidatePath(`/orgs/${scope.org.slug}`, "layout");
    const noun = `${events.toLocaleString("en")} held ${events === 1 ? "change" : "changes"}`;
    return { ok: true, message: parsed.data.resolution === "released" ? `Released ${noun} to your application.` : `Discarded ${noun}.` };
  } catch (error) {
    return expected(error);
  }
}

const optionalInt = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (v === "" || v === undefined || v === null ? null : v),
    z.coerce.number({ error: `${label}: enter a number.` }).int(`${label}: enter a whole number.`).min(min, `${label}: at least ${min}.`).max(max, `${label}: at most ${max}.`).nullable(),
  );

const settingsForm = z.object({
  slug: z.string().trim().min(1).max(200),
  directoryId: z.uuid("Unknown directory."),
  isEnabled: z.boolean(),
  percent: optionalInt(1, 100, "Share of users"),
  windowMinutes: optionalInt(5, 7 * 24 * 60, "Window"),
  minUsers: optionalInt(1, 1_000_000, "Minimum users"),
});

export async function setGuardAction(_prev: GuardResult, formData: FormData): Promise<GuardResult> {
  const parsed = settingsForm.safeParse({
    slug: formText(formData, "slug"),
    directoryId: formText(formData, "directoryId"),
    isEnabled: formData.get("isEnabled") === "on",
    percent: formText(formData, "percent"),
    windowMinutes: formText(formData, "windowMinutes"),
    minUsers: formText(formData, "minUsers"),
  });
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? "Check the form." };
  const { slug, directoryId, ...settings } = parsed.data;
  try {
    const scope = await actionOrgScope(slug);
    const dir = await directoryInScope(scope, directoryId);
    if (!dir || !(await setGuardSettings(scope.db, scope.org.id, dir.directory.id, settings, actorOf(scope.principal)))) {
      return { ok: false, error: "This directory no longer exists. Reload the page." };
    }
    revalidatePath(`/orgs/${scope.org.slug}`, "layout");
    return { ok: true, message: "Saved." };
  } catch (error) {
    return expected(error);
  }
}
