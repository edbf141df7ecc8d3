// The audit log: every operator and customer-admin action on directories, tokens, API keys,
// the silent-provider window and portal access records an entry in its own transaction; the
// portal reads it per scope (a customer admin sees only their organization) and the REST API
// pages through it with cursors.
import { describe, expect, it } from "vitest";
import { GET as auditLogRoute } from "@/app/api/v1/audit-log/route";
import { getDb } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import { createPortalLink, openPortalLink } from "@/lib/auth/portal-access";
import { portalSessionPrincipal, resolveOrgScopeById, systemPrincipal } from "@/lib/auth/scope";
import { listAllAudit, listAuditLog, listOrganizationAudit } from "@/lib/directory/audit";
import {
  createDirectory,
  deleteDirectory,
  issueDirectoryToken,
  revokeDirectoryToken,
  setDirectoryStatus,
} from "@/lib/directory/directories";
import { setExpectedActivity } from "@/lib/directory/silence";
import { makeDirectory } from "@/test/scim-helpers";

type AuditBody = { data: { id: string; action: string; organizationId: string | null; actor: { type: string } }[]; nextCursor: string | null };

async function callAudit(key: string | undefined, query = "") {
  const response = await auditLogRoute(
    new Request(`http://roster.test/api/v1/audit-log${query}`, { headers: key ? { authorization: `Bearer ${key}` } : {} }),
    { params: Promise.resolve({}) },
  );
  return { status: response.status, body: (await response.json()) as AuditBody & { error?: { code: string } } };
}

describe("audit log", () => {
  it("records each directory, token, window and API-key action with its actor", async () => {
    const t = await makeDirectory();
    const db = t.db;
    const operator = { type: "operator" as const, id: crypto.randomUUID() };
    const customer = { type: "portal_link" as const, id: crypto.randomUUID() };
    const { directory } = await createDirectory(db, t.organizationId, { provider: "okta" }, operator);
    const token = await issueDirectoryToken(db, directory, customer);
    expect(await revokeDirectoryToken(db, directory, token.id, customer)).toBe(true);
    await setDirectoryStatus(db, t.organizationId, directory.id, "disabled", customer);
    // Setting the status it already has changes nothing and records nothing.
    await setDirectoryStatus(db, t.organizationId, directory.id, "disabled", customer);
    await setExpectedActivity(db, t.organizationId, directory.id, 120, customer);
    expect(await deleteDirectory(db, t.organizationId, directory.id, operator)).toBe(true);

    const { entries } = await listAuditLog(db, { organizationId: t.organizationId, limit: 50 });
    expect(entries.map((e) => [e.action, e.actorType]).reverse()).toEqual([
      ["directory.created", "operator"],
      ["scim_token.created", "portal_link"],
      ["scim_token.revoked", "portal_link"],
      ["directory.disabled", "portal_link"],
      ["directory.expected_activity_set", "portal_link"],
      ["directory.deleted", "operator"],
    ]);
    // Names and prefixes only: a token's secret is never in an entry.
    expect(JSON.stringify(entries)).not.toContain(token.token);

    const key = await createApiKey(db, "audit test", undefined);
    await revokeApiKey(db, key.id, operator);
    const all = await listAuditLog(db, { limit: 500 });
    const keyEntries = all.entries.filter((e) => e.targetId === key.id).map((e) => [e.action, e.actorType, e.organizationId]);
    expect(keyEntries.reverse()).toEqual([
      ["api_key.created", "system", null],
      ["api_key.revoked", "operator", null],
    ]);
    expect(JSON.stringify(all.entries)).not.toContain(key.key);
  });

  it("shows a customer admin their own organization's entries only, and operators everything", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const system = { type: "system" as const };
    await setDirectoryStatus(a.db, a.organizationId, a.directoryId, "disabled", system);
    await setDirectoryStatus(b.db, b.organizationId, b.directoryId, "disabled", system);
    const link = await createPortalLink(a.db, { organizationId: a.organizationId, actor: system });
    const opened = await openPortalLink(a.db, link.token, {});
    if (!opened.ok) throw new Error("link did not open");
    const db = await getDb();
    const customer = await portalSessionPrincipal(db, opened.session.token);
    if (!customer) throw new Error("no portal session");

    const own = await resolveOrgScopeById(db, customer, a.organizationId);
    expect(own).toBeDefined();
    const seen = await listOrganizationAudit(own!, undefined);
    expect(seen.entries.length).toBeGreaterThan(0);
    expect(seen.entries.every((e) => e.organizationId === a.organizationId)).toBe(true);
    // Another organization's scope cannot even be had, and the global list refuses.
    expect(await resolveOrgScopeById(db, customer, b.organizationId)).toBeUndefined();
    await expect(listAllAudit(db, customer)).rejects.toThrow();

    const everything = await listAllAudit(db, systemPrincipal("test"));
    const orgs = new Set(everything.entries.map((e) => e.organizationId));
    expect(orgs.has(a.organizationId) && orgs.has(b.organizationId)).toBe(true);
  });

  it("GET /api/v1/audit-log: API key, newest first, organization filter, cursor pages", async () => {
    const t = await makeDirectory();
    const { key } = await createApiKey(t.db, "audit api test");
    expect((await callAudit(undefined)).status).toBe(401);

    const actor = { type: "api_key" as const, id: crypto.randomUUID() };
    for (const status of ["disabled", "active", "disabled", "active", "disabled"] as const) {
      await setDirectoryStatus(t.db, t.organizationId, t.directoryId, status, actor);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 10; page++) {
      const query: string = `?organizationId=${t.organizationId}&limit=2${after ? `&after=${after}` : ""}`;
      const res = await callAudit(key, query);
      expect(res.status).toBe(200);
      expect(res.body.data.length).toBeLessThanOrEqual(2);
      expect(res.body.data.every((e) => e.organizationId === t.organizationId)).toBe(true);
      seen.push(...res.body.data.map((e) => e.action));
      after = res.body.nextCursor;
      if (!after) break;
    }
    expect(seen).toEqual(["directory.disabled", "directory.enabled", "directory.disabled", "directory.enabled", "directory.disabled"]);

    const bad = await callAudit(key, "?after=not-a-cursor");
    expect(bad.status).toBe(400);
    expect(bad.body.error?.code).toBe("invalid_cursor");
    expect((await callAudit(key, "?organizationId=nope")).status).toBe(400);
  });
});
