// Portal links and portal sessions: how a customer's IT admin, who has no account in
// Roster, reaches their own organization's portal. The SaaS backend (or an operator)
// creates a link; opening it once starts a session scoped to that one organization.
// Both secrets are 256-bit random tokens (./secret), shown once and stored as SHA-256.
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { type Executor } from "@/db/client";
import { type PortalIntent, type PortalLink, type PortalSession, portalLinks, portalSessions } from "@/db/schema";
import { type Actor, recordAudit } from "@/lib/directory/audit";
import { env } from "@/lib/env";
import { isUuid } from "./scim-token";
import { hashSecret, hashesEqual, newSecret } from "./secret";

export const PORTAL_LINK_PREFIX = "rst_pl_";
export const PORTAL_SESSION_PREFIX = "rst_ps_";

/**
 * A link's unopened lifetime. Five minutes by default, like WorkOS's: the SaaS creates it
 * the moment its admin clicks "Set up SCIM" and redirects at once. Up to 7 days for links
 * that travel by email (the operator's "Share setup link").
 */
export const LINK_LIFETIME = { defaultSeconds: 300, minSeconds: 1, maxSeconds: 7 * 24 * 60 * 60 } as const;
export const EMAILED_LINK_SECONDS = LINK_LIFETIME.maxSeconds;

/** The first page a link lands on. */
export const INTENT_PATHS: Record<PortalIntent, string> = {
  scim: "scim",
  users: "users",
  groups: "groups",
  events: "events",
};

export type IssuedPortalLink = { id: string; token: string; expiresAt: Date };

type LinkCreator = { type: "operator" | "api_key" | "system"; id?: string };

export async function createPortalLink(
  db: Executor,
  input: {
    organizationId: string;
    expiresInSeconds?: number | undefined;
    intent?: PortalIntent | undefined;
    returnUrl?: string | undefined;
    actor: LinkCreator;
  },
): Promise<IssuedPortalLink> {
  const seconds = input.expiresInSeconds ?? LINK_LIFETIME.defaultSeconds;
  const { secret, hash } = newSecret(PORTAL_LINK_PREFIX);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(portalLinks)
      .values({
        organizationId: input.organizationId,
        tokenHash: hash,
        // The database's clock decides expiry everywhere, so compute it there too.
        expiresAt: sql`now() + make_interval(secs => ${seconds})`,
        intent: input.intent ?? "scim",
        returnUrl: input.returnUrl ?? null,
        createdByType: input.actor.type,
        createdById: input.actor.id ?? null,
      })
      .returning({ id: portalLinks.id, expiresAt: portalLinks.expiresAt });
    if (!row) throw new Error("portal link insert returned no row");
    await recordAudit(tx, {
      actor: input.actor,
      action: "portal_link.created",
      organizationId: input.organizationId,
      target: { type: "portal_link", id: row.id },
      data: { expiresInSeconds: seconds, intent: input.intent ?? "scim", ...(input.returnUrl ? { returnUrl: input.returnUrl } : {}) },
    });
    return { id: row.id, token: secret, expiresAt: row.expiresAt };
  });
}

/** The URL the admin opens. APP_URL when set (links are often created behind a proxy). */
export function portalLinkUrl(token: string, origin: string): string {
  return `${env().appUrl ?? origin}/portal/link/${token}`;
}

export type OpenedLink =
  | { ok: true; session: { token: string; expiresAt: Date }; organizationId: string; intent: PortalIntent }
  | { ok: false; reason: "used" | "expired" | "unknown" };

/**
 * Opens a link: marks it used and starts a session, in one transaction. The UPDATE …
 * WHERE used_at IS NULL is the single-use guarantee: of two concurrent opens, exactly one
 * gets the row back.
 */
