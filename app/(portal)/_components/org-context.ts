// Loads the organization of a portal URL after checking the session: every org page uses it.
import { notFound } from "next/navigation";
import { cache } from "react";
import { getDb } from "@/db/client";
import type { Operator, Organization } from "@/db/schema";
import { requireOperator } from "@/lib/auth/session";
import { getOrganizationBySlug } from "@/lib/directory/organizations";

export const requireOrganization = cache(async (slug: string): Promise<{ operator: Operator; org: Organization }> => {
  const operator = await requireOperator();
  const org = await getOrganizationBySlug(await getDb(), decodeURIComponent(slug));
  if (!org) notFound();
  return { operator, org };
});
