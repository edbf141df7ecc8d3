import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { operators } from "@/db/schema";
import { makeDirectory } from "@/test/scim-helpers";
import { createOperator } from "./operators";
import { directoryInScope, operatorPrincipal, resolveDirectoryScope, resolveOrgScope, resolveOrgScopeById } from "./scope";

async function newOperator(db: Awaited<ReturnType<typeof makeDirectory>>["db"]) {
  return createOperator(db, { email: `op-${crypto.randomUUID()}@roster.test`, password: "correct-horse-battery" });
}

async function slugOf(t: Awaited<ReturnType<typeof makeDirectory>>): Promise<string> {
  const scope = await resolveOrgScopeById(t.db, (await operatorPrincipal(t.db, (await newOperator(t.db)).id))!, t.organizationId);
  return scope!.org.slug;
}

describe("organisation scope", () => {
  it("gives an operator every organization, by slug and by id", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const op = await newOperator(a.db);
    const principal = await operatorPrincipal(a.db, op.id);
    expect(principal?.kind).toBe("operator");
    for (const t of [a, b]) {
      const byId = await resolveOrgScopeById(t.db, principal!, t.organizationId);
      expect(byId?.org.id).toBe(t.organizationId);
      const bySlug = await resolveOrgScope(t.db, principal!, byId!.org.slug);
      expect(bySlug?.org.id).toBe(t.organizationId);
    }
  });

  it("has no principal for a deleted operator or a malformed id, and no scope for an unknown slug", async () => {
    const t = await makeDirectory();
    const op = await newOperator(t.db);
    const principal = await operatorPrincipal(t.db, op.id);
    expect(await resolveOrgScope(t.db, principal!, `no-such-${crypto.randomUUID()}`)).toBeUndefined();
    expect(await resolveOrgScopeById(t.db, principal!, "not-a-uuid")).toBeUndefined();
    expect(await operatorPrincipal(t.db, "not-a-uuid")).toBeUndefined();
    await t.db.delete(operators).where(eq(operators.id, op.id));
    expect(await operatorPrincipal(t.db, op.id)).toBeUndefined();
  });

  it("binds directories to the scope's organization: another organization's directory id is not in scope", async () => {
    const a = await makeDirectory();
    const b = await makeDirectory();
    const principal = (await operatorPrincipal(a.db, (await newOperator(a.db)).id))!;
    const scopeA = (await resolveOrgScope(a.db, principal, await slugOf(a)))!;
    expect((await directoryInScope(scopeA, a.directoryId))?.directory.id).toBe(a.directoryId);
    expect(await directoryInScope(scopeA, b.directoryId)).toBeUndefined();
    expect(await directoryInScope(scopeA, "not-a-uuid")).toBeUndefined();
    // A page asking for B's directory falls back to A's own, never shows B's.
    const resolved = await resolveDirectoryScope(scopeA, b.directoryId);
    expect(resolved.directory?.directory.id).toBe(a.directoryId);
    expect(resolved.all.map((d) => d.id)).toEqual([a.directoryId]);
  });
});
