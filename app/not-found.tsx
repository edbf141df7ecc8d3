import { connection } from "next/server";
import { ButtonLink } from "@/app/_components/ui";
import { getDb } from "@/db/client";
import { currentPrincipal } from "@/lib/auth/request-scope";
import { getOrganizationById } from "@/lib/directory/organizations";

export default async function NotFound() {
  // Per request (never prerendered at build time): a customer admin has no organization
  // list to go back to, their own portal is home.
  await connection();
  const principal = await currentPrincipal();
  const org =
    principal?.kind === "portal_session" ? await getOrganizationById(await getDb(), principal.session.organizationId) : undefined;
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-500">The page you are looking for does not exist or was deleted.</p>
      {org ? (
        <ButtonLink href={`/orgs/${org.slug}/scim`} variant="primary" className="mt-6">
          Back to {org.name}
        </ButtonLink>
      ) : (
        <ButtonLink href="/orgs" variant="primary" className="mt-6">
          Back to organizations
        </ButtonLink>
      )}
    </main>
  );
}
