// Where a customer admin lands when a portal link cannot be opened (used, expired, revoked,
// unknown) or their portal session has ended. It never offers the operators' sign-in: the
// way back in is a new link from the application.
import type { Metadata } from "next";
import { cookies } from "next/headers";
import { BrandMark } from "@/app/_components/ui";
import { EmbedBridge } from "@/app/_components/embed";
import { getDb } from "@/db/client";
import { findPortalSession } from "@/lib/auth/portal-access";
import { PORTAL_COOKIE } from "@/lib/auth/portal-cookie";
import { UNNAMED_APPLICATION, accentCss, getBranding } from "@/lib/branding";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Link expired" };
export const dynamic = "force-dynamic";

export default async function PortalExpiredPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { reason } = await searchParams;
  const db = await getDb();
  const branding = await getBranding(db);
  const appName = branding.applicationName ?? UNNAMED_APPLICATION;
  const isSession = reason === "session";
  // The ended session still knows where its admin came from.
  const token = (await cookies()).get(PORTAL_COOKIE)?.value;
  const returnUrl = isSession && token ? (await findPortalSession(db, token))?.returnUrl : undefined;
  const css = accentCss(branding.accentColor);

  const title = isSession ? "Your session has ended" : reason === "used" ? "This link was already used" : "This link has expired";
  const body = isSession
    ? `For your security, Admin Portal sessions end after a while. Go back to ${appName} and open the Admin Portal again to continue; your directory settings are kept.`
    : `Admin Portal links open once and expire after a few minutes. Go back to ${appName} and open the Admin Portal again to get a new link.`;

  return (
    <main className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      {css ? <style>{css}</style> : null}
      <EmbedBridge origins={env().portalFrameAncestors} announce={isSession ? { type: "roster:session.expired" } : undefined} />
      <div className="mb-8">
        <BrandMark name={branding.applicationName} logoUrl={branding.logoUrl} suffix="Admin Portal" />
      </div>
      <div className="w-full max-w-md rounded-xl border border-slate-200 bg-white p-8 text-center shadow-sm">
        <h1 className="text-xl font-semibold text-slate-900">{title}</h1>
        <p className="mt-3 text-sm text-slate-600">{body}</p>
        {returnUrl ? (
          <a
            href={returnUrl}
            target="_top"
            className="mt-6 inline-flex items-center justify-center rounded-md bg-brand-600 px-3.5 py-2 text-sm font-medium text-white shadow-sm hover:bg-brand-700"
          >
            Back to {appName}
          </a>
        ) : null}
      </div>
    </main>
  );
}
