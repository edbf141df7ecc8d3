// The audit log as a table: when, who, what, on what. Shared by the operators' page (every
// entry) and an organization's tab (its own entries, which its customer admin sees too).
import { Card, EmptyState } from "@/app/_components/ui";
import { type AuditPage, actorLabel } from "@/lib/directory/audit";
import { Pager, Table, Tbody, Td, Th } from "../orgs/[org]/_components/table";
import { TimeAgo } from "../orgs/[org]/_components/time-ago";

const ACTION_LABELS: Record<string, string> = {
  "organization.created": "Created the organization",
  "organization.renamed": "Renamed the organization",
  "organization.deleted": "Deleted the organization",
  "directory.created": "Connected a directory",
  "directory.renamed": "Renamed a directory",
  "directory.enabled": "Enabled a directory",
  "directory.disabled": "Disabled a directory",
  "directory.deleted": "Deleted a directory",
  "directory.expected_activity_set": "Changed the silent-provider window",
  "directory.deprovisioning_guard_set": "Changed the deprovisioning guard",
  "directory.deprovisioning_released": "Released held changes",
  "directory.deprovisioning_discarded": "Discarded held changes",
  "scim_token.created": "Issued a SCIM token",
  "scim_token.revoked": "Revoked a SCIM token",
  "oauth_client_secret.created": "Issued an OAuth client secret",
  "oauth_client_secret.revoked": "Revoked an OAuth client secret",
  "webhook.created": "Added a webhook endpoint",
  "webhook.updated": "Changed a webhook endpoint",
  "webhook.deleted": "Deleted a webhook endpoint",
  "webhook.secret_rotated": "Rotated a webhook signing secret",
  "api_key.created": "Created an API key",
  "api_key.revoked": "Revoked an API key",
  "portal_link.created": "Created a portal link",
  "portal_link.revoked": "Revoked a portal link",
  "portal_session.revoked": "Ended a customer admin's session",
  "operator.created": "Added an operator",
  "branding.updated": "Changed the branding",
  "roles.replaced": "Replaced the application's roles",
  "directory.role_mappings_replaced": "Changed which groups give which roles",
};

/** What the entry's data says, in a line: names and prefixes, never a secret (none is stored). */
function detail(data: Record<string, unknown>): string {
  return Object.entries(data)
    .filter(([, v]) => v !== null && v !== undefined && typeof v !== "object")
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(" · ");
}

export function AuditTable({
  page,
  names,
  pathname,
  after,
}: {
  page: AuditPage;
  names: Map<string, string>;
  pathname: string;
  after: string | undefined;
}) {
  if (page.entries.length === 0 && !after) {
    return (
      <Card>
        <EmptyState title="Nothing recorded yet" description="Changes to directories, tokens, keys, portal links and operators appear here." />
      </Card>
    );
  }
  return (
    <Card>
      <Table label="Audit log">
        <thead>
          <tr>
            <Th>When</Th>
            <Th>Who</Th>
            <Th>What</Th>
            <Th>Details</Th>
          </tr>
        </thead>
        <Tbody>
          {page.entries.map((entry) => (
            <tr key={entry.id}>
              <Td className="whitespace-nowrap">
                <TimeAgo date={entry.createdAt} />
              </Td>
              <Td>{actorLabel(entry, names)}</Td>
              <Td>
                <span className="font-medium text-slate-900">{ACTION_LABELS[entry.action] ?? entry.action}</span>
                <span className="block font-mono text-xs text-slate-500">{entry.action}</span>
              </Td>
              <Td className="max-w-md truncate text-xs text-slate-600" title={detail(entry.data)}>
                {detail(entry.data)}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      {/* Newest first and forward only: the way back to the newest entries is the tab itself. */}
      <Pager pathname={pathname} params={{}} prevCursor={undefined} nextCursor={page.nextCursor ?? undefined} label="Audit log pages" />
    </Card>
  );
}
