"use server";
import { AuthError } from "next-auth";
import { redirect } from "next/navigation";
import { z } from "zod";
import { formText } from "@/lib/form-data";
import { getDb } from "@/db/client";
import { OIDC_PROVIDER_ID, SignInThrottled, signIn, signOut } from "@/lib/auth/config";
import { createFirstOperator, operatorInputSchema } from "@/lib/auth/operators";

export type FormState = { error?: string; fieldErrors?: Record<string, string>; values?: Record<string, string> };

function safeCallback(raw: FormDataEntryValue | null): string {
  const value = typeof raw === "string" ? raw : "";
  // Only same-site paths: an absolute URL here would be an open redirect.
  return value.startsWith("/") && !value.startsWith("//") ? value : "/orgs";
}

export async function signInWithPassword(_prev: FormState, formData: FormData): Promise<FormState> {
  const email = formText(formData, "email");
  try {
    await signIn("credentials", {
      email,
      password: formText(formData, "password"),
      redirectTo: safeCallback(formData.get("callbackUrl")),
    });
  } catch (error) {
    if (error instanceof SignInThrottled) {
      const minutes = Math.max(1, Math.ceil(error.retryAfterSeconds / 60));
      return {
        error: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`,
        values: { email },
      };
    }
    if (error instanceof AuthError) {
      return { error: "That email and password do not match an operator.", values: { email } };
    }
    throw error;
  }
  return {};
}

export async function signInWithOidc(formData: FormData): Promise<void> {
  await signIn(OIDC_PROVIDER_ID, { redirectTo: safeCallback(formData.get("callbackUrl")) });
}

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/login" });
}

const setupSchema = operatorInputSchema.extend({ confirm: z.string() }).refine((v) => v.password === v.confirm, {
  path: ["confirm"],
  message: "The passwords do not match.",
});

export async function createFirstOperatorAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = Object.fromEntries(["email", "name", "password", "confirm"].map((k) => [k, formText(formData, k)]));
  const values = { email: raw.email ?? "", name: raw.name ?? "" };
  const parsed = setupSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of parsed.error.issues) fieldErrors[String(issue.path[0])] ??= issue.message;
    return { fieldErrors, values };
  }
  const db = await getDb();
  const op = await createFirstOperator(db, parsed.data);
  if (!op) {
    // Someone finished setup first; this page is gone now.
    redirect("/login");
  }
  try {
    await signIn("credentials", { email: parsed.data.email, password: parsed.data.password, redirectTo: "/orgs" });
  } catch (error) {
    if (error instanceof AuthError) return { error: "The operator was created, but signing in failed. Try the sign-in page." };
    throw error;
  }
  return {};
}
