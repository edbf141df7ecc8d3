import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { EVENT_TYPES, type WebhookDelivery } from "@/db/schema";
import { Alert, Badge, Card, CardHeader, EmptyState, buttonClass } from "@/app/_components/ui";
import { Table, Tbody, Td, Th } from "@/app/(portal)/orgs/[org]/_components/table";
import { TimeAgo } from "@/app/(portal)/orgs/[org]/_components/time-ago";
import { ConfirmDialog } from "@/app/(portal)/orgs/[org]/_components/confirm-dialog";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { DirectoryError } from "@/lib/directory/errors";
import { listOrganizations } from "@/lib/directory/organizations";
import { type DeliveryWithAttempts, getEndpoint, listDeliveries } from "@/lib/webhooks/endpoints";
import {
  deleteWebhookAction,
  redeliverAction,
  rotateWebhookSecretAction,
  sendTestWebhookAction,
  setWebhookEnabledAction,
  updateWebhookAction,
} from "../../actions";
import { ActionForm, EndpointFields, SecretForm } from "../../_components/forms";

export const metadata: Metadata = { title: "Webhook endpoint · Settings" };

const PAGE = 25;

function statusBadge(status: WebhookDelivery["status"], isParked: boolean) {
  if (status === "succeeded") return <Badge tone="green">Delivered</Badge>;
  if (status === "failed") return <Badge tone="red">Failed</Badge>;
  return <Badge tone={isParked ? "gray" : "amber"}>{isParked ? "Paused" : "Pending"}</Badge>;
}

function formatUpcoming(date: Date, now: Date = new Date()): string {
  const seconds = Math.max(0, Math.round((date.getTime() - now.getTime()) / 1000));
  if (seconds < 5) return "now";
  if (seconds < 60) return `in ${seconds}s`;
  if (seconds < 3600) return `in ${Math.round(seconds / 60)} min`;
  return `in ${Math.round(seconds / 3600)} h`;
}

/** A time ahead ("in 4 min"), with the exact UTC time as its title (rendered on the server, per request). */
function Upcoming({ date }: { date: Date }) {
  const text = formatUpcoming(date);
  return (
    <time dateTime={date.toISOString()} title={`${date.toISOString().replace("T", " ").slice(0, 19)} UTC`}>
      {text}
    </time>
  );
}

