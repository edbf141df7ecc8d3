import type { Metadata } from "next";
import { Link } from "../../_components/link";
import { Card, CardHeader } from "@/app/_components/ui";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { ProviderPicker } from "../provider-picker";
import { providerList } from "../providers";

export const metadata: Metadata = { title: "Add directory" };

/** A second (third…) directory: a customer moving between identity providers runs both for a while. */
export default async function NewDirectoryPage({ params }: { params: Promise<{ org: string }> }) {
  const { org } = await requireOrgScope((await params).org);
  return (
    <div className="space-y-6">
      <nav aria-label="Back" className="text-sm">
        <Link href={`/orgs/${org.slug}/scim`} className="text-slate-500 hover:text-slate-700">
          ← SCIM Provisioning
        </Link>
      </nav>
      <Card>
        <CardHeader
          title="Add a directory"
          description="Each directory has its own endpoint, tokens, users and groups — for example while moving from one identity provider to another."
        />
        <div className="p-5">
          <ProviderPicker slug={org.slug} providers={providerList()} />
        </div>
      </Card>
    </div>
  );
}
