// ad-hoc: CPU per request of Roster's own handler code (no Next), sequential.
import { settleBackground } from "@/lib/background";
import { closeDb } from "@/db/client";
import { scimClient } from "@/test/scim-client";
import { makeDirectory } from "@/test/scim-helpers";
import { userBody } from "@/bench/seed";

const t = await makeDirectory();
const scim = scimClient(t.directoryId, t.token);
const ids: string[] = [];
for (let i = 0; i < 300; i++) {
  const r = await scim("POST", "/Users", { body: userBody(i) });
  ids.push((r.body as { id: string }).id);
}
async function measure(label: string, n: number, fn: (i: number) => Promise<unknown>) {
  for (let i = 0; i < 50; i++) await fn(i);
  const c0 = process.cpuUsage(); const t0 = performance.now();
  for (let i = 0; i < n; i++) await fn(i + 50);
  await settleBackground();
  const c = process.cpuUsage(c0); const ms = performance.now() - t0;
  console.log(label.padEnd(30), "cpu", ((c.user + c.system) / 1000 / n).toFixed(2), "ms/req  wall", (ms / n).toFixed(2), "ms/req");
}
const mode = process.argv[2] ?? "all";
if (mode === "all" || mode === "get") await measure("GET filter userName", 2000, (i) => scim("GET", `/Users?filter=${encodeURIComponent(`userName eq "${String(userBody(i % 300).userName)}"`)}`));
if (mode === "all" || mode === "get") await measure("GET by id", 2000, (i) => scim("GET", `/Users/${ids[i % 300]}`));
if (mode === "all" || mode === "post") await measure("POST", 1000, (i) => scim("POST", "/Users", { body: userBody(10000 + i) }));
if (mode === "all" || mode === "patch") await measure("PATCH 2 ops", 1000, (i) => scim("PATCH", `/Users/${ids[i % 300]}`, { body: { schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], Operations: [{ op: "replace", path: "title", value: `T${i}` }, { op: "replace", path: "name.givenName", value: `G${i}` }] } }));
if (mode === "all" || mode === "list") await measure("GET list 100", 300, () => scim("GET", `/Users?startIndex=1&count=100`));
await closeDb();
process.exit(0);
