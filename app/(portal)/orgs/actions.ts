"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { formText } from "@/lib/form-data";
import { NotInScopeError, actionOrgScope } from "@/lib/auth/request-scope";
import { UnauthorizedError, operatorOrThrow } from "@/lib/auth/session";
import { DirectoryError } from "@/lib/directory/errors";
import {
  createOrganization,
  deleteOrganization,
  organizationNameSchema,
  renameOrganization,
} from "@/lib/directory/organizations";

export type ActionResult = { ok: boolean; error?: string; message?: string };

export async function createOrganizationAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  const operator = await operatorOrThrow();
  const name = organizationNameSchema.safeParse(formData.get("name"));
  if (!name.success) return { ok: false, error: name.error.issues[0]?.message ?? "Enter a name." };
  const org = await createOrganization(await getDb(), name.data, { type: "operator", id: operator.id });
  revalidatePath("/orgs");
  redirect(`/orgs/${org.slug}/scim`);
}

export async function renameOrganizationAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  const operator = await operatorOrThrow();
  const name = organizationNameSchema.safeParse(formData.get("name"));
  if (!name.success) return { ok: false, error: name.error.issues[0]?.message ?? "Enter a name." };
  let scope;
  try {
    scope = await actionOrgScope(formText(formData, "slug"), "operator");
  } catch (error) {
    if (error instanceof NotInScopeError || error instanceof UnauthorizedError) return { ok: false, error: error.message };
    throw error;
  }
  const { db, org } = scope;
  await renameOrganization(db, org.id, name.data, { type: "operator", id: operator.id });
  revalidatePath(`/orgs/${org.slug}`, "layout");
  revalidatePath("/orgs");
  return { ok: true, message: "Organization renamed." };
}

export async function deleteOrganizationAction(formData: FormData): Promise<void> {
  const operator = await operatorOrThrow();
  const scope = await actionOrgScope(formText(formData, "slug"), "operator").catch((error: unknown) => {
    if (error instanceof NotInScopeError) return undefined;
    throw error;
  });
  if (!scope) redirect("/orgs");
  const { db, org } = scope;
  // The dialog checks this too; the server does not trust it.
  if (formText(formData, "confirm") !== org.slug) {
    redirect(`/orgs/${org.slug}/settings?error=confirm`);
  }
  try {
    await deleteOrganization(db, org.id, { type: "operator", id: operator.id });
  } catch (error) {
    if (!(error instanceof DirectoryError && error.kind === "not_found")) throw error;
  }
  revalidatePath("/orgs");
  redirect(`/orgs?deleted=${encodeURIComponent(org.name)}`);
}
