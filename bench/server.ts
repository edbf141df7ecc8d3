// The benchmark's own database and production server, and nothing else: a database it
// created by name, and a production server it spawned in a process group of its own, so that
// stopping it signals exactly the processes this run started.
import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import postgres from "postgres";

export function databaseUrl(serverUrl: string, name: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, fn: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(serverUrl, { max: 1, onnotice: () => {} });
  try {
    return await fn(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
}

const SAFE_NAME = /^roster_bench_[a-z0-9_]+$/;

export async function createDatabase(serverUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing to create database ${name}`);
  await withAdmin(serverUrl, (sql) => sql.unsafe(`create database "${name}"`));
}

/** Drops the benchmark's database (only a roster_bench_* name), closing leftover sessions. */
export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  if (!SAFE_NAME.test(name)) throw new Error(`refusing to drop database ${name}`);
  await withAdmin(serverUrl, (sql) => sql.unsafe(`drop database if exists "${name}" with (force)`));
}

export async function isPortInUse(port: number, host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** The Node flags `npm start` runs the server with (package.json: `node <flags> --import tsx scripts/start.ts`). */
export function startNodeFlags(): string[] {
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: { start: string } };
  const words = pkg.scripts.start.split(/\s+/);
  if (words[0] !== "node") throw new Error(`npm start is not "node …": ${pkg.scripts.start}`);
  return words.slice(1, words.indexOf("--import")).filter((w) => w.startsWith("--"));
}

export type Server = { pid: number; stop(): Promise<void>; hasExited(): boolean };

/**
 * The production server exactly as `npm start` runs it (scripts/start.ts: Next's request
 * handler behind the SCIM-aware Node server), on host:port with `env`, output appended to
 * `logFile`. The database is already migrated and the build fresh, so start.ts goes
 * straight to serving. detached: the server leads a new process group, which stop()
 * signals as a whole by its id.
 */
export function startServer(opts: {
  port: number;
  host: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  /** Write a V8 CPU profile of the server into this folder when it stops (node --cpu-prof). */
  cpuProfileDir?: string;
}): Server {
  const log = fs.openSync(opts.logFile, "a");
  // Node itself with tsx as its loader, with the Node flags of `npm start` (package.json),
  // plus --cpu-prof when asked (NODE_OPTIONS refuses that flag).
  const tsx = createRequire(import.meta.url).resolve("tsx");
  const profile = opts.cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProfileDir}`] : [];
  const args = [...startNodeFlags(), ...profile, "--import", pathToFileURL(tsx).href, "scripts/start.ts"];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...opts.env, PORT: String(opts.port), ROSTER_HOST: opts.host },
    detached: true,
    stdio: ["ignore", log, log],
  });
  fs.closeSync(log);
  if (child.pid === undefined) throw new Error("the server process did not start");
  const pid = child.pid;
  let exited = false;
  const exit = new Promise<void>((resolve) => {
    child.once("exit", () => {
      exited = true;
      resolve();
    });
  });
  const signal = (name: NodeJS.Signals) => {
    try {
      process.kill(-pid, name);
    } catch {
      // The group is already gone.
    }
  };
  return {
    pid,
    hasExited: () => exited,
    async stop() {
      if (exited) {
        // The CLI is gone; a next-server child it forked may still hold the group.
        signal("SIGKILL");
        return;
      }
      signal("SIGTERM");
      // A CPU profile is written as the process exits: that can take a few seconds.
      const timedOut = await Promise.race([exit.then(() => false), sleep(20_000).then(() => true)]);
      // Anything left in the group is ours either way.
      signal("SIGKILL");
      if (timedOut) await Promise.race([exit, sleep(2_000)]);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitForHealth(origin: string, server: Server, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = "no answer";
  while (Date.now() < deadline) {
    if (server.hasExited()) throw new Error("the server exited while starting (see its log)");
    try {
      const res = await fetch(`${origin}/api/health`);
      const text = await res.text();
      if (res.status === 200 && text.includes('"postgres"')) return;
      last = `${res.status} ${text.slice(0, 200)}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await sleep(250);
  }
  throw new Error(`the server was not healthy within ${timeoutMs / 1000} s: ${last}`);
}

export type BenchDirectory = { organizationId: string; directoryId: string; endpointUrl: string; token: string };

/** An organization and a PingOne directory through the REST API, as e2e/support/api.ts does. */
export async function createDirectoryViaApi(origin: string, apiKey: string, name: string): Promise<BenchDirectory> {
  const post = async (path: string, body: unknown) => {
    // The bootstrap key is registered by the server's start-up hook, which may finish a
    // moment after /api/health answers: a 401 is retried briefly.
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${origin}${path}`, {
        method: "POST",
        headers: { authorization: `Bearer ${apiKey}`, "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status === 201) return JSON.parse(text) as Record<string, unknown>;
      if (res.status !== 401 || attempt >= 40) throw new Error(`POST ${path} answered ${res.status}: ${text.slice(0, 300)}`);
      await sleep(250);
    }
  };
  const org = (await post("/api/v1/organizations", { name })) as { id: string };
  const dir = (await post(`/api/v1/organizations/${org.id}/directories`, { provider: "pingone", name: "PingOne (benchmark)" })) as {
    id: string;
    scim: { endpointUrl: string; token: string };
  };
  return { organizationId: org.id, directoryId: dir.id, endpointUrl: dir.scim.endpointUrl, token: dir.scim.token };
}

/** Resident memory of one process in bytes (Linux /proc), or 0 when it is gone. */
function rssOf(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The processes of a process group (the server's: tsx's CLI and the Node server it runs). */
function groupMembers(pgid: number): number[] {
  const pids: number[] = [];
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      // Fields after the parenthesised command name: state, ppid, pgrp, …
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) === pgid) pids.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return pids;
}

export type RssSampler = { peak(): number; current(): number; resetPeak(): void; stop(): void };

/**
 * Samples the resident memory of the server's largest process (the Node process serving
 * requests) every 200 ms, keeping the peak. Linux only; elsewhere every reading is 0.
 */
export function sampleServerRss(pgid: number): RssSampler {
  let peak = 0;
  let last = 0;
  let pids = groupMembers(pgid);
  let ticks = 0;
  const timer = setInterval(() => {
    if (++ticks % 25 === 0 || pids.length === 0) pids = groupMembers(pgid);
    last = Math.max(0, ...pids.map(rssOf));
    peak = Math.max(peak, last);
  }, 200);
  timer.unref();
  return {
    peak: () => peak,
    current: () => last,
    resetPeak: () => {
      peak = last;
    },
    stop: () => clearInterval(timer),
  };
}

/** CPU time (user + system) a process has used so far, in ms (Linux /proc), or 0. */
export function cpuMsOf(pid: number): number {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
    const ticks = Number(fields[11]) + Number(fields[12]);
    return (ticks * 1000) / CLOCK_TICKS;
  } catch {
    return 0;
  }
}
const CLOCK_TICKS = 100;
