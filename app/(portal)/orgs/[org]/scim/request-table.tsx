import { Link } from "../_components/link";
import type { RequestSummary } from "@/lib/directory/portal";
import { HttpStatusBadge, MethodLabel, Table, Tbody, Td, Th } from "../_components/table";
import { TimeAgo } from "../_components/time-ago";

/** The path below the SCIM base URL ("/Users/…"): the directory id is the same on every row. */
export function scimPath(path: string): string {
  const match = /^\/api\/scim\/[^/]+\/v2(?=\/|$)/.exec(path);
  return match ? path.slice(match[0].length) || "/" : path;
}

/** A logged query string as a person reads it: `filter=userName eq "ada@…"`. */
export function readableQuery(query: string): string {
  try {
    return decodeURIComponent(query.replace(/\+/g, " "));
  } catch {
    return query;
  }
}

export function RequestTable({
  requests,
  detailHref,
}: {
  requests: RequestSummary[];
  detailHref: (id: number) => string;
}) {
  return (
    <Table label="SCIM requests">
      <thead>
        <tr>
          <Th>Time</Th>
          <Th>Request</Th>
          <Th>Status</Th>
          <Th className="text-right">Duration</Th>
          <Th>User agent</Th>
        </tr>
      </thead>
      <Tbody>
        {requests.map((r) => (
          <tr key={r.id} className="hover:bg-slate-50">
            <Td className="whitespace-nowrap text-slate-500">
              <TimeAgo date={r.createdAt} />
            </Td>
            <Td className="max-w-[28rem]">
              {/* The link's name is its visible text plus the status (WCAG 2.5.3, label in
                  name); the query follows outside the link, so the name stays short. */}
              <span className="flex min-w-0 items-baseline" title={r.path + (r.query ? `?${readableQuery(r.query)}` : "")}>
                <Link href={detailHref(r.id)} className="flex shrink-0 items-baseline gap-2 hover:underline">
                  <MethodLabel method={r.method} />{" "}
                  <span className="font-mono text-xs text-slate-800">{scimPath(r.path)}</span>
                  <span className="sr-only"> {r.status}, details</span>
                </Link>
                {r.query ? <span className="truncate font-mono text-xs text-slate-500">?{readableQuery(r.query)}</span> : null}
              </span>
            </Td>
            <Td>
              <HttpStatusBadge status={r.status} />
            </Td>
            <Td className="whitespace-nowrap text-right tabular-nums text-slate-500">{r.durationMs} ms</Td>
            <Td className="max-w-[16rem] truncate text-xs text-slate-500" title={r.userAgent ?? undefined}>
              {r.userAgent ?? "—"}
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}
