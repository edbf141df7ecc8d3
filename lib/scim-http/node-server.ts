// Serves the built Next.js app from a plain Node HTTP server (Next.js's "custom server"),
// for one reason: SCIM paths that `next start` answers itself with a 308 or a 500 before any
// route, rewrite or proxy.ts runs (PingOne's ".../v2//Users", malformed percent-encoding,
// dot segments; see ./request-target), so the URL has to be fixed before Next.js reads it.
// Everything else is Next.js's own request handler.
import http from "node:http";
import next from "next";
import { CLIENT_IP_HEADER } from "@/lib/auth/client-ip";
import { markLongLivedServer } from "./node-server-flag";
import { normalizeScimTarget } from "./request-target";

export type ServeOptions = { port: number; hostname: string; dir?: string };

export async function serveNext({ port, hostname, dir = process.cwd() }: ServeOptions): Promise<http.Server> {
  markLongLivedServer();
  const app = next({ dev: false, dir, hostname, port });
  const handle = app.getRequestHandler();
  await app.prepare();
  const server = http.createServer((req, res) => {
    if (req.url) req.url = normalizeScimTarget(req.url);
    // The peer address for per-IP limits (lib/auth/client-ip); a client's own value is replaced.
    req.headers[CLIENT_IP_HEADER] = req.socket.remoteAddress ?? "unknown";
    handle(req, res).catch((error: unknown) => {
      console.error("[roster] request failed:", error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(port, hostname, resolve));
  return server;
}
