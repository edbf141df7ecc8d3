"use server";
// The Roles section of the Groups tab (lib/directory/roles.ts): preview a group → role
// mapping, then save it. An operator or the organization's customer admin may do both;
// each call resolves the scope again, and saving is audited.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { mappingsBody } from "@/lib/api/schemas/roles";
import { NotInScopeError, actionOrgScope } from "@/lib/auth/request-scope";
import { type DirectoryScope, type OrgScope, actorOf, directoryInScope } from "@/lib/auth/scope";
import { UnauthorizedError } from "@/lib/auth/session";
import { DirectoryError } from "@/lib/directory/errors";
import { type RolePreview, previewRoleMappings, replaceRoleMappings } from "@/lib/directory/roles";

export type MappingRequest = { slug: string; directoryId: string; mappings: { groupId: string; roles: string[] }[] };
export type PreviewResult = { ok: true; preview: RolePreview } | { ok: false; error: string };
export type SaveResult = { ok: true; usersUpdated: number } | { ok: false; error: string };

const request = z.object({
  slug: z.string().trim().min(1).max(200),
  directoryId: z.uuid("Unknown directory."),
  mappings: mappingsBody.shape.mappings,
});

function expected(error: unknown): { ok: false; error: string } {
  if (error instanceof UnauthorizedError || error instanceof NotInScopeError || error instanceof DirectoryError) {
    return { ok: false, error: error.message };
  }
  throw error;
}

async function resolve(
  input: unknown,
): Promise<{ error: string } | { scope: OrgScope; directory: DirectoryScope; mappings: MappingRequest["mappings"] }> {
  const parsed = request.safeParse(input);
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "Check the mapping." };
  const scope = await actionOrgScope(parsed.data.slug);
  const directory = await directoryInScope(scope, parsed.data.directoryId);
  if (!directory) throw new NotInScopeError();
  return { scope, directory, mappings: parsed.data.mappings };
}

export async function previewRoleMappingAction(input: MappingRequest): Promise<PreviewResult> {
  try {
    const resolved = await resolve(input);
    if ("error" in resolved) return { ok: false, error: resolved.error };
    return { ok: true, preview: await previewRoleMappings(resolved.scope.db, resolved.directory.directory, resolved.mappings) };
  } catch (error) {
    return expected(error);
  }
}

export async function saveRoleMappingAction(input: MappingRequest): Promise<SaveResult> {
  try {
    const resolved = await resolve(input);
    if ("error" in resolved) return { ok: false, error: resolved.error };
    const { scope, directory, mappings } = resolved;
    const change = await replaceRoleMappings(scope.db, directory.directory, mappings, actorOf(scope.principal));
    revalidatePath(`/orgs/${scope.org.slug}`, "layout");
    return { ok: true, usersUpdated: change.usersUpdated };
  } catch (error) {
    return expected(error);
  }
}
