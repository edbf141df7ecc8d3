// One webhook POST: no redirects followed (a 3xx is a failed attempt, so a redirect cannot
// lead the request somewhere the URL check never saw), a hard timeout over the whole
// exchange, a capped response excerpt, and — unless private addresses are allowed — the
// SSRF check on the address actually connected to (./ssrf lookupPublicOnly).
import http from "node:http";
import https from "node:https";
import net from "node:net";
import { bareHost, isForbiddenAddress, lookupPublicOnly } from "./ssrf";

/** How much of a response body the delivery log keeps. */
export const RESPONSE_EXCERPT_BYTES = 1024;

export type PostResult = {
  statusCode: number | undefined;
  latencyMs: number;
  error: string | undefined;
  responseExcerpt: string | undefined;
};

// Keep-alive: a burst of deliveries to one receiver reuses its connections.
const agents = {
  http: new http.Agent({ keepAlive: true, maxSockets: 64 }),
  https: new https.Agent({ keepAlive: true, maxSockets: 64 }),
};

export function postWebhook(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { timeoutMs: number; allowPrivate: boolean },
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const host = bareHost(url);
  if (!options.allowPrivate && net.isIP(host) && isForbiddenAddress(host)) {
    return Promise.resolve({
      statusCode: undefined,
      latencyMs: 0,
      error: `Refused: ${host} is a private, loopback or link-local address.`,
      responseExcerpt: undefined,
    });
  }
  const isHttps = url.protocol === "https:";
  return new Promise((resolve) => {
    let isSettled = false;
    const settle = (result: Omit<PostResult, "latencyMs">) => {
      if (isSettled) return;
      isSettled = true;
      clearTimeout(timer);
      resolve({ ...result, latencyMs: elapsed() });
    };
    const request = (isHttps ? https : http).request(url, {
      method: "POST",
      agent: isHttps ? agents.https : agents.http,
      headers: {
        "content-type": "application/json",
        "content-length": String(Buffer.byteLength(body)),
        "user-agent": "Roster-Webhooks/1",
        ...headers,
      },
      ...(options.allowPrivate ? {} : { lookup: lookupPublicOnly }),
    });
    const timer = setTimeout(() => {
      request.destroy();
      settle({ statusCode: undefined, error: `Timed out after ${options.timeoutMs} ms`, responseExcerpt: undefined });
    }, options.timeoutMs);
    request.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const finish = () =>
        settle({
          statusCode: response.statusCode,
          error: undefined,
          responseExcerpt: size > 0 ? Buffer.concat(chunks).subarray(0, RESPONSE_EXCERPT_BYTES).toString("utf8") : undefined,
        });
      response.on("data", (chunk: Buffer) => {
        if (size < RESPONSE_EXCERPT_BYTES) chunks.push(chunk);
        size += chunk.length;
        // Enough for the log: stop reading a large body instead of downloading it.
        if (size > 64 * RESPONSE_EXCERPT_BYTES) {
          finish();
          response.destroy();
        }
      });
      response.on("end", finish);
      response.on("error", finish);
    });
    request.on("error", (error: NodeJS.ErrnoException) => {
      settle({ statusCode: undefined, error: error.message || error.code || "Connection failed", responseExcerpt: undefined });
    });
    request.end(body);
  });
}
