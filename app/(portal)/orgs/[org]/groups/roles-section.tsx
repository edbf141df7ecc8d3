// The Groups tab's Roles section: which of the directory's groups give which of the
// application's roles. The roles themselves come from the SaaS (PUT /api/v1/roles); until
// it defines some, the section says so and offers no controls.
import { Badge, Card, CardHeader } from "@/app/_components/ui";
import { isOperator, type DirectoryScope } from "@/lib/auth/scope";
import { getBranding } from "@/lib/branding";
import { portalRoleMapping } from "@/lib/directory/roles";
import { RoleMappingEditor } from "./role-mapping-editor";

export async function RolesSection({ scope }: { scope: DirectoryScope }) {
  const [data, branding] = await Promise.all([portalRoleMapping(scope), getBranding(scope.db)]);
  const app = branding.applicationName ?? "your application";
  const isOperatorView = isOperator(scope.principal);
  const fallback = data.roles.find((r) => r.isDefault);

  return (
    <Card aria-labelledby="roles-heading">
      <CardHeader
        title={<span id="roles-heading">Roles</span>}
        description={`Members of a group get the roles you choose for it in ${app}. Someone in several groups gets all their roles.`}
      />
      <div className="space-y-5 px-4 py-4 sm:px-5">
        {data.roles.length === 0 ? (
          <div className="space-y-2 text-sm text-slate-700">
            <p className="font-medium text-slate-900">{`${app} has not defined any roles yet.`}</p>
            {isOperatorView ? (
              <p>
                Define them from your backend with <code className="rounded bg-slate-100 px-1 py-0.5 font-mono text-xs">PUT /api/v1/roles</code>{" "}
                (a key, a name, a description and at most one default role each; see the{" "}
                <a href="/docs/api" className="font-medium text-brand-700 underline hover:text-brand-600">
                  API reference
                </a>
                ). This section then lets you, or the customer&apos;s admin, map this directory&apos;s groups to them.
              </p>
            ) : (
              <p>Once {app} defines its roles, you can choose here which of your groups give which role.</p>
            )}
          </div>
        ) : (
          <>
            <dl className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label={`Roles of ${app}`}>
              {data.roles.map((role) => (
                <div key={role.key} className="rounded-md border border-slate-200 px-3 py-2">
                  <dt className="flex items-center gap-2 text-sm font-medium text-slate-900">
                    {role.name}
                    {role.isDefault ? <Badge tone="blue">Default</Badge> : null}
                  </dt>
                  <dd className="mt-0.5 text-xs text-slate-600">
                    <span className="font-mono">{role.key}</span>
                    {role.description ? ` — ${role.description}` : ""}
                  </dd>
                </div>
              ))}
            </dl>
            <p className="text-sm text-slate-600">
              {fallback
                ? `Active users whose groups give no role get ${fallback.name}. Deactivated users have no role.`
                : "Users whose groups give no role have none, and neither do deactivated users."}
            </p>
            {data.groupCount === 0 ? (
              <p className="text-sm text-slate-600">Once the identity provider pushes groups, you can choose here which of them give which role.</p>
            ) : (
              <RoleMappingEditor
                slug={scope.org.slug}
                directoryId={scope.directory.id}
                roles={data.roles}
                mappings={data.mappings}
                groups={data.groups}
                groupCount={data.groupCount}
              />
            )}
          </>
        )}
      </div>
    </Card>
  );
}
