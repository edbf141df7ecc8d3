import Link from "next/link";
import { EmbedBridge } from "@/app/_components/embed";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { isOperator } from "@/lib/auth/scope";
import { env } from "@/lib/env";
import { OrgTabs } from "../../_components/org-tabs";

export default async function OrganizationLayout({
  children,
  params,
}: {
  children: React.ReactNode;
  params: Promise<{ org: string }>;
}) {
  const { org, principal } = await requireOrgScope((await params).org);
  const isOperatorView = isOperator(principal);
  return (
    <>
      <EmbedBridge
        origins={env().portalFrameAncestors}
        announce={{ type: "roster:ready", organization: { slug: org.slug, name: org.name }, path: `/orgs/${org.slug}` }}
      />
      <div className="mb-6 border-b border-slate-200">
        {isOperatorView ? (
          <nav aria-label="Breadcrumb" className="mb-2 text-sm text-slate-600">
            <Link prefetch={false} href="/orgs" className="hover:text-slate-800">
              Organizations
            </Link>
            <span aria-hidden="true"> / </span>
            <span className="text-slate-700">{org.name}</span>
          </nav>
        ) : null}
        <h1 className="mb-4 text-2xl font-semibold tracking-tight text-slate-900">{org.name}</h1>
        <OrgTabs slug={org.slug} hasSettings={isOperatorView} />
      </div>
      {children}
    </>
  );
}
