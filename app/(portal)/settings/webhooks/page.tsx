import type { Metadata } from "next";
import Link from "next/link";
import { getDb } from "@/db/client";
import { EVENT_TYPES } from "@/db/schema";
import { Alert, Badge, Card, CardHeader, EmptyState, RelativeTime } from "@/app/_components/ui";
import { Table, Tbody, Td, Th } from "@/app/(portal)/orgs/[org]/_components/table";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { listOrganizations } from "@/lib/directory/organizations";
import { listEndpoints } from "@/lib/webhooks/endpoints";
import { createWebhookAction } from "../actions";
import { EndpointFields, SecretForm } from "../_components/forms";

export const metadata: Metadata = { title: "Webhooks · Settings" };

export default async function WebhooksPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  await requireOperatorPrincipal();
  const db = await getDb();
  const [endpoints, orgs, params] = await Promise.all([listEndpoints(db), listOrganizations(db), searchParams]);
  const orgNames = new Map(orgs.map((o) => [o.id, o.name]));
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <div className="space-y-4 lg:col-span-2">
        {params.deleted ? <Alert tone="green">Endpoint deleted, with its queued deliveries.</Alert> : null}
        <Card>
          <CardHeader
            title="Webhook endpoints"
            description="Each change in a directory is POSTed to every matching endpoint, signed with its secret (Standard Webhooks), and retried with backoff for 30+ hours."
          />
          {endpoints.length === 0 ? (
            <EmptyState
              title="No webhook endpoints yet"
              description="Add your application's URL to receive user, group and membership changes as they happen. The events feed (GET /api/v1/events) holds the same events."
            />
          ) : (
            <Table label="Webhook endpoints">
              <thead>
                <tr>
                  <Th>Endpoint</Th>
                  <Th>Organizations</Th>
                  <Th>Events</Th>
                  <Th>Status</Th>
                  <Th>Queued</Th>
                  <Th>Last delivery</Th>
                </tr>
              </thead>
              <Tbody>
                {endpoints.map((e) => (
                  <tr key={e.id}>
                    <Td className="max-w-xs">
                      <Link prefetch={false} href={`/settings/webhooks/${e.id}`} className="block truncate font-medium text-brand-700 hover:underline" title={e.url}>
                        {e.url}
                      </Link>
                      {e.description ? <span className="block truncate text-xs text-slate-500">{e.description}</span> : null}
                    </Td>
                    <Td>{e.organizationId ? (orgNames.get(e.organizationId) ?? "Deleted organization") : "All"}</Td>
                    <Td>{e.eventTypes.length === 0 ? "All" : e.eventTypes.length === 1 ? e.eventTypes[0] : `${e.eventTypes.length} types`}</Td>
                    <Td>
                      {e.enabled ? (
                        e.failingSince ? <Badge tone="amber">Failing</Badge> : <Badge tone="green">Enabled</Badge>
                      ) : (
                        <span title={e.disabledReason ?? undefined}>
                          <Badge tone="red">Disabled</Badge>
                        </span>
                      )}
                    </Td>
                    <Td>{e.pendingCount}</Td>
                    <Td>
                      <RelativeTime date={e.lastDeliveryAt} />
                    </Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
          )}
        </Card>
      </div>
      <Card>
        <CardHeader title="Add an endpoint" description="The signing secret is shown once, when the endpoint is created." />
        <div className="p-5">
          <SecretForm action={createWebhookAction} submitLabel="Add endpoint" pendingText="Adding…">
            <EndpointFields organizations={orgs.map((o) => ({ id: o.id, name: o.name }))} eventTypes={EVENT_TYPES} />
          </SecretForm>
        </div>
      </Card>
    </div>
  );
}
