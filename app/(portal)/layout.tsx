import Link from "next/link";
import { Logo } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { requireOperator } from "@/lib/auth/session";
import { signOutAction } from "../(auth)/actions";

export const dynamic = "force-dynamic";

export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const operator = await requireOperator();
  return (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex h-14 max-w-7xl items-center justify-between gap-4 px-4 sm:px-6">
          <div className="flex items-center gap-6">
            <Link prefetch={false} href="/orgs" aria-label="Roster home">
              <Logo />
            </Link>
            <nav aria-label="Main" className="hidden text-sm sm:block">
              <Link prefetch={false} href="/orgs" className="font-medium text-slate-600 hover:text-slate-900">
                Organizations
              </Link>
            </nav>
          </div>
          <div className="flex items-center gap-3 text-sm">
            <span className="hidden max-w-[16rem] truncate text-slate-500 sm:inline" title={operator.email}>
              {operator.name ?? operator.email}
            </span>
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
