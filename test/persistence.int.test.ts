import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);

// Each CLI call is a separate process: what one writes, the next must find after its
// "restart" — on the embedded database in a folder, and on DATABASE_URL when set.
async function roster(args: string[], dataDir: string): Promise<string> {
  const env = { ...process.env };
  if (!process.env.DATABASE_URL) env.ROSTER_DATA_DIR = dataDir;
  const { stdout } = await run("npx", ["tsx", "lib/cli/main.ts", ...args], { env, cwd: process.cwd() });
  return stdout;
}

describe("restarting keeps the data", () => {
  it("an organization created by one process is listed by the next", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-persist-"));
    const name = `Persistent ${Date.now()}`;
    const created = JSON.parse(await roster(["org", "create", name, "--json"], dataDir)) as { id: string; slug: string };
    const listed = JSON.parse(await roster(["org", "list", "--json"], dataDir)) as { id: string; name: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ id: created.id, name }));
    if (!process.env.DATABASE_URL) {
      // The lock is released when a process ends, so the next one may open the folder.
      expect(fs.existsSync(path.join(dataDir, "pglite.lock"))).toBe(false);
    }
  }, 120_000);

  it.skipIf(Boolean(process.env.DATABASE_URL))("refuses to open an embedded database another live process holds", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "roster-lock-"));
    fs.writeFileSync(path.join(dataDir, "pglite.lock"), String(process.ppid));
    await expect(roster(["org", "list"], dataDir)).rejects.toThrow(/in use by process/);
  }, 60_000);
});
