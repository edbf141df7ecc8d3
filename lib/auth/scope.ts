// The one authorisation path of the Admin Portal. A principal (who is asking) is minted
// here only, from a check against the database; an organisation scope (what they may see)
// is minted here only, from a principal and the organization named in the URL. Every
// portal page, server action, live stream and read function in lib/directory/portal.ts
// takes a scope, so a route that forgot to check cannot even call them.
//
// A principal that may not see an organization gets `undefined` — the same answer as for
// an organization that does not exist — so a customer admin's 404 never confirms that
// another customer's slug, directory or resource id exists.
import { type Db } from "@/db/client";
import { type Actor } from "@/lib/directory/audit";
import { type Directory, type Operator, type Organization, type PortalSession } from "@/db/schema";
import { getDirectory, listDirectories } from "@/lib/directory/directories";
import { getOrganizationById, getOrganizationBySlug } from "@/lib/directory/organizations";
import { findOperatorById } from "./operators";
import { findPortalSession, isSessionLive } from "./portal-access";

declare const minted: unique symbol;
/** Only this module can produce a value of a type carrying this brand (without a cast). */
type Minted = { readonly [minted]: true };

export type OperatorPrincipal = Minted & { readonly kind: "operator"; readonly operator: Operator };
/**
 * In-process callers with no request (benchmarks): they see what an operator sees.
 * Nothing under app/ may use it (eslint no-restricted-imports).
 */
export type SystemPrincipal = Minted & { readonly kind: "system"; readonly reason: string };
/** A customer admin who opened a portal link: sees exactly one organization. */
export type PortalSessionPrincipal = Minted & { readonly kind: "portal_session"; readonly session: PortalSession };
export type Principal = OperatorPrincipal | PortalSessionPrincipal | SystemPrincipal;

export type OrgScope = Minted & { readonly db: Db; readonly principal: Principal; readonly org: Organization };
/** A scope narrowed to one directory that belongs to the scope's organization. */
export type DirectoryScope = OrgScope & { readonly directory: Directory };

function mint<T>(value: Omit<T, typeof minted>): T {
  return value as T;
}

/** The operator with this id, if they still exist (a session outliving its operator is no principal). */
export async function operatorPrincipal(db: Db, operatorId: string): Promise<OperatorPrincipal | undefined> {
  const operator = await findOperatorById(db, operatorId);
  return operator ? mint<OperatorPrincipal>({ kind: "operator", operator }) : undefined;
}

/** The live (unexpired, unrevoked) portal session this cookie value names. */
export async function portalSessionPrincipal(db: Db, token: string): Promise<PortalSessionPrincipal | undefined> {
  const session = await findPortalSession(db, token);
  return session && isSessionLive(session) ? mint<PortalSessionPrincipal>({ kind: "portal_session", session }) : undefined;
}

export function systemPrincipal(reason: string): SystemPrincipal {
  return mint<SystemPrincipal>({ kind: "system", reason });
}

/** Whether the principal may see every organization (and the operator-only pages). */
export function isOperator(principal: Principal): boolean {
  return principal.kind === "operator" || principal.kind === "system";
}

function maySee(principal: Principal, org: Organization): boolean {
  if (principal.kind === "portal_session") return principal.session.organizationId === org.id;
  return true;
}

/** The scope for the organization with this slug, or undefined when this principal may not see it. */
export async function resolveOrgScope(db: Db, principal: Principal, slug: string): Promise<OrgScope | undefined> {
  const org = await getOrganizationBySlug(db, slug);
  if (!org || !maySee(principal, org)) return undefined;
  return mint<OrgScope>({ db, principal, org });
}

export async function resolveOrgScopeById(db: Db, principal: Principal, organizationId: string): Promise<OrgScope | undefined> {
  const org = await getOrganizationById(db, organizationId);
  if (!org || !maySee(principal, org)) return undefined;
  return mint<OrgScope>({ db, principal, org });
}

/**
 * The directory a portal page shows: the one named in `?directory=` when it belongs to
 * the scope's organization, else the organization's first. Undefined when it has none.
 * A directory id of another organization is ignored, never an error that confirms it.
 */
export async function resolveDirectoryScope(
  scope: OrgScope,
  requested?: string,
): Promise<{ directory: DirectoryScope | undefined; all: Directory[] }> {
  const all = await listDirectories(scope.db, scope.org.id);
  const chosen = (requested ? await getDirectory(scope.db, scope.org.id, requested) : undefined) ?? all[0];
  return { directory: chosen ? mint<DirectoryScope>({ ...scope, directory: chosen }) : undefined, all };
}

/** A directory of the scope's organization by id (server actions name it in their form). */
export async function directoryInScope(scope: OrgScope, directoryId: string): Promise<DirectoryScope | undefined> {
  const directory = await getDirectory(scope.db, scope.org.id, directoryId);
  return directory ? mint<DirectoryScope>({ ...scope, directory }) : undefined;
}

/** Who the audit log names for a principal's action (lib/directory/audit.ts). */
export function actorOf(principal: Principal): Actor {
  if (principal.kind === "operator") return { type: "operator", id: principal.operator.id };
  if (principal.kind === "portal_session") return { type: "portal_link", id: principal.session.id };
  return { type: "system", id: principal.reason };
}
