// Who is calling, for per-IP limits. The TCP peer is the client unless the deployment says a
// proxy in front of it names the client (ROSTER_TRUST_PROXY): trusting X-Forwarded-For by
// default would let any caller pick a fresh IP per request and escape every per-IP limit.
import { env } from "@/lib/env";

/**
 * Set by lib/scim-http/node-server from the socket on every request (any value a client
 * sent is overwritten), so route handlers behind `npm start` know the peer address.
 */
export const CLIENT_IP_HEADER = "x-roster-client-ip";

export function clientIp(headers: Headers): string {
  if (env().trustProxy) {
    // Only for a proxy that sets the header to the client's address (Vercel, most load
    // balancers configured to overwrite it): an appended client-sent value would be trusted.
    const forwarded = headers.get("x-forwarded-for")?.split(",")[0]?.trim();
    if (forwarded) return forwarded.slice(0, 64);
  }
  return headers.get(CLIENT_IP_HEADER)?.slice(0, 64) || "unknown";
}
