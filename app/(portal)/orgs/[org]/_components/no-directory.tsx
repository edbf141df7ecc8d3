import { ButtonLink, Card, EmptyState } from "@/app/_components/ui";
import { TabHeader } from "./tab-header";

/** A data tab before the organization has any directory: say where to start. */
export function NoDirectoryTab({ title, slug, basePath, description }: { title: string; slug: string; basePath: string; description: string }) {
  return (
    <div className="space-y-6">
      <TabHeader title={title} slug={slug} basePath={basePath} />
      <Card>
        <EmptyState
          title="No identity provider connected"
          description={description}
          action={
            <ButtonLink prefetch={false} href={`/orgs/${slug}/scim`} variant="primary">
              Set up SCIM Provisioning
            </ButtonLink>
          }
        />
      </Card>
    </div>
  );
}
