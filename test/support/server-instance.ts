// One Roster server process for the webhook tests of test/multi-instance.int.test.ts and
// test/crash-recovery.int.test.ts: it starts the way `npm start` does (lib/startup.ts:
// migrations are the parent's, then the operator seed, maintenance and the webhook worker),
// provisions users through the real SCIM route handlers, 8 at a time, and keeps serving
// (its worker delivering) until its stdin closes — then it stops the worker the way SIGTERM
// does and prints the worker's counts — or until the parent kills it.
// argv: directoryId token prefix count. stdout: "done <i>" per user, "provisioned",
// then on stop one JSON line of the worker's stats.
import { closeDb, getDb } from "@/db/client";
import { onServerStart } from "@/lib/startup";
import { startWebhookWorker, stopWebhookWorker } from "@/lib/webhooks/worker";
import { scimClient } from "@/test/scim-client";

const [directoryId = "", token = "", prefix = "user", countArg = "0"] = process.argv.slice(2);
const count = Number(countArg);
const scim = scimClient(directoryId, token);

await onServerStart();
// The same worker onServerStart started (idempotent): kept for its counts.
const worker = await startWebhookWorker(await getDb());

let next = 0;
async function provision(): Promise<void> {
  while (next < count) {
    const i = next++;
    const userName = `${prefix}-${i}@example.com`;
    const res = await scim("POST", "/Users", { body: { userName, name: { givenName: prefix, familyName: `User ${i}` }, active: true } });
    if (res.status !== 201) throw new Error(`create ${userName} answered ${res.status}: ${res.text}`);
    process.stdout.write(`done ${i}\n`);
  }
}
await Promise.all(Array.from({ length: 8 }, provision));
process.stdout.write("provisioned\n");

process.stdin.resume();
process.stdin.on("end", () => {
  void (async () => {
    await stopWebhookWorker();
    process.stdout.write(`${JSON.stringify(worker.stats)}\n`);
    await closeDb();
    process.exit(0);
  })();
});
