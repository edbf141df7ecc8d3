// GET /portal/link/{token} — a customer admin opens the portal link the SaaS gave them.
// The link is spent here (single use); the admin gets a portal session cookie for that one
// organization and lands on SCIM Provisioning, or on the tab the link's intent names.
// A used, expired, revoked or unknown link lands on a page that says to ask the
// application for a new one.
import { cookies } from "next/headers";
import { getDb } from "@/db/client";
import { INTENT_PATHS, openPortalLink } from "@/lib/auth/portal-access";
import { PORTAL_COOKIE, portalCookieOptions } from "@/lib/auth/portal-cookie";
import { getOrganizationById } from "@/lib/directory/organizations";

export const dynamic = "force-dynamic";

// The token is in the URL: no cache may keep the response, no Referer may carry the URL on.
const NO_STORE = { "cache-control": "no-store", "referrer-policy": "no-referrer" };

function seeOther(location: string): Response {
  // Relative: behind proxies the origin this server sees may not be the browser's.
  return new Response(null, { status: 303, headers: { location, ...NO_STORE } });
}

export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }): Promise<Response> {
  const { token } = await params;
  const db = await getDb();
  const opened = await openPortalLink(db, decodeURIComponent(token), { userAgent: request.headers.get("user-agent") });
  if (!opened.ok) return seeOther(`/portal/expired?reason=${opened.reason === "used" ? "used" : "link"}`);
  const org = await getOrganizationById(db, opened.organizationId);
  if (!org) return seeOther("/portal/expired?reason=link");
  (await cookies()).set(PORTAL_COOKIE, opened.session.token, {
    ...portalCookieOptions(new URL(request.url).origin),
    expires: opened.session.expiresAt,
  });
  return seeOther(`/orgs/${encodeURIComponent(org.slug)}/${INTENT_PATHS[opened.intent]}`);
}
