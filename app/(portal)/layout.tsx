import Link from "next/link";
import { BrandMark, Logo } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { EmbedBridge } from "@/app/_components/embed";
import { ServiceUnavailable } from "@/app/_components/service-unavailable";
import { getDb, isDatabaseUnavailable } from "@/db/client";
import { requirePrincipal } from "@/lib/auth/request-scope";
import { UNNAMED_APPLICATION, accentCss, getBranding } from "@/lib/branding";
import { env } from "@/lib/env";
import { signOutAction } from "../(auth)/actions";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  let principal: Awaited<ReturnType<typeof requirePrincipal>>;
  let branding: Awaited<ReturnType<typeof getBranding>>;
  try {
    principal = await requirePrincipal();
    branding = await getBranding(await getDb());
  } catch (error) {
    // The session and branding are the first reads of every portal page: an unreachable
    // database is said in words here, not as a generic error (redirects rethrow as they are).
    if (isDatabaseUnavailable(error)) return <ServiceUnavailable />;
    throw error;
  }
  const css = accentCss(branding.accentColor);
  const origins = env().portalFrameAncestors;

  if (principal.kind === "portal_session") {
    // A customer admin: the application's brand, a way back to it, and nothing that leads
    // to other organizations or the operators' side.
    const appName = branding.applicationName ?? UNNAMED_APPLICATION;
    const { returnUrl, expiresAt } = principal.session;
    return (
      <div className="min-h-screen">
        {css ? <style>{css}</style> : null}
        <EmbedBridge origins={origins} sessionExpiresAt={expiresAt.toISOString()} />
        <header className="border-b border-slate-200 bg-white">
          <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
            <BrandMark name={branding.applicationName} logoUrl={branding.logoUrl} suffix="Admin Portal" />
            {returnUrl ? (
              <a href={returnUrl} target="_top" className="text-sm font-medium text-brand-700 hover:underline">
                <span aria-hidden="true">← </span>Back to {appName}
              </a>
            ) : null}
          </div>
        </header>
        <main className="mx-auto max-w-7xl px-4 py-6 sm:px-6">{children}</main>
      </div>
    );
  }

  const operator = principal.kind === "operator" ? principal.operator : undefined;
  return (
    <div className="min-h-screen">
      {css ? <style>{css}</style> : null}
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
          <div className="flex items-center gap-6">
            <Link prefetch={false} href="/orgs" aria-label="Roster home">
              <Logo />
            </Link>
            <nav aria-label="Main" className="hidden gap-4 text-sm sm:flex">
              <Link prefetch={false} href="/orgs" className="font-medium text-slate-600 hover:text-slate-900">
                Organizations
              </Link>
              <Link prefetch={false} href="/settings" className="font-medium text-slate-600 hover:text-slate-900">
                Settings
              </Link>
              <Link prefetch={false} href="/audit" className="font-medium text-slate-600 hover:text-slate-900">
                Audit log
              </Link>
              {/* A plain link: the reference is its own page (/docs/api), not part of the portal app. */}
              <a href="/docs/api" className="font-medium text-slate-600 hover:text-slate-900">
                API reference
              </a>
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            {operator ? (
              <span className="hidden max-w-[16rem] truncate text-slate-600 sm:inline" title={operator.email}>
                {operator.name ?? operator.email}
              </span>
            ) : null}
            <form action={signOutAction}>
              <SubmitButton variant="secondary" pendingText="Signing out…">
                Sign out
              </SubmitButton>
            </form>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-7xl px-4 py-8 sm:px-6">{children}</main>
    </div>
  );
}
