// A webhook receiver for tests, on 127.0.0.1 and a random port: verifies every request with
// the `standardwebhooks` package (as the README tells consumers to), records what it
// accepted, and answers whatever the test decides.
import http from "node:http";
import { type AddressInfo } from "node:net";
import { Webhook } from "standardwebhooks";

export type Received = {
  id: string;
  timestamp: string;
  signatures: string[];
  body: { id: string; type: string; data: Record<string, unknown>; [key: string]: unknown };
  isVerified: boolean;
};

export type Receiver = {
  url: string;
  port: number;
  received: Received[];
  /** Verified message ids, in the order accepted (2xx answered). */
  accepted: string[];
  /** The status to answer (default 204), or a function of the request. */
  respond: (r: Received) => number | { status: number; body?: string; delayMs?: number };
  /** Which secrets verify (all of them must verify for isVerified). */
  secrets: string[];
  close(): Promise<void>;
  /** Listens again on the same port (after close). */
  reopen(): Promise<void>;
};

export async function startReceiver(secrets: string[] = [], port = 0): Promise<Receiver> {
  let server: http.Server;
  const receiver: Receiver = {
    url: "",
    port,
    received: [],
    accepted: [],
    respond: () => 204,
    secrets,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    reopen: async () => {
      server = createServer();
      await listen();
    },
  };
  const createServer = () =>
    http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        const raw = Buffer.concat(chunks).toString("utf8");
        const headers = {
          "webhook-id": String(req.headers["webhook-id"] ?? ""),
          "webhook-timestamp": String(req.headers["webhook-timestamp"] ?? ""),
          "webhook-signature": String(req.headers["webhook-signature"] ?? ""),
        };
        const isVerified =
          receiver.secrets.length > 0 &&
          receiver.secrets.every((secret) => {
            try {
              new Webhook(secret).verify(raw, headers);
              return true;
            } catch {
              return false;
            }
          });
        const received: Received = {
          id: headers["webhook-id"],
          timestamp: headers["webhook-timestamp"],
          signatures: headers["webhook-signature"].split(" ").filter(Boolean),
          body: JSON.parse(raw) as Received["body"],
          isVerified,
        };
        receiver.received.push(received);
        const answer = receiver.respond(received);
        const { status, body, delayMs } = typeof answer === "number" ? { status: answer, body: undefined, delayMs: 0 } : answer;
        const send = () => {
          if (status >= 200 && status < 300 && isVerified) receiver.accepted.push(received.id);
          res.writeHead(status, { "content-type": "text/plain" });
          res.end(body ?? "");
        };
        if (delayMs) setTimeout(send, delayMs);
        else send();
      });
    });
  const listen = () =>
    new Promise<void>((resolve) => {
      server.listen(receiver.port, "127.0.0.1", () => {
        receiver.port = (server.address() as AddressInfo).port;
        receiver.url = `http://127.0.0.1:${receiver.port}/hooks`;
        resolve();
      });
    });
  server = createServer();
  await listen();
  return receiver;
}

/** Waits until `check` holds, polling every 50 ms, or fails after `timeoutMs`. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs = 20_000, what = "the condition"): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
}
