// The request's side of ./scope: who is asking (the next-auth session of an operator, else
// the portal session cookie of a customer admin) and
// the organisation scope of the slug in the URL, in the three shapes the portal needs —
// pages (redirect / notFound), server actions (an error to return) and route handlers
// (a Response). Nothing here decides access; ./scope does.
import { cookies } from "next/headers";
import { notFound, redirect } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import { auth } from "./config";
import { PORTAL_COOKIE } from "./portal-cookie";
import { type OrgScope, type Principal, isOperator, operatorPrincipal, portalSessionPrincipal, resolveOrgScope } from "./scope";
import { UnauthorizedError } from "./session";

/**
 * The principal of this request, or undefined (signed out, session expired or revoked,
 * operator deleted). An operator's session wins over a portal cookie in the same browser:
 * an operator who opens a customer's link keeps their own view of every organization.
 */
export const currentPrincipal = cache(async (): Promise<Principal | undefined> => {
  const db = await getDb();
  const session = await auth();
  const operatorId = session?.user?.id;
  const operator = operatorId ? await operatorPrincipal(db, operatorId) : undefined;
  if (operator) return operator;
  const token = (await cookies()).get(PORTAL_COOKIE)?.value;
  return token ? portalSessionPrincipal(db, token) : undefined;
});

/**
 * Where a visitor without a principal goes: a customer admin whose session ended gets the
 * page that says so (never the operators' sign-in form); anyone else signs in.
 */
async function signedOutDestination(): Promise<never> {
  if ((await cookies()).has(PORTAL_COOKIE)) redirect("/portal/expired?reason=session");
  redirect("/login");
}

/** For the portal's layout: whoever may be here at all. */
export async function requirePrincipal(): Promise<Principal> {
  return (await currentPrincipal()) ?? (await signedOutDestination());
}

/** For pages under /orgs/{slug}: the scope, a sign-in redirect, or 404 (also for operator-only pages). */
export const requireOrgScope = cache(async (slug: string, access: "any" | "operator" = "any"): Promise<OrgScope> => {
  const principal = await currentPrincipal();
  if (!principal) return signedOutDestination();
  const scope = await resolveOrgScope(await getDb(), principal, decodeURIComponent(slug));
  if (!scope || (access === "operator" && !isOperator(principal))) notFound();
  return scope;
});

/** For pages outside any organization (the organization list): operators only. */
export async function requireOperatorPrincipal(): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) return signedOutDestination();
  if (!isOperator(principal)) notFound();
  return principal;
}

export class NotInScopeError extends Error {
  constructor() {
    super("This organization no longer exists.");
  }
}

/**
 * For server actions: the scope, or an error the action returns as `{ ok: false, error }`.
 * An organization the principal may not see reads as one that does not exist.
 */
export async function actionOrgScope(slug: string, access: "any" | "operator" = "any"): Promise<OrgScope> {
  const principal = await currentPrincipal();
  if (!principal) throw new UnauthorizedError();
  const scope = await resolveOrgScope(await getDb(), principal, slug);
  if (!scope || (access === "operator" && !isOperator(principal))) throw new NotInScopeError();
  return scope;
}

/** For route handlers (the live stream): the scope, or the 401 / 404 to answer with. */
export async function routeOrgScope(slug: string): Promise<OrgScope | Response> {
  const principal = await currentPrincipal();
  if (!principal) return Response.json({ error: "Sign in to watch this organization." }, { status: 401 });
  const scope = await resolveOrgScope(await getDb(), principal, slug);
  if (!scope) return Response.json({ error: "No such organization." }, { status: 404 });
  return scope;
}
