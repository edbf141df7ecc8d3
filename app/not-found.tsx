import { ButtonLink } from "@/app/_components/ui";

export default function NotFound() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Page not found</h1>
      <p className="mt-2 text-sm text-slate-500">The page you are looking for does not exist or was deleted.</p>
      <ButtonLink href="/orgs" variant="primary" className="mt-6">
        Back to organizations
      </ButtonLink>
    </main>
  );
}
