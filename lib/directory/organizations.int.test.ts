import { describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { getDb } from "@/db/client";
import { auditLog, directories } from "@/db/schema";
import { createDirectory } from "./directories";
import { createOrganization, deleteOrganization, getOrganizationBySlug, renameOrganization, slugify } from "./organizations";

const operator = { type: "operator" as const, id: "op-test" };

describe("organizations", () => {
  it("derive a unique slug from the name", async () => {
    expect(slugify("  Åcme Corp. (EMEA) ")).toBe("acme-corp-emea");
    expect(slugify("!!!")).toBe("org");
    const db = await getDb();
    const name = `Initech ${crypto.randomUUID().slice(0, 8)}`;
    const first = await createOrganization(db, name, operator);
    const second = await createOrganization(db, name, operator);
    expect(first.slug).toBe(slugify(name));
    expect(second.slug).toBe(`${slugify(name)}-2`);
  });

  it("refuse an empty name and write nothing", async () => {
    const db = await getDb();
    await expect(createOrganization(db, "   ", operator)).rejects.toThrow("Enter a name.");
  });

  it("record who created, renamed and deleted them; deletion takes the directories with it", async () => {
    const db = await getDb();
    const org = await createOrganization(db, `Audited ${crypto.randomUUID().slice(0, 8)}`, operator);
    await renameOrganization(db, org.id, "Audited Renamed", operator);
    expect((await getOrganizationBySlug(db, org.slug))?.name).toBe("Audited Renamed");
    const { directory } = await createDirectory(db, org.id, { provider: "okta" });

    const live = await db.select().from(auditLog).where(eq(auditLog.organizationId, org.id));
    expect(live.map((r) => [r.action, r.actorType, r.actorId]).sort()).toEqual([
      ["organization.created", "operator", "op-test"],
      ["organization.renamed", "operator", "op-test"],
    ]);

    await deleteOrganization(db, org.id, operator);
    expect(await getOrganizationBySlug(db, org.slug)).toBeUndefined();
    expect(await db.select().from(directories).where(eq(directories.id, directory.id))).toHaveLength(0);
    const deleted = await db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, "organization.deleted"), eq(auditLog.targetId, org.id)));
    expect(deleted).toHaveLength(1);
    expect(deleted[0]?.data).toMatchObject({ name: "Audited Renamed", slug: org.slug });
  });
});
