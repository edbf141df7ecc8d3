// The portal session cookie. httpOnly always; Secure on https (and on loopback http, which
// browsers treat as a secure context, so local development and the e2e suite behave like
// production); SameSite=None when the portal may be framed, because a Lax cookie is
// neither set nor sent inside another site's iframe — and then Partitioned (CHIPS), because
// browsers that block third-party cookies still keep a cookie partitioned by the embedding
// site, which is all an iframe session needs.
import { env } from "@/lib/env";

export const PORTAL_COOKIE = "roster_portal_session";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);

export type PortalCookieOptions = { httpOnly: true; secure: boolean; sameSite: "none" | "lax"; partitioned: boolean; path: "/" };

/** `origin` is the request's; APP_URL, when set, says what the browser really sees (TLS may end at a proxy). */
export function portalCookieOptions(origin: string): PortalCookieOptions {
  const url = new URL(env().appUrl ?? origin);
  const secure = url.protocol === "https:" || LOOPBACK.has(url.hostname);
  const framed = env().portalFrameAncestors.length > 0;
  const isCrossSite = secure && framed;
  return { httpOnly: true, secure, sameSite: isCrossSite ? "none" : "lax", partitioned: isCrossSite, path: "/" };
}
