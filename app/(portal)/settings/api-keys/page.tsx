import type { Metadata } from "next";
import { getDb } from "@/db/client";
import { Badge, Card, CardHeader, EmptyState, Field, Input } from "@/app/_components/ui";
import { Table, Tbody, Td, Th } from "@/app/(portal)/orgs/[org]/_components/table";
import { TimeAgo } from "@/app/(portal)/orgs/[org]/_components/time-ago";
import { ConfirmDialog } from "@/app/(portal)/orgs/[org]/_components/confirm-dialog";
import { listApiKeys } from "@/lib/auth/api-key";
import { requireOperatorPrincipal } from "@/lib/auth/request-scope";
import { createApiKeyAction, revokeApiKeyAction } from "../actions";
import { SecretForm } from "../_components/forms";

export const metadata: Metadata = { title: "API keys · Settings" };

export default async function ApiKeysPage() {
  await requireOperatorPrincipal();
  const keys = await listApiKeys(await getDb());
  return (
    <div className="grid gap-6 lg:grid-cols-3">
      <Card className="lg:col-span-2">
        <CardHeader
          title="API keys"
          description="Your application's backend sends one as a Bearer token to the REST API (/api/v1) and the events feed. Keys are stored hashed."
        />
        {keys.length === 0 ? (
          <EmptyState title="No API keys yet" description="Create one for each system that calls the API, so you can revoke one without touching the others." />
        ) : (
          <Table label="API keys">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Key</Th>
                <Th>Created</Th>
                <Th>Last used</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {keys.map((k) => (
                <tr key={k.id}>
                  <Td className="font-medium text-slate-900">{k.name}</Td>
                  <Td className="font-mono text-xs">{k.displayPrefix}…</Td>
                  <Td className="whitespace-nowrap">
                    <TimeAgo date={k.createdAt} />
                  </Td>
                  <Td className="whitespace-nowrap">
                    <TimeAgo date={k.lastUsedAt} />
                  </Td>
                  <Td>
                    {k.revokedAt ? (
                      <Badge tone="gray">Revoked</Badge>
                    ) : (
                      <ConfirmDialog
                        triggerLabel="Revoke"
                        triggerAriaLabel={`Revoke ${k.name}`}
                        triggerSize="sm"
                        title={`Revoke “${k.name}”?`}
                        description={<p>Requests with {k.displayPrefix}… are refused from now on. This cannot be undone.</p>}
                        confirmLabel="Revoke key"
                        pendingText="Revoking…"
                        action={revokeApiKeyAction}
                        hidden={{ id: k.id }}
                      />
                    )}
                  </Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        )}
      </Card>
      <Card>
        <CardHeader title="Create a key" description="The key is shown once, when it is created." />
        <div className="p-5">
          <SecretForm action={createApiKeyAction} submitLabel="Create key" pendingText="Creating…">
            <Field label="Name" htmlFor="api-key-name" hint="What will use it, e.g. “Production backend”.">
              <Input id="api-key-name" name="name" required maxLength={100} />
            </Field>
          </SecretForm>
        </div>
      </Card>
    </div>
  );
}
