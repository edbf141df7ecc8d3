// What every portal page shows while Roster cannot reach its database: a page that says so
// and reloads itself, instead of a crash. Providers get 503 + Retry-After meanwhile, and
// nothing they send is lost (they retry), which is what an admin needs to know.
export function ServiceUnavailable() {
  return (
    <main className="flex min-h-[60vh] flex-col items-center justify-center px-4 text-center">
      {/* Checks again every 15 s: the page comes back by itself when the database does. */}
      <meta httpEquiv="refresh" content="15" />
      <p className="text-sm font-semibold text-amber-600">503</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Roster is temporarily unavailable</h1>
      <p className="mt-2 max-w-md text-sm text-slate-600">
        Roster cannot reach its database right now. Identity providers are told to retry, so no provisioning change
        is lost. This page reloads by itself when the service is back.
      </p>
      <a href="" className="mt-6 text-sm font-medium text-brand-700 hover:underline">
        Try again now
      </a>
    </main>
  );
}
