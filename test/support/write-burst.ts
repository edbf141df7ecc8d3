// Child process of test/crash-recovery.int.test.ts: provisions users 0..count-1 into one
// group through the real SCIM route handlers, 8 at a time, printing "done <i>" as each
// finishes, until the parent kills it with SIGKILL in the middle.
// argv: directoryId token groupId count
import { scimClient } from "@/test/scim-client";
import { provisionUser } from "./provider";

const [directoryId = "", token = "", groupId = "", countArg = "0"] = process.argv.slice(2);
const count = Number(countArg);
const scim = scimClient(directoryId, token);
let next = 0;

async function worker(): Promise<void> {
  while (next < count) {
    const i = next++;
    await provisionUser(scim, i, groupId);
    process.stdout.write(`done ${i}\n`);
  }
}

await Promise.all(Array.from({ length: 8 }, worker));
process.stdout.write("finished\n");