function eventTypeOf(d: DeliveryWithAttempts): string {
  try {
    const parsed = JSON.parse(d.body) as { type?: unknown };
    return typeof parsed.type === "string" ? parsed.type : "";
  } catch {
    return "";
  }
}

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  await requireOperatorPrincipal();
  const db = await getDb();
  const { id } = await params;
  const query = await searchParams;
  const before = typeof query.before === "string" && /^\d{1,15}$/.test(query.before) ? Number(query.before) : undefined;
  let endpoint;
  try {
    endpoint = await getEndpoint(db, id);
  } catch (error) {
    if (error instanceof DirectoryError && error.kind === "not_found") notFound();
    throw error;
  }
  const [orgs, page] = await Promise.all([listOrganizations(db), listDeliveries(db, id, { before, limit: PAGE })]);
  const org = endpoint.organizationId ? orgs.find((o) => o.id === endpoint.organizationId) : undefined;
  const hidden = { id: endpoint.id };
  const last = page.deliveries.at(-1);
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0">
          <Link prefetch={false} href="/settings/webhooks" className="text-sm text-slate-500 hover:text-slate-700">
            ← Webhooks
          </Link>
          <h2 className="mt-1 truncate font-mono text-lg font-semibold text-slate-900" title={endpoint.url}>
            {endpoint.url}
          </h2>
          <p className="text-sm text-slate-500">
            {org ? `${org.name}'s events` : "Every organization's events"} ·{" "}
            {endpoint.eventTypes.length === 0 ? "all event types" : endpoint.eventTypes.join(", ")}
          </p>
        </div>
        <div className="flex items-center gap-2">
          {endpoint.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="red">Disabled</Badge>}
          <ActionForm
            action={setWebhookEnabledAction}
            hidden={{ ...hidden, enabled: String(!endpoint.enabled) }}
            submitLabel={endpoint.enabled ? "Disable" : "Enable"}
            pendingText={endpoint.enabled ? "Disabling…" : "Enabling…"}
          />
        </div>
      </div>

      {!endpoint.enabled ? (
        <Alert tone="amber" title="Deliveries are paused">
          <p>{endpoint.disabledReason ?? "Disabled."}</p>
          <p className="mt-1">
            {endpoint.pendingCount} {endpoint.pendingCount === 1 ? "delivery is" : "deliveries are"} queued. Enabling resumes from where it
            stopped: nothing is skipped.
          </p>
        </Alert>
      ) : endpoint.failingSince ? (
        <Alert tone="amber" title="The endpoint is failing">
          Every attempt since <TimeAgo date={endpoint.failingSince} /> has failed; it is disabled if this goes on (see the delivery log below).
        </Alert>
      ) : null}

      <div className="grid gap-6 lg:grid-cols-3">
        <Card className="lg:col-span-2">
          <CardHeader title="Endpoint" description="Changing the URL re-checks it (https, public address)." />
          <div className="p-5">
            <ActionForm action={updateWebhookAction} hidden={hidden} submitLabel="Save changes" pendingText="Saving…" variant="primary" className="space-y-4">
              <EndpointFields
                organizations={orgs.map((o) => ({ id: o.id, name: o.name }))}
                eventTypes={EVENT_TYPES}
                defaults={{ url: endpoint.url, description: endpoint.description, organizationId: endpoint.organizationId, eventTypes: endpoint.eventTypes }}
              />
            </ActionForm>
          </div>
        </Card>
        <div className="space-y-6">
          <Card>
            <CardHeader
              title="Signing secret"
              description={
                endpoint.previousSecretIsLive && endpoint.previousSecretExpiresAt
                  ? `Rotated: the previous secret signs too until ${endpoint.previousSecretExpiresAt.toISOString().slice(0, 16).replace("T", " ")} UTC.`
                  : "Rotate it if it may have leaked. The previous one keeps signing for 24 hours, so your application can switch without missing a message."
              }
            />
            <div className="p-5">
              <SecretForm action={rotateWebhookSecretAction} hidden={hidden} submitLabel="Rotate secret" pendingText="Rotating…" variant="secondary" />
            </div>
          </Card>
          <Card>
            <CardHeader title="Test" description="Queues a signed webhook.test message through the same queue as events." />
            <div className="p-5">
              <ActionForm action={sendTestWebhookAction} hidden={hidden} submitLabel="Send test event" pendingText="Queuing…" />
            </div>
          </Card>
          <Card>
            <CardHeader title="Delete" description="Removes the endpoint and its queued deliveries. The events stay in the feed." />
            <div className="p-5">
              <ConfirmDialog
                triggerLabel="Delete endpoint"
                triggerVariant="danger"
                title="Delete this endpoint?"
                description={<p>Deliveries to {endpoint.url} stop, and its delivery log is deleted.</p>}
                confirmLabel="Delete endpoint"
                pendingText="Deleting…"
                action={deleteWebhookAction}
                hidden={hidden}
              />
            </div>
          </Card>
        </div>
      </div>

      <Card>
        <CardHeader
          title="Delivery log"
          description={`${endpoint.pendingCount} pending · ${endpoint.failedCount} failed. Each delivery keeps its webhook-id on every attempt.`}
        />
        {page.deliveries.length === 0 ? (
          <EmptyState title="No deliveries yet" description="Deliveries appear here when a directory changes, or when you send a test event." />
        ) : (
          <Table label="Delivery log">
            <thead>
              <tr>
                <Th>Queued</Th>
                <Th>Event</Th>
                <Th>Status</Th>
                <Th>Response</Th>
                <Th>Latency</Th>
                <Th>Attempts</Th>
                <Th>Next retry</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {page.deliveries.map((d) => {
                const isParked = d.status === "pending" && !Number.isFinite(d.nextAttemptAt.getTime());
                const latest = d.attemptLog[0];
                return (
                  <tr key={d.id} className="align-top">
                    <Td className="whitespace-nowrap">
                      <TimeAgo date={d.createdAt} />
                    </Td>
                    <Td>
                      <span className="block font-mono text-xs">{eventTypeOf(d)}</span>
                      <span className="block font-mono text-xs text-slate-500">{d.messageId}</span>
                    </Td>
                    <Td>{statusBadge(d.status, isParked)}</Td>
                    <Td className="max-w-sm">
                      {latest ? (
                        <details>
                          <summary className="cursor-pointer text-sm">
                            {latest.statusCode ? `HTTP ${latest.statusCode}` : (latest.error ?? "No response")}
                          </summary>
                          <ol className="mt-2 space-y-2 text-xs" aria-label={`Attempts of ${d.messageId}`}>
                            {d.attemptLog.map((a) => (
                              <li key={a.id} className="rounded border border-slate-200 p-2">
                                <span className="font-medium">{a.statusCode ? `HTTP ${a.statusCode}` : "No response"}</span> ·{" "}
                                <TimeAgo date={a.attemptedAt} /> · {a.latencyMs} ms
                                {a.error ? <span className="block text-red-700">{a.error}</span> : null}
                                {a.responseExcerpt ? (
                                  <pre className="mt-1 max-h-32 overflow-auto whitespace-pre-wrap break-all bg-slate-50 p-1.5 font-mono">{a.responseExcerpt}</pre>
                                ) : null}
                              </li>
                            ))}
                          </ol>
                        </details>
                      ) : (
                        <span className="text-slate-400">Not attempted yet</span>
                      )}
                    </Td>
                    <Td className="whitespace-nowrap">{latest ? `${latest.latencyMs} ms` : "—"}</Td>
                    <Td>{d.attempts}</Td>
                    <Td className="whitespace-nowrap">
                      {d.status === "pending" && !isParked && latest ? <Upcoming date={d.nextAttemptAt} /> : <span className="text-slate-400">—</span>}
                    </Td>
                    <Td>
                      <ActionForm action={redeliverAction} hidden={{ ...hidden, deliveryId: String(d.id) }} submitLabel="Redeliver" pendingText="Queuing…" />
                    </Td>
                  </tr>
                );
              })}
            </Tbody>
          </Table>
        )}
        {before !== undefined || (page.hasMore && last) ? (
          <div className="flex justify-end gap-2 border-t border-slate-200 px-5 py-3">
            {before !== undefined ? (
              <Link prefetch={false} href={`/settings/webhooks/${endpoint.id}`} className={buttonClass("secondary", "sm")}>
                Newest
              </Link>
            ) : null}
            {page.hasMore && last ? (
              <Link prefetch={false} href={`/settings/webhooks/${endpoint.id}?before=${last.id}`} className={buttonClass("secondary", "sm")}>
                Older
              </Link>
            ) : null}
          </div>
        ) : null}
      </Card>
    </div>
  );
}
