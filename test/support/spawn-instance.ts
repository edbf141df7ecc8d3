// Starts test/support/server-instance.ts as a child process on a database of the test's own
// (test/support/own-database.ts) and follows its output.
import { type ChildProcess, spawn } from "node:child_process";
import path from "node:path";

export type Instance = {
  child: ChildProcess;
  /** Users it has created so far. */
  done(): number;
  isProvisioned(): boolean;
  /** Closes its stdin: it stops its worker as on SIGTERM and resolves with the worker's counts. */
  stop(): Promise<{ attempts: number; succeeded: number; retrying: number; failed: number; fannedOut: number }>;
  /** SIGKILL: no clean-up of any kind. */
  kill(): Promise<void>;
  /** Resolves when it exits; rejects if it exits by itself with an error. */
  exited: Promise<void>;
};

export function spawnInstance(
  databaseUrl: string,
  args: { directoryId: string; token: string; prefix: string; count: number },
  env: Record<string, string> = {},
): Instance {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", path.join(import.meta.dirname, "server-instance.ts"), args.directoryId, args.token, args.prefix, String(args.count)],
    {
      cwd: path.resolve(import.meta.dirname, "../.."),
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        ROSTER_WEBHOOK_WORKER: "on",
        ROSTER_WEBHOOK_ALLOW_PRIVATE: "true",
        ...env,
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  let done = 0;
  let isProvisioned = false;
  let lastLine = "";
  let stderr = "";
  let buffered = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdout.on("data", (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split("\n");
    buffered = lines.pop() ?? "";
    for (const line of lines) {
      if (line.startsWith("done ")) done++;
      else if (line === "provisioned") isProvisioned = true;
      else if (line.trim()) lastLine = line;
    }
  });
  let wasKilled = false;
  const exited = new Promise<void>((resolve, reject) => {
    child.on("exit", (code, signal) => {
      if (code === 0 || (wasKilled && signal === "SIGKILL")) resolve();
      else reject(new Error(`server instance exited with ${code ?? signal}: ${stderr}`));
    });
  });
  return {
    child,
    done: () => done,
    isProvisioned: () => isProvisioned,
    async stop() {
      child.stdin.end();
      await exited;
      return JSON.parse(lastLine) as Awaited<ReturnType<Instance["stop"]>>;
    },
    async kill() {
      wasKilled = true;
      child.kill("SIGKILL");
      await exited;
    },
    exited,
  };
}
