// One "server instance" for test/multi-instance.int.test.ts: its own process and connection
// pool on the shared database, running SCIM requests through the real route handlers.
// argv: directoryId token command json — prints one JSON line with the results.
//   create  {"userNames": [...]}                 POST each (concurrently), statuses by userName
//   members {"groupId": "...", "userIds": [...]} one PATCH add per user, concurrently
//   put     {"userId": "...", "ifMatch": "...", "displayName": "..."} one conditional PUT
import { closeDb } from "@/db/client";
import { settleBackground } from "@/lib/background";
import { scimClient } from "@/test/scim-client";

const [directoryId = "", token = "", command = "", json = "{}"] = process.argv.slice(2);
const input = JSON.parse(json) as Record<string, unknown>;
const scim = scimClient(directoryId, token);
const PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

async function run(): Promise<unknown> {
  if (command === "create") {
    const names = input.userNames as string[];
    const replies = await Promise.all(names.map((userName) => scim("POST", "/Users", { body: { userName } })));
    return Object.fromEntries(names.map((n, i) => [n, replies[i]!.status]));
  }
  if (command === "members") {
    const replies = await Promise.all(
      (input.userIds as string[]).map((id) =>
        scim("PATCH", `/Groups/${input.groupId as string}`, {
          body: { schemas: [PATCH_OP], Operations: [{ op: "add", path: "members", value: [{ value: id }] }] },
        }),
      ),
    );
    return replies.map((r) => r.status);
  }
  if (command === "put") {
    const reply = await scim("PUT", `/Users/${input.userId as string}`, {
      headers: { "if-match": input.ifMatch as string },
      body: { userName: input.userName, displayName: input.displayName },
    });
    return { status: reply.status, etag: reply.headers.get("etag") };
  }
  throw new Error(`unknown command ${command}`);
}

const result = await run();
await settleBackground();
process.stdout.write(`${JSON.stringify(result)}\n`);
await closeDb();
