import type { Metadata } from "next";
import type { Directory } from "@/db/schema";
import { Alert, Badge, ButtonLink, Card, CardHeader, EmptyState, cx } from "@/app/_components/ui";
import { TypedConfirmDialog } from "@/app/_components/client";
import { listClientSecrets, oauthTokenUrl } from "@/lib/auth/oauth-client";
import { listScimTokens } from "@/lib/auth/scim-token";
import { scimBaseUrl } from "@/lib/directory/directories";
import { SilenceCard } from "./silence-card";
import { GuardCard, HoldAlert } from "./guard-card";
import { currentHold } from "@/lib/directory/deprovision-guard";
import { type DirectoryHealth, getDirectoryHealth, listRequests, resolvePortalDirectory } from "@/lib/directory/portal";
import { requireOrgScope } from "@/lib/auth/request-scope";
import { listPortalAccess } from "@/lib/auth/portal-access";
import { isOperator } from "@/lib/auth/scope";
import { UNNAMED_APPLICATION, getBranding } from "@/lib/branding";
import { FirstRequestSignal } from "@/app/_components/embed";
import { CustomerAccessCard } from "./customer-access";
import { ConfirmDialog } from "../_components/confirm-dialog";
import { TabHeader } from "../_components/tab-header";
import { requestOrigin } from "../_components/request-origin";
import { HttpStatusBadge, MethodLabel, Table, Tbody, Td, Th, param } from "../_components/table";
import { TimeAgo } from "../_components/time-ago";
import { deleteDirectoryAction, revokeClientSecretAction, revokeTokenAction, setDirectoryStatusAction } from "./actions";
import { ClientCredentialsFields } from "./client-credentials";
import { EndpointField, TokenField } from "./connection-fields";
import { ProviderPicker } from "./provider-picker";
import { ProviderMark } from "./provider-mark";
import { type ProviderInfo, providerInfo, providerList } from "./providers";
import { RequestTable, readableQuery, scimPath } from "./request-table";
import { SetupGuide } from "./setup-guide";
import { RotateTokenButton } from "./token-controls";

export const metadata: Metadata = { title: "SCIM Provisioning" };

