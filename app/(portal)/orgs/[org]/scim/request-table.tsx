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
              <Link
                href={detailHref(r.id)}
                className="flex min-w-0 items-baseline gap-2 hover:underline"
                aria-label={`${r.method} ${scimPath(r.path)} ${r.status}, details`}
              >
                <MethodLabel method={r.method} />
                <span className="truncate font-mono text-xs text-slate-800" title={r.path + (r.query ? `?${readableQuery(r.query)}` : "")}>
                  {scimPath(r.path)}
                  {r.query ? <span className="text-slate-500">?{readableQuery(r.query)}</span> : null}
                </span>
              </Link>
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