export async function openPortalLink(db: Executor, token: string, meta: { userAgent?: string | null }): Promise<OpenedLink> {
  if (!token.startsWith(PORTAL_LINK_PREFIX) || token.length > 256) return { ok: false, reason: "unknown" };
  const hash = hashSecret(token);
  return db.transaction(async (tx): Promise<OpenedLink> => {
    const [link] = await tx
      .update(portalLinks)
      .set({ usedAt: sql`now()` })
      .where(
        and(
          eq(portalLinks.tokenHash, hash),
          isNull(portalLinks.usedAt),
          isNull(portalLinks.revokedAt),
          gt(portalLinks.expiresAt, sql`now()`),
        ),
      )
      .returning();
    if (!link || !hashesEqual(link.tokenHash, hash)) {
      const [known] = await tx
        .select({ usedAt: portalLinks.usedAt })
        .from(portalLinks)
        .where(eq(portalLinks.tokenHash, hash));
      return { ok: false, reason: !known ? "unknown" : known.usedAt ? "used" : "expired" };
    }
    const { secret, hash: sessionHash } = newSecret(PORTAL_SESSION_PREFIX);
    const [session] = await tx
      .insert(portalSessions)
      .values({
        organizationId: link.organizationId,
        portalLinkId: link.id,
        tokenHash: sessionHash,
        returnUrl: link.returnUrl,
        expiresAt: sql`now() + make_interval(mins => ${env().portalSessionMinutes})`,
        userAgent: meta.userAgent?.slice(0, 300) ?? null,
      })
      .returning({ id: portalSessions.id, expiresAt: portalSessions.expiresAt });
    if (!session) throw new Error("portal session insert returned no row");
    return {
      ok: true,
      session: { token: secret, expiresAt: session.expiresAt },
      organizationId: link.organizationId,
      intent: link.intent,
    };
  });
}

/** The session this token names, live or not (the "session expired" page shows its way back). */
export async function findPortalSession(db: Executor, token: string): Promise<PortalSession | undefined> {
  if (!token.startsWith(PORTAL_SESSION_PREFIX) || token.length > 256) return undefined;
  const hash = hashSecret(token);
  const [row] = await db.select().from(portalSessions).where(eq(portalSessions.tokenHash, hash));
  return row && hashesEqual(row.tokenHash, hash) ? row : undefined;
}

export function isSessionLive(session: PortalSession, now = new Date()): boolean {
  return !session.revokedAt && session.expiresAt > now;
}

export type PortalAccess = { links: PortalLink[]; sessions: PortalSession[] };

/** The most recent links and sessions of an organization, for its operators. */
export async function listPortalAccess(db: Executor, organizationId: string, limit = 20): Promise<PortalAccess> {
  const [links, sessions] = await Promise.all([
    db
      .select()
      .from(portalLinks)
      .where(eq(portalLinks.organizationId, organizationId))
      .orderBy(desc(portalLinks.createdAt))
      .limit(limit),
    db
      .select()
      .from(portalSessions)
      .where(eq(portalSessions.organizationId, organizationId))
      .orderBy(desc(portalSessions.createdAt))
      .limit(limit),
  ]);
  return { links, sessions };
}

/** Revokes an unopened link. False when it is not this organization's, or already used or revoked. */
export async function revokePortalLink(db: Executor, organizationId: string, linkId: string, actor: Actor): Promise<boolean> {
  if (!isUuid(linkId)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(portalLinks)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(portalLinks.organizationId, organizationId),
          eq(portalLinks.id, linkId),
          isNull(portalLinks.usedAt),
          isNull(portalLinks.revokedAt),
        ),
      )
      .returning({ id: portalLinks.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "portal_link.revoked",
      organizationId,
      target: { type: "portal_link", id: linkId },
      data: {},
    });
    return true;
  });
}

/** Ends a session at once: its next request gets the "session ended" page. */
export async function revokePortalSession(db: Executor, organizationId: string, sessionId: string, actor: Actor): Promise<boolean> {
  if (!isUuid(sessionId)) return false;
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(portalSessions)
      .set({ revokedAt: sql`now()` })
      .where(
        and(
          eq(portalSessions.organizationId, organizationId),
          eq(portalSessions.id, sessionId),
          isNull(portalSessions.revokedAt),
        ),
      )
      .returning({ id: portalSessions.id });
    if (rows.length === 0) return false;
    await recordAudit(tx, {
      actor,
      action: "portal_session.revoked",
      organizationId,
      target: { type: "portal_session", id: sessionId },
      data: {},
    });
    return true;
  });
}
