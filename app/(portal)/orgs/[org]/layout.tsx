import Link from "next/link";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { OrgTabs } from "../../_components/org-tabs";

export default async function OrganizationLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org } = await requireOrgScope((await params).org);
  return (
    <>
      <div className="mb-6 border-b border-slate-200">
        <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-500">
          <Link prefetch={false} href="/orgs" className="hover:text-slate-700">
            Organizations
          </Link>
          <span aria-hidden="true"> / </span>
          <span className="text-slate-700">{org.name}</span>
        </nav>
        <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">{org.name}</h1>
        <OrgTabs slug={org.slug} />
      </div>
      {children}
    </>
  );
}
