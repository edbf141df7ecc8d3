import { redirect } from "next/navigation";

export default async function OrganizationIndex({ params }: { params: Promise<{ org: string }> }) {
  redirect(`/orgs/${(await params).org}/scim`);
}
