// Next 16 middleware ("proxy"). Two jobs, neither of them authorisation:
// - optimistic redirects: visitors to /orgs/* with neither an operator's session cookie nor
//   a customer admin's portal cookie go to the sign-in page early. Every page, action and
//   route still resolves its organisation scope on the server (lib/auth/request-scope).
// - who may frame Roster: CSP frame-ancestors from ROSTER_PORTAL_FRAME_ANCESTORS, read at
//   run time (next.config headers would freeze the build machine's value). Default: nobody.
//   The rest of the page CSP is here too, for the same reason (the OIDC issuer the sign-in
//   form posts on to is run-time configuration). Headers for every response, APIs included
//   (nosniff, referrer policy, HSTS on HTTPS), are in next.config.ts.
import { NextResponse, type NextRequest } from "next/server";
import { PORTAL_COOKIE } from "@/lib/auth/portal-cookie";
import { env } from "@/lib/env";

const SESSION_COOKIES = ["authjs.session-token", "__Secure-authjs.session-token", PORTAL_COOKIE];

/**
 * The page CSP. Scripts: Next.js inlines its bootstrap scripts, so 'self' 'unsafe-inline'
 * (a nonce would force every page to render per request); what this still stops is script
 * and data from other origins, plugins, <base> hijacking, and forms posting elsewhere.
 * Images may come from any https origin: the operator's logo URL is one.
 */
function contentSecurityPolicy(frameAncestors: string[]): string {
  const { oidc, isProduction } = env();
  const formTargets = ["'self'", ...(oidc ? [new URL(oidc.issuer).origin] : [])];
  return [
    "default-src 'self'",
    // The dev server's React refresh needs eval; production does not.
    `script-src 'self' 'unsafe-inline'${isProduction ? "" : " 'unsafe-eval'"}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${formTargets.join(" ")}`,
    `frame-ancestors ${frameAncestors.length > 0 ? frameAncestors.join(" ") : "'none'"}`,
  ].join("; ");
}

/** The operators' sign-in and first-run pages are never embedded, whoever may frame the portal. */
const NEVER_FRAMED = ["/login", "/setup"];

function withFramePolicy(response: NextResponse, pathname: string): NextResponse {
  const origins = NEVER_FRAMED.some((p) => pathname === p || pathname.startsWith(`${p}/`)) ? [] : env().portalFrameAncestors;
  response.headers.set("content-security-policy", contentSecurityPolicy(origins));
  // For browsers without CSP level 2; it cannot list origins, so only when nobody may frame.
  if (origins.length === 0) response.headers.set("x-frame-options", "DENY");
  return response;
}

export function proxy(request: NextRequest): NextResponse {
  const isPortal = request.nextUrl.pathname === "/orgs" || request.nextUrl.pathname.startsWith("/orgs/");
  const hasSession = SESSION_COOKIES.some((name) => request.cookies.has(name));
  if (isPortal && !hasSession) {
    const url = request.nextUrl.clone();
    // Inside an iframe only a customer admin's portal can be meant: a missing cookie there is
    // one the browser did not keep, and the operators' sign-in form would only confuse.
    if (request.headers.get("sec-fetch-dest") === "iframe") {
      url.pathname = "/portal/expired";
      url.search = "?reason=session";
      return withFramePolicy(NextResponse.redirect(url), request.nextUrl.pathname);
    }
    url.pathname = "/login";
    url.search = `?callbackUrl=${encodeURIComponent(request.nextUrl.pathname + request.nextUrl.search)}`;
    return withFramePolicy(NextResponse.redirect(url), request.nextUrl.pathname);
  }
  return withFramePolicy(NextResponse.next(), request.nextUrl.pathname);
}

// Pages, not static assets or the machine-to-machine APIs (SCIM, REST), which no browser frames.
export const config = { matcher: ["/((?!_next/|api/scim/|api/v1/|favicon.ico).*)"] };
