// `roster portal-link create`: the link it prints opens the organization's portal once.
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { organizations } from "@/db/schema";
import { openPortalLink } from "@/lib/auth/portal-access";
import { makeDirectory } from "@/test/scim-helpers";
import { runCommand as run } from "@/test/support/cli";
import { CliError } from "./registry";

describe("portal-link create", () => {
  it("prints a single-use link to the named tab, with its expiry", async () => {
    const t = await makeDirectory();
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, t.organizationId));
    const [json] = await run(["portal-link", "create", "--org", org!.slug, "--intent", "groups", "--expires-in", "120", "--json"]);
    const printed = JSON.parse(json!) as { url: string; expiresAt: string; organization: string };
    expect(printed.organization).toBe(org!.slug);
    const expiresIn = new Date(printed.expiresAt).getTime() - Date.now();
    expect(expiresIn).toBeGreaterThan(110_000);
    expect(expiresIn).toBeLessThan(130_000);
    const token = new URL(printed.url).pathname.split("/").at(-1)!;
    expect(await openPortalLink(t.db, token, {})).toMatchObject({ ok: true, organizationId: t.organizationId, intent: "groups" });
    expect(await openPortalLink(t.db, token, {})).toEqual({ ok: false, reason: "used" });
  });

  it("refuses an unknown organization, intent or lifetime with a usage error", async () => {
    const t = await makeDirectory();
    const [org] = await t.db.select().from(organizations).where(eq(organizations.id, t.organizationId));
    await expect(run(["portal-link", "create", "--org", `missing-${crypto.randomUUID()}`])).rejects.toBeInstanceOf(CliError);
    await expect(run(["portal-link", "create", "--org", org!.slug, "--intent", "settings"])).rejects.toThrow(/Unknown intent/);
    await expect(run(["portal-link", "create", "--org", org!.slug, "--expires-in", "0"])).rejects.toThrow(/--expires-in/);
    await expect(run(["portal-link", "create"])).rejects.toThrow(/Missing --org/);
  });
});
