import type { Metadata } from "next";
import { Alert, Card, CardHeader } from "@/app/_components/ui";
import { TypedConfirmDialog } from "@/app/_components/client";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { deleteOrganizationAction } from "../../actions";
import { RenameOrganizationForm } from "./rename-form";

export const metadata: Metadata = { title: "Settings" };

export default async function SettingsPage({
  params,
  searchParams,
}: {
  params: Promise<{ org: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  // Renaming and deleting the organization are for the SaaS's operators, not its customer.
  const { org } = await requireOrgScope((await params).org, "operator");
  const { error } = await searchParams;
  return (
    <div className="max-w-2xl space-y-6">
      <Card>
        <CardHeader title="Organization name" description="Shown to operators and in this customer's portal." />
        <div className="p-5">
          <RenameOrganizationForm slug={org.slug} name={org.name} />
        </div>
      </Card>
      <Card className="border-red-200">
        <CardHeader
          title="Delete organization"
          description="Deletes its directories, tokens, synchronised users and groups, and its events. This cannot be undone."
        />
        <div className="space-y-4 p-5">
          {error === "confirm" ? <Alert>The confirmation text did not match; nothing was deleted.</Alert> : null}
          <TypedConfirmDialog
            triggerLabel="Delete organization"
            title={`Delete ${org.name}?`}
            description={
              <p>
                Every SCIM token of this organization stops working at once, and all synchronised users and groups are
                removed.
              </p>
            }
            confirmText={org.slug}
            confirmLabel="Delete organization"
            action={deleteOrganizationAction}
            hidden={{ slug: org.slug }}
          />
        </div>
      </Card>
    </div>
  );
}
