// What the multi-process webhook tests share: a database of the test's own (its workers
// deliver every endpoint of their database) with an organization, a directory and an
// endpoint pointing at a verifying receiver; server instances started on it; and, however
// the test ends, every instance still running killed, the receiver closed and the
// database dropped.
import { and, eq, gte } from "drizzle-orm";
import { type Provider, events, organizations } from "@/db/schema";
import { createDirectory } from "@/lib/directory/directories";
import { createEndpoint } from "@/lib/webhooks/endpoints";
import { type Receiver, startReceiver } from "@/test/webhook-receiver";
import { type OwnDatabase, createOwnDatabase } from "./own-database";
import { type Instance, spawnInstance } from "./spawn-instance";

export type WebhookSetup = {
  own: OwnDatabase;
  receiver: Receiver;
  organizationId: string;
  endpointId: string;
  /** Starts a server instance provisioning `count` users named after `prefix` (0: none). */
  start: (prefix: string, count: number, env?: Record<string, string>) => Instance;
  /** `evt_<id>` of every event written since the endpoint was created, sorted: what it must receive. */
  expectedMessageIds: () => Promise<string[]>;
};

export async function withWebhookInstances(
  label: string,
  provider: Provider,
  run: (setup: WebhookSetup) => Promise<void>,
): Promise<void> {
  const own = await createOwnDatabase(label);
  const receiver = await startReceiver();
  const instances: Instance[] = [];
  try {
    const [org] = await own.db.insert(organizations).values({ name: label, slug: `${label}-${crypto.randomUUID()}` }).returning();
    const { directory, token } = await createDirectory(own.db, org!.id, { provider });
    const { endpoint, secret } = await createEndpoint(
      own.db,
      { url: receiver.url, organizationId: org!.id },
      { type: "system" },
      { allowPrivate: true, isProduction: false },
    );
    receiver.secrets = [secret];
    await run({
      own,
      receiver,
      organizationId: org!.id,
      endpointId: endpoint.id,
      start: (prefix, count, env = {}) => {
        const instance = spawnInstance(own.url, { directoryId: directory.id, token: token.token, prefix, count }, env);
        instances.push(instance);
        return instance;
      },
      expectedMessageIds: async () => {
        const written = await own.db
          .select({ id: events.id })
          .from(events)
          .where(and(eq(events.organizationId, org!.id), gte(events.createdAt, endpoint.createdAt)));
        return written.map((e) => `evt_${e.id}`).sort();
      },
    });
  } finally {
    await Promise.allSettled(instances.filter((i) => i.child.exitCode === null && i.child.signalCode === null).map((i) => i.kill()));
    await receiver.close();
    await own.drop();
  }
}
