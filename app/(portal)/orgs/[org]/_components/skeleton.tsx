// Loading states: the shape of the page that is coming, so the layout does not jump.
import { Card } from "@/app/_components/ui";

function Bar({ className }: { className: string }) {
  return <div className={`animate-pulse rounded bg-slate-200 ${className}`} />;
}

export function TableSkeleton({ label, rows = 8 }: { label: string; rows?: number }) {
  return (
    <div role="status" aria-label={label} className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <Bar className="h-6 w-40" />
        <Bar className="h-6 w-16 rounded-full" />
      </div>
      <Card>
        <div className="flex flex-wrap gap-3 border-b border-slate-200 px-5 py-4">
          <Bar className="h-9 w-72" />
          <Bar className="h-9 w-32" />
        </div>
        <div className="divide-y divide-slate-100">
          {Array.from({ length: rows }, (_, i) => (
            <div key={i} className="flex items-center gap-6 px-5 py-4">
              <Bar className="h-4 w-48" />
              <Bar className="h-4 w-56" />
              <Bar className="hidden h-4 w-24 sm:block" />
              <Bar className="ml-auto h-4 w-16" />
            </div>
          ))}
        </div>
      </Card>
      <span className="sr-only">Loading…</span>
    </div>
  );
}

export function ScimSkeleton() {
  return (
    <div role="status" aria-label="Loading SCIM Provisioning" className="space-y-6">
      <Bar className="h-6 w-48" />
      <Card className="flex items-center gap-3 px-5 py-4">
        <Bar className="h-11 w-11" />
        <div className="space-y-2">
          <Bar className="h-4 w-40" />
          <Bar className="h-3 w-64" />
        </div>
      </Card>
      <div className="grid gap-6 lg:grid-cols-5">
        <div className="space-y-6 lg:col-span-3">
          {[0, 1].map((i) => (
            <Card key={i} className="space-y-4 p-5">
              <Bar className="h-5 w-32" />
              <Bar className="h-9 w-full" />
              <Bar className="h-9 w-full" />
            </Card>
          ))}
        </div>
        <Card className="space-y-4 p-5 lg:col-span-2">
          {Array.from({ length: 6 }, (_, i) => (
            <Bar key={i} className="h-4 w-full" />
          ))}
        </Card>
      </div>
      <span className="sr-only">Loading…</span>
    </div>
  );
}
