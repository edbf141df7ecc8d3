// The audit log: every operator and customer-admin action on directories, tokens, OAuth client
// secrets, API keys, the silent-provider window, the deprovisioning guard and portal access
// records an entry in its own transaction (from the portal, the CLI and the REST API alike); the
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
import { createClientSecret, revokeClientSecret } from "@/lib/auth/oauth-client";
import { setGuardSettings } from "@/lib/directory/deprovision-guard";
import { apiClient } from "@/test/api-client";
import { makeDirectory } from "@/test/scim-helpers";
import { runCommand as cli } from "@/test/support/cli";

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

  it("records OAuth client-secret creation, rotation and revocation, and guard changes, from the domain, the REST API and the CLI", async () => {
    const t = await makeDirectory("pingone");
    const customer = { type: "portal_link" as const, id: crypto.randomUUID() };
    // The domain functions the portal's actions call, with the customer admin as actor.
    const first = await createClientSecret(t.db, t.ref, customer);
    const second = await createClientSecret(t.db, t.ref, customer);
    expect(await revokeClientSecret(t.db, t.ref, first.id, customer)).toBe(true);
    // Revoking it again changes nothing and records nothing.
    expect(await revokeClientSecret(t.db, t.ref, first.id, customer)).toBe(false);
    expect(await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: true, percent: 40, windowMinutes: 30, minUsers: null }, customer)).toBe(true);
    expect(await setGuardSettings(t.db, t.organizationId, t.directoryId, { isEnabled: false, percent: null, windowMinutes: null, minUsers: null }, customer)).toBe(true);
    // Another organization's directory: refused, and nothing recorded there or here.
    const other = await makeDirectory();
    expect(await setGuardSettings(t.db, other.organizationId, t.directoryId, { isEnabled: false, percent: null, windowMinutes: null, minUsers: null }, customer)).toBe(false);
    expect(await revokeClientSecret(t.db, other.ref, second.id, customer)).toBe(false);

    // The REST API, as the API key that called it.
    const apiKey = await createApiKey(t.db, "oauth audit test");
    const api = apiClient(apiKey.key);
    const reply = await api("POST", `/api/v1/directories/${t.directoryId}/oauth-clients`);
    expect(reply.status).toBe(201);
    const created = reply.body as { id: string; clientSecret: string };
    expect((await api("DELETE", `/api/v1/directories/${t.directoryId}/oauth-clients/${created.id}`)).status).toBe(204);

    // The command line.
    const [printed] = await cli(["oauth-client", "create", t.directoryId, "--json"]);
    const fromCli = JSON.parse(printed!) as { id: string; clientSecret: string };
    await cli(["oauth-client", "revoke", t.directoryId, fromCli.id, "--json"]);

    const { entries } = await listAuditLog(t.db, { organizationId: t.organizationId, limit: 50 });
    const rows = entries.reverse().map((e) => [e.action, e.actorType, e.actorId, e.targetId, e.data]);
    const secret = (id: string, extra: Record<string, unknown> = {}) =>
      expect.objectContaining({ secretId: id, clientId: first.clientId, prefix: expect.stringMatching(/^rst_secret_/) as unknown, ...extra }) as unknown;
    const rule = { isEnabled: true, percent: 40, windowMinutes: 30, minUsers: 10, isDefault: false };
    const defaults = { isEnabled: false, percent: 20, windowMinutes: 60, minUsers: 10, isDefault: true };
    expect(rows).toEqual([
      ["oauth_client_secret.created", "portal_link", customer.id, t.directoryId, secret(first.id, { isRotation: false })],
      ["oauth_client_secret.created", "portal_link", customer.id, t.directoryId, secret(second.id, { isRotation: true })],
      ["oauth_client_secret.revoked", "portal_link", customer.id, t.directoryId, secret(first.id)],
      ["directory.deprovisioning_guard_set", "portal_link", customer.id, t.directoryId, rule],
      ["directory.deprovisioning_guard_set", "portal_link", customer.id, t.directoryId, defaults],
      ["oauth_client_secret.created", "api_key", apiKey.id, t.directoryId, secret(created.id, { isRotation: true })],
      ["oauth_client_secret.revoked", "api_key", apiKey.id, t.directoryId, secret(created.id)],
      ["oauth_client_secret.created", "system", "cli", t.directoryId, secret(fromCli.id, { isRotation: true })],
      ["oauth_client_secret.revoked", "system", "cli", t.directoryId, secret(fromCli.id)],
    ]);
    expect((await listAuditLog(t.db, { organizationId: other.organizationId, limit: 50 })).entries).toEqual([]);
    // Prefixes only: no secret in any entry.
    const stored = JSON.stringify(entries);
    for (const s of [first.clientSecret, second.clientSecret, created.clientSecret, fromCli.clientSecret]) expect(stored).not.toContain(s);
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