const RECENT_REQUESTS = 8;

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ScimPage({ params, searchParams }: { params: Promise<{ org: string }>; searchParams: SearchParams }) {
  const scope = await requireOrgScope((await params).org);
  const { org } = scope;
  const isOperatorView = isOperator(scope.principal);
  const sp = await searchParams;
  const { directory: dirScope, all } = await resolvePortalDirectory(scope, param(sp.directory));
  const deleted = param(sp.deleted);
  // Operators see how the customer's admin gets in; the admin does not manage their own access.
  const access = isOperatorView ? await listPortalAccess(scope.db, org.id) : undefined;
  const now = new Date();

  if (!dirScope) {
    return (
      <div className="space-y-6">
        <ScimHeader slug={org.slug} />
        {deleted ? <Alert tone="green">Deleted the {deleted} directory and everything it synchronised.</Alert> : null}
        <Card>
          <CardHeader
            title="Connect an identity provider"
            description={`Users and groups of ${org.name} will be provisioned from it over SCIM 2.0.`}
          />
          <div className="p-5">
            <ProviderPicker slug={org.slug} providers={providerList()} />
          </div>
        </Card>
        {access ? <CustomerAccessCard slug={org.slug} access={access} now={now} /> : null}
      </div>
    );
  }
  const { directory } = dirScope;

  const [health, tokens, recent, origin, branding, hold, clientSecrets] = await Promise.all([
    getDirectoryHealth(dirScope),
    listScimTokens(scope.db, directory.id),
    listRequests(dirScope, { limit: RECENT_REQUESTS }),
    requestOrigin(),
    getBranding(scope.db),
    currentHold(scope.db, dirScope.directory.id),
    listClientSecrets(scope.db, directory.id),
  ]);
  const info = providerInfo(directory.provider);
  const tokenUrl = oauthTokenUrl(directory.id, origin);
  const activeSecrets = clientSecrets.filter((s) => !s.revokedAt);
  const endpointUrl = scimBaseUrl(directory.id, origin);
  const activeTokens = tokens.filter((t) => !t.revokedAt);
  const newestActive = activeTokens[0];
  const isDisabled = directory.status === "disabled";
  const hidden = { slug: org.slug, directoryId: directory.id };
  const logHref = `/orgs/${org.slug}/scim/requests?directory=${directory.id}`;

  return (
    <div className="space-y-6">
      <ScimHeader slug={org.slug} directories={all} currentId={directory.id} />
      {deleted ? <Alert tone="green">Deleted the {deleted} directory and everything it synchronised.</Alert> : null}
      {param(sp.error) === "confirm" ? <Alert>The confirmation text did not match; nothing was deleted.</Alert> : null}

      <Card>
        <div className="flex flex-wrap items-center justify-between gap-4 px-5 py-4">
          <div className="flex min-w-0 items-center gap-3">
            <ProviderMark provider={directory.provider} size="lg" />
            <div className="min-w-0">
              <div className="flex flex-wrap items-center gap-2">
                <h2 className="truncate text-base font-semibold text-slate-900">{directory.name}</h2>
                {isDisabled ? <Badge tone="red">Disabled</Badge> : <Badge tone="green">Active</Badge>}
              </div>
              <p className="text-sm text-slate-500">
                {info.blurb} · created <TimeAgo date={directory.createdAt} />
              </p>
            </div>
          </div>
          {isDisabled ? (
            <ConfirmDialog
              triggerLabel="Enable directory"
              triggerVariant="primary"
              title={`Enable ${directory.name}?`}
              description={<p>{info.senderName} can provision users and groups again with its active tokens.</p>}
              confirmLabel="Enable directory"
              confirmVariant="primary"
              pendingText="Enabling…"
              action={setDirectoryStatusAction}
              hidden={{ ...hidden, status: "active" }}
            />
          ) : (
            <ConfirmDialog
              triggerLabel="Disable directory"
              title={`Disable ${directory.name}?`}
              description={
                <p>
                  Every SCIM request from {info.senderName} will be refused with 403 until you enable it again.
                  Synchronised users and groups are kept.
                </p>
              }
              confirmLabel="Disable directory"
              pendingText="Disabling…"
              action={setDirectoryStatusAction}
              hidden={{ ...hidden, status: "disabled" }}
            />
          )}
        </div>
        {isDisabled ? (
          <div className="border-t border-slate-200 px-5 py-3">
            <Alert tone="amber" title="Provisioning is paused">
              This directory is disabled: {info.senderName}&apos;s requests get 403 Forbidden and change nothing.
            </Alert>
          </div>
        ) : null}
      </Card>

      {hold ? <HoldAlert slug={org.slug} directory={directory} hold={hold} /> : null}

      <div className="grid gap-6 lg:grid-cols-5">
        <div className="min-w-0 space-y-6 lg:col-span-3">
          <Card id="connection" className="scroll-mt-6">
            <CardHeader
              title="Connection"
              description={`Paste these into ${info.senderName}. The token is sent as “Authorization: Bearer …”.`}
            />
            <div className="space-y-5 p-5">
              <EndpointField url={endpointUrl} />
              <TokenField directoryId={directory.id} activePrefix={newestActive?.displayPrefix} senderName={info.senderName} />
            </div>
          </Card>

          {info.clientCredentials ? (
            <Card id="client-credentials" className="scroll-mt-6">
              <CardHeader
                title="OAuth 2 client credentials"
                description={`Instead of the bearer token, ${info.senderName} can fetch short-lived access tokens (one hour) from the Token URL with a client ID and secret. Use it if your security policy forbids static tokens.`}
              />
              <div className="p-5">
                <ClientCredentialsFields
                  slug={org.slug}
                  directoryId={directory.id}
                  tokenUrl={tokenUrl}
                  clientId={clientSecrets[0]?.clientId}
                  hasActiveSecret={activeSecrets.length > 0}
                  senderName={info.senderName}
                />
              </div>
              {clientSecrets.length > 0 ? (
                <Table label="Client secrets">
                  <thead>
                    <tr>
                      <Th>Client secret</Th>
                      <Th>Created</Th>
                      <Th>Last used</Th>
                      <Th>Status</Th>
                      <Th>
                        <span className="sr-only">Actions</span>
                      </Th>
                    </tr>
                  </thead>
                  <Tbody>
                    {clientSecrets.map((c) => (
                      <tr key={c.id}>
                        <Td className="whitespace-nowrap font-mono text-xs">
                          {c.displayPrefix}
                          <span className="text-slate-400">••••••</span>
                        </Td>
                        <Td className="whitespace-nowrap text-slate-500">
                          <TimeAgo date={c.createdAt} />
                        </Td>
                        <Td className="whitespace-nowrap text-slate-500">
                          <TimeAgo date={c.lastUsedAt} />
                        </Td>
                        <Td>{c.revokedAt ? <Badge tone="gray">Revoked</Badge> : <Badge tone="green">Active</Badge>}</Td>
                        <Td className="text-right">
                          {c.revokedAt ? (
                            <span className="text-xs text-slate-400">
                              revoked <TimeAgo date={c.revokedAt} />
                            </span>
                          ) : (
                            <ConfirmDialog
                              triggerLabel="Revoke"
                              triggerAriaLabel={`Revoke client secret ${c.displayPrefix}`}
                              triggerSize="sm"
                              title={`Revoke client secret ${c.displayPrefix}…?`}
                              description={
                                <p>
                                  {info.senderName} gets no new access tokens with it, and the tokens it already obtained
                                  are refused with 401 from now on.
                                </p>
                              }
                              confirmLabel="Revoke client secret"
                              pendingText="Revoking…"
                              action={revokeClientSecretAction}
                              hidden={{ ...hidden, secretId: c.id }}
                            />
                          )}
                        </Td>
                      </tr>
                    ))}
                  </Tbody>
                </Table>
              ) : null}
            </Card>
          ) : null}

          <HealthCard health={health} info={info} />
          <FirstRequestSignal
            slug={org.slug}
            directoryId={directory.id}
            first={health.lastRequest ? { method: health.lastRequest.method, path: health.lastRequest.path, status: health.lastRequest.status } : undefined}
          />

          <SilenceCard slug={scope.org.slug} directory={directory} />

          <GuardCard slug={scope.org.slug} directory={directory} />

          <Card>
            <CardHeader
              title="Recent requests"
              description="What the provider sent and what we answered, newest first."
              actions={
                <>
                  <ButtonLink prefetch={false} href={`${logHref}&errors=1`} size="sm" variant="ghost">
                    Errors only
                  </ButtonLink>
                  <ButtonLink prefetch={false} href={logHref} size="sm">
                    View request log
                  </ButtonLink>
                </>
              }
            />
            {recent.rows.length === 0 ? (
              <EmptyState
                title="No requests yet"
                description={`Requests appear here as ${info.senderName} sends them, starting with its connection test.`}
              />
            ) : (
              <RequestTable
                requests={recent.rows}
                detailHref={(id) => `/orgs/${org.slug}/scim/requests/${id}?directory=${directory.id}`}
              />
            )}
          </Card>

          <Card>
            <CardHeader
              title="Tokens"
              description="Rotate to issue a new token; the old one keeps working until you revoke it."
              actions={<RotateTokenButton slug={org.slug} directoryId={directory.id} hasActiveToken={activeTokens.length > 0} />}
            />
            <Table label="SCIM tokens">
              <thead>
                <tr>
                  <Th>Token</Th>
                  <Th>Created</Th>
                  <Th>Last used</Th>
                  <Th>Status</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <Tbody>
                {tokens.map((t) => (
                  <tr key={t.id}>
                    <Td className="whitespace-nowrap font-mono text-xs">
                      {t.displayPrefix}
                      <span className="text-slate-500">••••••</span>
                    </Td>
                    <Td className="whitespace-nowrap text-slate-500">
                      <TimeAgo date={t.createdAt} />
                    </Td>
                    <Td className="whitespace-nowrap text-slate-500">
                      <TimeAgo date={t.lastUsedAt} />
                    </Td>
                    <Td>
                      {t.revokedAt ? (
                        <Badge tone="gray">Revoked</Badge>
                      ) : (
                        <Badge tone="green">Active</Badge>
                      )}
                    </Td>
                    <Td className="text-right">
                      {t.revokedAt ? (
                        <span className="text-xs text-slate-500">
                          revoked <TimeAgo date={t.revokedAt} />
                        </span>
                      ) : (
                        <ConfirmDialog
                          triggerLabel="Revoke"
                          triggerAriaLabel={`Revoke token ${t.displayPrefix}`}
                          triggerSize="sm"
                          title={`Revoke token ${t.displayPrefix}…?`}
                          description={
                            <p>
                              Requests that use this token are refused with 401 from now on.
                              {activeTokens.length === 1
                                ? ` It is the only active token: ${info.senderName} stops provisioning until you give it a new one.`
                                : ""}
                            </p>
                          }
                          confirmLabel="Revoke token"
                          pendingText="Revoking…"
                          action={revokeTokenAction}
                          hidden={{ ...hidden, tokenId: t.id }}
                        />
                      )}
                    </Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
          </Card>
        </div>

        <div className="min-w-0 space-y-6 lg:col-span-2">
          <Card>
            <CardHeader title={`Set up ${info.name}`} description={`Follow these steps in ${info.senderName === "your identity provider" ? "your SCIM client" : `the ${info.senderName} console`}.`} />
            <div className="p-5">
              <SetupGuide
                provider={directory.provider}
                endpointUrl={endpointUrl}
                applicationName={branding.applicationName ?? UNNAMED_APPLICATION}
              />
            </div>
          </Card>
        </div>
      </div>

      {access ? <CustomerAccessCard slug={org.slug} access={access} now={now} /> : null}

      {isOperatorView ? (
        <Card className="border-red-200">
          <CardHeader
            title="Delete directory"
            description="Deletes its tokens, synchronised users and groups, request log and events. This cannot be undone."
            actions={
              <TypedConfirmDialog
                triggerLabel="Delete directory"
                title={`Delete ${directory.name}?`}
                description={
                  <p>
                    {info.senderName} can no longer provision this organization, and its {health.userCount.toLocaleString("en")}{" "}
                    users and {health.groupCount.toLocaleString("en")} groups are removed from Roster.
                  </p>
                }
                confirmText={directory.name}
                confirmLabel="Delete directory"
                action={deleteDirectoryAction}
                hidden={hidden}
              />
            }
          />
        </Card>
      ) : null}
    </div>
  );
}

function ScimHeader({ slug, directories = [], currentId }: { slug: string; directories?: Directory[]; currentId?: string }) {
  return (
    <TabHeader
      title="SCIM Provisioning"
      slug={slug}
      directories={directories}
      currentId={currentId}
      basePath={`/orgs/${slug}/scim`}
      actions={
        directories.length > 0 ? (
          <ButtonLink prefetch={false} href={`/orgs/${slug}/scim/new`} size="sm" variant="ghost">
            + Add directory
          </ButtonLink>
        ) : null
      }
    />
  );
}

function HealthCard({ health, info }: { health: DirectoryHealth; info: ProviderInfo }) {
  const last = health.lastRequest;
  return (
    <Card>
      <CardHeader title="Connection health" description="Updates as requests arrive." />
      <div className="space-y-5 p-5">
        {last ? (
          <div className="flex flex-wrap items-center gap-x-4 gap-y-2 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-inset ring-slate-200">
            <span
              aria-hidden="true"
              className={cx("h-2.5 w-2.5 rounded-full", last.status >= 400 ? "bg-amber-500" : "bg-emerald-500")}
            />
            <div className="min-w-0 flex-1">
              <p className="text-sm font-medium text-slate-900">
                Last request <TimeAgo date={last.createdAt} />
              </p>
              <p className="flex min-w-0 items-baseline gap-2 text-sm">
                <MethodLabel method={last.method} />
                <span className="truncate font-mono text-xs text-slate-700">
                  {scimPath(last.path)}
                  {last.query ? `?${readableQuery(last.query)}` : ""}
                </span>
              </p>
            </div>
            <HttpStatusBadge status={last.status} />
          </div>
        ) : (
          <div className="flex items-center gap-3 rounded-md bg-slate-50 px-4 py-3 ring-1 ring-inset ring-slate-200">
            <span className="relative flex h-2.5 w-2.5" aria-hidden="true">
              <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-brand-500 opacity-50" />
              <span className="relative inline-flex h-2.5 w-2.5 rounded-full bg-brand-600" />
            </span>
            <div>
              <p className="text-sm font-medium text-slate-900">Waiting for the first request from {info.senderName}</p>
              <p className="text-sm text-slate-500">
                Paste the Endpoint URL and token into {info.senderName} and run its connection test.
              </p>
            </div>
          </div>
        )}
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Stat label="Users synchronised" value={health.userCount} hint={`${health.activeUserCount.toLocaleString("en")} active`} />
          <Stat label="Groups synchronised" value={health.groupCount} />
          <Stat label="Requests, last 24 h" value={health.requests24h} />
          <Stat label="Errors, last 24 h" value={health.errors24h} isAlarming={health.errors24h > 0} />
        </dl>
      </div>
    </Card>
  );
}

function Stat({ label, value, hint, isAlarming }: { label: string; value: number; hint?: string; isAlarming?: boolean }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-slate-500">{label}</dt>
      <dd className={cx("mt-1 text-2xl font-semibold tabular-nums", isAlarming ? "text-red-600" : "text-slate-900")}>
        {value.toLocaleString("en")}
      </dd>
      {hint ? <dd className="text-xs text-slate-500">{hint}</dd> : null}
    </div>
  );
}
