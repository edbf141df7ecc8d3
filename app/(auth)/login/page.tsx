import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { Alert } from "@/app/_components/ui";
import { SubmitButton } from "@/app/_components/client";
import { currentOperator } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { getDb } from "@/db/client";
import { isSetupDone } from "@/lib/auth/operators";
import { signInWithOidc } from "../actions";
import { LoginForm } from "./login-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

const ERRORS: Record<string, string> = {
  OidcNotAllowed: "Your identity provider signed you in, but that account is not an operator here. Ask an operator to add you.",
  OidcNoEmail: "Your identity provider did not share a verified email address.",
  AccessDenied: "Access was denied.",
  Configuration: "Sign-in is misconfigured on this server. Check the server log.",
};

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  if (!(await isSetupDone(await getDb()))) redirect("/setup");
  if (await currentOperator()) redirect("/orgs");
  const params = await searchParams;
  const callbackUrl = typeof params.callbackUrl === "string" ? params.callbackUrl : "/orgs";
  const errorCode = typeof params.error === "string" ? params.error : undefined;
  const oidc = env().oidc;
  return (
    <div className="space-y-6">
      <div>
        <h1 className="text-xl font-semibold text-slate-900">Sign in to Roster</h1>
        <p className="mt-1 text-sm text-slate-500">Operators manage organizations and their directory connections.</p>
      </div>
      {errorCode ? <Alert>{ERRORS[errorCode] ?? "Sign-in failed. Try again."}</Alert> : null}
      {oidc ? (
        <>
          <form action={signInWithOidc}>
            <input type="hidden" name="callbackUrl" value={callbackUrl} />
            <SubmitButton variant="secondary" className="w-full" pendingText="Redirecting…">
              Sign in with {oidc.name}
            </SubmitButton>
          </form>
          <div className="flex items-center gap-3 text-xs text-slate-500" aria-hidden="true">
            <span className="h-px flex-1 bg-slate-200" /> or <span className="h-px flex-1 bg-slate-200" />
          </div>
        </>
      ) : null}
      <LoginForm callbackUrl={callbackUrl} />
    </div>
  );
}
