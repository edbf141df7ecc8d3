"use server";
// Server actions of the SCIM Provisioning tab. Each one resolves the organisation scope of
// the form's organization again (lib/auth/request-scope: an operator, or that
// organization's customer admin), validates its form with zod, and resolves the directory
// within that scope, so a directory id copied from another organization's page is simply
// not found.
// A new token's plaintext leaves the server once, in the return value of the action that
// created it; it is never stored, logged or rendered by a server component.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type Organization, PROVIDERS } from "@/db/schema";
import { NotInScopeError, actionOrgScope } from "@/lib/auth/request-scope";
import { type DirectoryScope, type OrgScope, actorOf, directoryInScope } from "@/lib/auth/scope";
import { UnauthorizedError } from "@/lib/auth/session";
import { createClientSecret, revokeClientSecret } from "@/lib/auth/oauth-client";
import {
  createDirectory,
  deleteDirectory,
  issueDirectoryToken,
  revokeDirectoryToken,
  setDirectoryStatus,
} from "@/lib/directory/directories";
import { formText } from "@/lib/form-data";
import { EMAILED_LINK_SECONDS, createPortalLink, portalLinkUrl, revokePortalLink, revokePortalSession } from "@/lib/auth/portal-access";
import { requestOrigin } from "../_components/request-origin";

export type IssuedToken = { directoryId: string; tokenId: string; token: string; displayPrefix: string };
export type TokenResult = { ok: true; issued: IssuedToken } | { ok: false; error: string } | { ok: null };
export type ActionResult = { ok: boolean; error?: string; message?: string };

const slugSchema = z.string().trim().min(1).max(200);
const idSchema = z.uuid("Unknown directory.");

class ExpectedError extends Error {}

async function scopeOf(formData: FormData, access: "any" | "operator" = "any"): Promise<OrgScope> {
  const slug = slugSchema.safeParse(formText(formData, "slug"));
  if (!slug.success) throw new ExpectedError("This organization no longer exists.");
  return actionOrgScope(slug.data, access);
}

async function directoryOf(formData: FormData, access: "any" | "operator" = "any"): Promise<DirectoryScope> {
  const scope = await scopeOf(formData, access);
  const id = idSchema.safeParse(formText(formData, "directoryId"));
  const dirScope = id.success ? await directoryInScope(scope, id.data) : undefined;
  if (!dirScope) throw new ExpectedError("This directory no longer exists. Reload the page.");
  return dirScope;
}

function isExpected(error: unknown): error is Error {
  return error instanceof ExpectedError || error instanceof UnauthorizedError || error instanceof NotInScopeError;
}

function failure(error: unknown): { ok: false; error: string } {
  if (isExpected(error)) return { ok: false, error: error.message };
  throw error;
}

function revalidateOrganization(org: Organization): void {
  revalidatePath(`/orgs/${org.slug}`, "layout");
  revalidatePath("/orgs");
}

const configureSchema = z.object({
  provider: z.enum(PROVIDERS, { error: "Choose your identity provider." }),
});

export async function configureDirectoryAction(_prev: TokenResult, formData: FormData): Promise<TokenResult> {
  try {
    const { db, org, principal } = await scopeOf(formData);
    const input = configureSchema.safeParse({ provider: formText(formData, "provider") });
    if (!input.success) return { ok: false, error: input.error.issues[0]?.message ?? "Choose your identity provider." };
    const { directory, token } = await createDirectory(db, org.id, { provider: input.data.provider }, actorOf(principal));
    revalidateOrganization(org);
    return {
      ok: true,
      issued: { directoryId: directory.id, tokenId: token.id, token: token.token, displayPrefix: token.displayPrefix },
    };
  } catch (error) {
    return failure(error);
  }
}

/** Rotation issues a second token; the old one keeps working until it is revoked. */
export async function rotateTokenAction(_prev: TokenResult, formData: FormData): Promise<TokenResult> {
  try {
    const { db, org, directory, principal } = await directoryOf(formData);
    const token = await issueDirectoryToken(db, directory, actorOf(principal));
    revalidateOrganization(org);
    return {
      ok: true,
      issued: { directoryId: directory.id, tokenId: token.id, token: token.token, displayPrefix: token.displayPrefix },
    };
  } catch (error) {
    return failure(error);
  }
}

export async function revokeTokenAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  try {
    const { db, org, directory, principal } = await directoryOf(formData);
    const tokenId = z.uuid().safeParse(formText(formData, "tokenId"));
    if (!tokenId.success) return { ok: false, error: "Unknown token." };
    const isRevoked = await revokeDirectoryToken(db, directory, tokenId.data, actorOf(principal));
    if (!isRevoked) return { ok: false, error: "This token was already revoked." };
    revalidateOrganization(org);
    return { ok: true, message: "Token revoked. Requests that use it now get 401." };
  } catch (error) {
    return failure(error);
  }
}

export type IssuedClientSecret = { directoryId: string; secretId: string; clientId: string; clientSecret: string };
export type ClientSecretResult = { ok: true; issued: IssuedClientSecret } | { ok: false; error: string } | { ok: null };

