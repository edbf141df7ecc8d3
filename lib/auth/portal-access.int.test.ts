import { and, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { auditLog, portalLinks, portalSessions } from "@/db/schema";
import { makeDirectory } from "@/test/scim-helpers";
import { createPortalLink, findPortalSession, listPortalAccess, openPortalLink, revokePortalLink, revokePortalSession } from "./portal-access";
import { hashSecret } from "./secret";
import { directoryInScope, isOperator, portalSessionPrincipal, resolveOrgScopeById } from "./scope";

const API_ACTOR = { type: "api_key" as const, id: "key-1" };

async function openedSession(t: Awaited<ReturnType<typeof makeDirectory>>) {
  const link = await createPortalLink(t.db, { organizationId: t.organizationId, actor: API_ACTOR });
  const opened = await openPortalLink(t.db, link.token, { userAgent: "test" });
  if (!opened.ok) throw new Error(`link did not open: ${opened.reason}`);
  return { link, token: opened.session.token };
}

describe("portal links", () => {
  it("stores only the token's hash, defaults to 5 minutes and the SCIM tab, and audit-logs creation", async () => {
    const t = await makeDirectory();
    const before = Date.now();
    const link = await createPortalLink(t.db, { organizationId: t.organizationId, actor: API_ACTOR });
    expect(link.token).toMatch(/^rst_pl_[A-Za-z0-9_-]{43}$/);
    const [row] = await t.db.select().from(portalLinks).where(eq(portalLinks.id, link.id));
    expect(row?.tokenHash).toBe(hashSecret(link.token));
    expect(JSON.stringify(row)).not.toContain(link.token);
    expect(row?.intent).toBe("scim");
    const lifetime = link.expiresAt.getTime() - before;
    expect(lifetime).toBeGreaterThan(295_000);
    expect(lifetime).toBeLessThan(305_000);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.organizationId, t.organizationId), eq(auditLog.action, "portal_link.created")));
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorType: "api_key", actorId: "key-1", targetId: link.id });
  });

  it("opens once: the second open (also a concurrent one) is refused as used", async () => {
    const t = await makeDirectory();
    const link = await createPortalLink(t.db, { organizationId: t.organizationId, intent: "groups", actor: API_ACTOR });
    const results = await Promise.all([openPortalLink(t.db, link.token, {}), openPortalLink(t.db, link.token, {})]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.find((r) => !r.ok)).toEqual({ ok: false, reason: "used" });
    const opened = results.find((r) => r.ok);
    expect(opened).toMatchObject({ ok: true, organizationId: t.organizationId, intent: "groups" });
    expect(await openPortalLink(t.db, link.token, {})).toEqual({ ok: false, reason: "used" });
    const sessions = await t.db.select().from(portalSessions).where(eq(portalSessions.organizationId, t.organizationId));
    expect(sessions).toHaveLength(1);
  });

  it("refuses an expired, a revoked and an unknown link", async () => {
    const t = await makeDirectory();
    const expired = await createPortalLink(t.db, { organizationId: t.organizationId, expiresInSeconds: 1, actor: API_ACTOR });
    await t.db.update(portalLinks).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(portalLinks.id, expired.id));
    expect(await openPortalLink(t.db, expired.token, {})).toEqual({ ok: false, reason: "expired" });

    const revoked = await createPortalLink(t.db, { organizationId: t.organizationId, actor: API_ACTOR });
    const other = await makeDirectory();
    // Another organization's operator page cannot revoke it.
    expect(await revokePortalLink(t.db, other.organizationId, revoked.id, { type: "operator" })).toBe(false);
    expect(await revokePortalLink(t.db, t.organizationId, revoked.id, { type: "operator", id: "op" })).toBe(true);
    expect(await revokePortalLink(t.db, t.organizationId, revoked.id, { type: "operator", id: "op" })).toBe(false);
    expect(await openPortalLink(t.db, revoked.token, {})).toEqual({ ok: false, reason: "expired" });

    expect(await openPortalLink(t.db, "rst_pl_nothing", {})).toEqual({ ok: false, reason: "unknown" });
    expect(await openPortalLink(t.db, "not-a-link", {})).toEqual({ ok: false, reason: "unknown" });
    const actions = (await t.db.select().from(auditLog).where(eq(auditLog.organizationId, t.organizationId))).map((a) => a.action);
    expect(actions).toContain("portal_link.revoked");
  });
});

describe("portal sessions as principals", () => {
  it("sees exactly its own organization, and none of another's directories", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const { token } = await openedSession(a);
    const principal = await portalSessionPrincipal(a.db, token);
    expect(principal?.kind).toBe("portal_session");
    expect(isOperator(principal!)).toBe(false);
    const own = await resolveOrgScopeById(a.db, principal!, a.organizationId);
    expect(own?.org.id).toBe(a.organizationId);
    expect(await resolveOrgScopeById(a.db, principal!, b.organizationId)).toBeUndefined();
    expect(await directoryInScope(own!, b.directoryId)).toBeUndefined();
    expect((await directoryInScope(own!, a.directoryId))?.directory.id).toBe(a.directoryId);
  });

  it("is no principal once expired or revoked, but the ended session is still found for its way back", async () => {
    const t = await makeDirectory();
    const { token } = await openedSession(t);
    const session = await findPortalSession(t.db, token);
    expect(session?.expiresAt.getTime()).toBeGreaterThan(Date.now() + 59 * 60_000);
    await t.db.update(portalSessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(portalSessions.id, session!.id));
    expect(await portalSessionPrincipal(t.db, token)).toBeUndefined();
    expect((await findPortalSession(t.db, token))?.id).toBe(session!.id);

    const second = await openedSession(t);
    const live = await findPortalSession(t.db, second.token);
    expect(await portalSessionPrincipal(t.db, second.token)).toBeDefined();
    expect(await revokePortalSession(t.db, t.organizationId, live!.id, { type: "operator", id: "op" })).toBe(true);
    expect(await portalSessionPrincipal(t.db, second.token)).toBeUndefined();
    expect(await portalSessionPrincipal(t.db, "rst_ps_forged")).toBeUndefined();

    const access = await listPortalAccess(t.db, t.organizationId);
    expect(access.links).toHaveLength(2);
    expect(access.sessions.map((s) => s.revokedAt !== null)).toEqual([true, false]);
  });
});
