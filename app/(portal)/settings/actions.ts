"use server";
import { revalidatePath } from "next/cache";
import { getDb } from "@/db/client";
import { UnauthorizedError, operatorOrThrow } from "@/lib/auth/session";
import { brandingSchema, saveBranding } from "@/lib/branding";
import { formText } from "@/lib/form-data";

export type BrandingResult = { ok: boolean; error?: string; message?: string };

/** Operators only (a customer admin's portal session has no operator). */
export async function saveBrandingAction(_prev: BrandingResult, formData: FormData): Promise<BrandingResult> {
  let operatorId: string;
  try {
    operatorId = (await operatorOrThrow()).id;
  } catch (error) {
    if (error instanceof UnauthorizedError) return { ok: false, error: error.message };
    throw error;
  }
  const input = brandingSchema.safeParse({
    applicationName: formText(formData, "applicationName"),
    logoUrl: formText(formData, "logoUrl"),
    accentColor: formText(formData, "accentColor"),
  });
  if (!input.success) {
    const issue = input.error.issues[0];
    return { ok: false, error: `${String(issue?.path[0] ?? "Value")}: ${issue?.message ?? "invalid"}` };
  }
  await saveBranding(await getDb(), input.data, operatorId);
  revalidatePath("/", "layout");
  return { ok: true, message: "Branding saved. Customer admins see it on their next page." };
}
