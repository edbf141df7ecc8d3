// Operators' view of how this organization's IT admin gets in: the share-link button, and
// the links and portal sessions issued for the organization, each revocable.
import { Badge, Card, CardHeader } from "@/app/_components/ui";
import { type PortalAccess } from "@/lib/auth/portal-access";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { Table, Tbody, Td, Th } from "../_components/table";
import { TimeAgo } from "../_components/time-ago";
import { revokePortalAccessAction } from "./actions";
import { ShareLinkButton } from "./share-link";

const CREATORS = { operator: "an operator", api_key: "the API", system: "the CLI" } as const;

export function CustomerAccessCard({ slug, access, now }: { slug: string; access: PortalAccess; now: Date }) {
  return (
    <Card>
      <CardHeader
        title="Customer admin access"
        description="Your application opens this portal for the customer's IT admin with a portal link (REST API). Or send them a setup link."
      />
      <div className="space-y-5 p-5">
        <ShareLinkButton slug={slug} />
        {access.links.length > 0 ? (
          <Table label="Portal links">
            <thead>
              <tr>
                <Th>Link</Th>
                <Th>Created</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {access.links.map((link) => {
                const isOpen = !link.usedAt && !link.revokedAt && link.expiresAt > now;
                return (
                  <tr key={link.id}>
                    <Td className="whitespace-nowrap">
                      Opens {link.intent === "scim" ? "SCIM Provisioning" : link.intent}, by {CREATORS[link.createdByType]}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      <TimeAgo date={link.createdAt} />
                    </Td>
                    <Td className="whitespace-nowrap">
                      {link.revokedAt ? (
                        <Badge tone="gray">Revoked</Badge>
                      ) : link.usedAt ? (
                        <Badge tone="green">Opened</Badge>
                      ) : isOpen ? (
                        <Badge tone="blue">
                          Unopened · expires <TimeAgo date={link.expiresAt} />
                        </Badge>
                      ) : (
                        <Badge tone="gray">Expired</Badge>
                      )}
                    </Td>
                    <Td className="text-right">
                      {isOpen ? (
                        <ConfirmDialog
                          triggerLabel="Revoke"
                          triggerAriaLabel="Revoke link"
                          triggerSize="sm"
                          title="Revoke this link?"
                          description={<p>It can no longer be opened. Sessions it already started are not affected.</p>}
                          confirmLabel="Revoke link"
                          pendingText="Revoking…"
                          action={revokePortalAccessAction}
                          hidden={{ slug, kind: "link", id: link.id }}
                        />
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </Table>
        ) : null}
        {access.sessions.length > 0 ? (
          <Table label="Portal sessions">
            <thead>
              <tr>
                <Th>Session</Th>
                <Th>Started</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {access.sessions.map((session) => {
                const isLive = !session.revokedAt && session.expiresAt > now;
                return (
                  <tr key={session.id}>
                    <Td className="max-w-[16rem] truncate text-slate-700" title={session.userAgent ?? undefined}>
                      {session.userAgent ? browserName(session.userAgent) : "Unknown browser"}
                    </Td>
                    <Td className="whitespace-nowrap text-slate-600">
                      <TimeAgo date={session.createdAt} />
                    </Td>
                    <Td className="whitespace-nowrap">
                      {session.revokedAt ? (
                        <Badge tone="gray">Ended by an operator</Badge>
                      ) : isLive ? (
                        <Badge tone="green">
                          Active · ends <TimeAgo date={session.expiresAt} />
                        </Badge>
                      ) : (
                        <Badge tone="gray">Expired</Badge>
                      )}
                    </Td>
                    <Td className="text-right">
                      {isLive ? (
                        <ConfirmDialog
                          triggerLabel="End"
                          triggerAriaLabel="End session"
                          triggerSize="sm"
                          title="End this session?"
                          description={<p>The customer admin&apos;s next click shows that the session has ended.</p>}
                          confirmLabel="End session"
                          pendingText="Ending…"
                          action={revokePortalAccessAction}
                          hidden={{ slug, kind: "session", id: session.id }}
                        />
                      ) : null}
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </Table>
        ) : null}
      </div>
    </Card>
  );
}

/** "Chrome", "Firefox"… from a user agent: enough to tell two sessions apart. */
function browserName(userAgent: string): string {
  for (const [pattern, name] of [
    [/Edg\//, "Edge"],
    [/Firefox\//, "Firefox"],
    [/Chrome\//, "Chrome"],
    [/Safari\//, "Safari"],
  ] as const) {
    if (pattern.test(userAgent)) return name;
  }
  return userAgent.slice(0, 40);
}