/**
 * OAuth 2 client credentials (PingOne, Entra ID): a new client secret under the directory's
 * client id. Like token rotation, older secrets keep working until they are revoked.
 */
export async function createClientSecretAction(_prev: ClientSecretResult, formData: FormData): Promise<ClientSecretResult> {
  try {
    const { db, org, directory, principal } = await directoryOf(formData);
    const issued = await createClientSecret(db, directory, actorOf(principal));
    revalidateOrganization(org);
    return { ok: true, issued: { directoryId: directory.id, secretId: issued.id, clientId: issued.clientId, clientSecret: issued.clientSecret } };
  } catch (error) {
    return failure(error);
  }
}

export async function revokeClientSecretAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  try {
    const { db, org, directory, principal } = await directoryOf(formData);
    const secretId = z.uuid().safeParse(formText(formData, "secretId"));
    if (!secretId.success) return { ok: false, error: "Unknown client secret." };
    const isRevoked = await revokeClientSecret(db, directory, secretId.data, actorOf(principal));
    if (!isRevoked) return { ok: false, error: "This client secret was already revoked." };
    revalidateOrganization(org);
    return { ok: true, message: "Client secret revoked. It gets no new tokens, and the tokens it obtained now get 401." };
  } catch (error) {
    return failure(error);
  }
}

const statusSchema = z.enum(["active", "disabled"]);

export async function setDirectoryStatusAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  try {
    const { db, org, directory, principal } = await directoryOf(formData);
    const status = statusSchema.safeParse(formText(formData, "status"));
    if (!status.success) return { ok: false, error: "Unknown status." };
    await setDirectoryStatus(db, org.id, directory.id, status.data, actorOf(principal));
    revalidateOrganization(org);
    return {
      ok: true,
      message:
        status.data === "disabled"
          ? "Directory disabled. Provisioning requests now get 403; synchronised data is kept."
          : "Directory enabled. Provisioning requests are accepted again.",
    };
  } catch (error) {
    return failure(error);
  }
}

/**
 * Used by TypedConfirmDialog (a plain form action): expected failures come back in the URL.
 * Operators only: a customer admin can disable a directory, not erase what it synchronised.
 */
export async function deleteDirectoryAction(formData: FormData): Promise<void> {
  let target: string;
  try {
    const { db, org, directory, principal } = await directoryOf(formData, "operator");
    // The dialog checks this too; the server does not trust it.
    if (formText(formData, "confirm") !== directory.name) {
      redirect(`/orgs/${org.slug}/scim?directory=${directory.id}&error=confirm`);
    }
    await deleteDirectory(db, org.id, directory.id, actorOf(principal));
    revalidateOrganization(org);
    target = `/orgs/${org.slug}/scim?deleted=${encodeURIComponent(directory.name)}`;
  } catch (error) {
    if (isExpected(error)) target = `/orgs/${formText(formData, "slug")}/scim`;
    else throw error;
  }
  redirect(target);
}

// ---------------------------------------------------------------------------------------
// Customer admin access (operators only): setup links to email, and revoking links and sessions.

export type ShareLinkResult = { ok: true; url: string; expiresAt: string } | { ok: false; error: string } | { ok: null };

/** "Share setup link": a link for email, valid for 7 days (the longest a link lives), opens once. */
export async function createShareLinkAction(_prev: ShareLinkResult, formData: FormData): Promise<ShareLinkResult> {
  try {
    const { db, org, principal } = await scopeOf(formData, "operator");
    const link = await createPortalLink(db, {
      organizationId: org.id,
      expiresInSeconds: EMAILED_LINK_SECONDS,
      intent: "scim",
      actor: { type: "operator", id: principal.kind === "operator" ? principal.operator.id : undefined },
    });
    revalidateOrganization(org);
    return { ok: true, url: portalLinkUrl(link.token, (await requestOrigin()) ?? "http://localhost:3000"), expiresAt: link.expiresAt.toISOString() };
  } catch (error) {
    return failure(error);
  }
}

const accessSchema = z.object({ kind: z.enum(["link", "session"]), id: z.uuid() });

export async function revokePortalAccessAction(_prev: ActionResult, formData: FormData): Promise<ActionResult> {
  try {
    const { db, org, principal } = await scopeOf(formData, "operator");
    const input = accessSchema.safeParse({ kind: formText(formData, "kind"), id: formText(formData, "id") });
    if (!input.success) return { ok: false, error: "Unknown link or session." };
    const actor = actorOf(principal);
    const isRevoked =
      input.data.kind === "link"
        ? await revokePortalLink(db, org.id, input.data.id, actor)
        : await revokePortalSession(db, org.id, input.data.id, actor);
    if (!isRevoked) return { ok: false, error: `This ${input.data.kind} was already used, revoked or ended.` };
    revalidateOrganization(org);
    return {
      ok: true,
      message: input.data.kind === "link" ? "Link revoked: it can no longer be opened." : "Session ended: its next request shows “session ended”.",
    };
  } catch (error) {
    return failure(error);
  }
}
