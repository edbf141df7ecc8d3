// Branding of this deployment: the SaaS application's name, logo and accent colour, shown
// to customer admins on portal-link pages, in the portal (also inside the application's
// iframe) and in the setup guides' text. The operator's settings (one row) win over the
// environment variables, which win over Roster's defaults.
import { eq, sql } from "drizzle-orm";
import { z } from "zod";
import { type Executor } from "@/db/client";
import { deploymentSettings } from "@/db/schema";
import { recordAudit } from "@/lib/directory/audit";
import { env } from "@/lib/env";

export type Branding = {
  /** "Hero SaaS"; undefined when neither the operator nor the environment named it. */
  applicationName: string | undefined;
  logoUrl: string | undefined;
  /** #rrggbb */
  accentColor: string | undefined;
};

/** What customer admins read when the application has no name configured. */
export const UNNAMED_APPLICATION = "your application";

const emptyToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);

export const brandingSchema = z.object({
  applicationName: z.preprocess(emptyToUndefined, z.string().trim().max(60, "Use at most 60 characters.").optional()),
  logoUrl: z.preprocess(
    emptyToUndefined,
    z.url({ protocol: /^https?$/, error: "Enter an http(s) URL of an image." }).max(2000).optional(),
  ),
  accentColor: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^#[0-9a-fA-F]{6}$/, "Use a colour like #4f46e5.")
      .transform((v) => v.toLowerCase())
      .optional(),
  ),
});
export type BrandingInput = z.infer<typeof brandingSchema>;

export async function getBranding(db: Executor): Promise<Branding> {
  const [row] = await db.select().from(deploymentSettings).where(eq(deploymentSettings.id, 1));
  const fallback = env().branding;
  return {
    applicationName: row?.applicationName ?? fallback.applicationName,
    logoUrl: row?.logoUrl ?? fallback.logoUrl,
    accentColor: row?.accentColor ?? fallback.accentColor,
  };
}

/** The operator's own values (without the environment's), for the settings form. */
export async function getSavedBranding(db: Executor): Promise<BrandingInput> {
  const [row] = await db.select().from(deploymentSettings).where(eq(deploymentSettings.id, 1));
  return { applicationName: row?.applicationName ?? undefined, logoUrl: row?.logoUrl ?? undefined, accentColor: row?.accentColor ?? undefined };
}

/** Saves the operator's branding; an empty field falls back to the environment variable. */
export async function saveBranding(db: Executor, input: BrandingInput, operatorId: string): Promise<void> {
  const values = {
    applicationName: input.applicationName ?? null,
    logoUrl: input.logoUrl ?? null,
    accentColor: input.accentColor ?? null,
  };
  await db.transaction(async (tx) => {
    await tx
      .insert(deploymentSettings)
      .values({ id: 1, ...values })
      .onConflictDoUpdate({ target: deploymentSettings.id, set: { ...values, updatedAt: sql`now()` } });
    await recordAudit(tx, {
      actor: { type: "operator", id: operatorId },
      action: "branding.updated",
      target: { type: "deployment_settings", id: "1" },
      data: values,
    });
  });
}

/**
 * CSS that re-points the portal's brand colour scale at the accent colour: 600 is the
 * colour itself (buttons, active tabs), 700 a darker shade (hover, text), 500 and the
 * tints mixed towards white.
 */
export function accentCss(accent: string | undefined): string | undefined {
  if (!accent || !/^#[0-9a-f]{6}$/.test(accent)) return undefined;
  return `:root{--color-brand-600:${accent};--color-brand-700:color-mix(in oklch, ${accent} 82%, black);--color-brand-500:color-mix(in oklch, ${accent} 85%, white);--color-brand-100:color-mix(in oklch, ${accent} 18%, white);--color-brand-50:color-mix(in oklch, ${accent} 8%, white)}`;
}
