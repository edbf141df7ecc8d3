import { redirect } from "next/navigation";
import { requireOrgScope } from "@/lib/auth/request-scope";

export default async function OrganizationIndex({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrgScope((await params).org);
  redirect(`/orgs/${org.slug}/scim`);
}
