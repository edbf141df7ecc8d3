"use client";
// Keeps an open portal page current: listens to the organization's Server-Sent Events
// and re-renders the page's server components (router.refresh) shortly after a change.
// Bursts (a full resync sends hundreds of changes a second) collapse into one refresh per
// REFRESH_DEBOUNCE_MS, and at most one refresh per MAX_REFRESH_WAIT_MS while they last.
import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { cx } from "@/app/_components/ui";

const REFRESH_DEBOUNCE_MS = 200;
const MAX_REFRESH_WAIT_MS = 1000;
/** After the server refuses the stream (signed out, restarted), retry with backoff up to this. */
const MAX_RETRY_MS = 30_000;

type State = "connecting" | "live" | "reconnecting";

export function LiveUpdates({ slug }: { slug: string }) {
  const router = useRouter();
  const [state, setState] = useState<State>("connecting");
  const routerRef = useRef(router);

  useEffect(() => {
    routerRef.current = router;
  }, [router]);

  useEffect(() => {
    let source: EventSource | undefined;
    let retryTimer: ReturnType<typeof setTimeout> | undefined;
    let debounceTimer: ReturnType<typeof setTimeout> | undefined;
    let firstPendingAt: number | undefined;
    let retryMs = 1000;
    let isDisposed = false;

    const refresh = () => {
      debounceTimer = undefined;
      firstPendingAt = undefined;
      routerRef.current.refresh();
    };
    const scheduleRefresh = () => {
      const now = Date.now();
      firstPendingAt ??= now;
      if (debounceTimer) clearTimeout(debounceTimer);
      const wait = Math.min(REFRESH_DEBOUNCE_MS, Math.max(0, firstPendingAt + MAX_REFRESH_WAIT_MS - now));
      debounceTimer = setTimeout(refresh, wait);
    };

    const connect = () => {
      if (isDisposed) return;
      const es = new EventSource(`/api/orgs/${encodeURIComponent(slug)}/live`);
      source = es;
      let hasOpened = false;
      es.addEventListener("ready", () => {
        // A reconnect may have missed changes: catch up once.
        if (hasOpened || retryMs > 1000) scheduleRefresh();
        hasOpened = true;
        retryMs = 1000;
        setState("live");
      });
      es.addEventListener("change", scheduleRefresh);
      es.onerror = () => {
        if (isDisposed) return;
        setState("reconnecting");
        // The browser reconnects by itself after a dropped stream; a refused one (an HTTP
        // error) is CLOSED for good, so it is retried here with backoff.
        if (es.readyState === EventSource.CLOSED) {
          es.close();
          retryTimer = setTimeout(connect, retryMs);
          retryMs = Math.min(retryMs * 2, MAX_RETRY_MS);
        }
      };
    };

    connect();
    return () => {
      isDisposed = true;
      source?.close();
      if (retryTimer) clearTimeout(retryTimer);
      if (debounceTimer) clearTimeout(debounceTimer);
    };
  }, [slug]);

  const label = state === "live" ? "Live" : state === "connecting" ? "Connecting…" : "Reconnecting…";
  return (
    <span
      role="status"
      aria-live="polite"
      title={state === "live" ? "This page updates as changes arrive" : "Trying to reach the server for live updates"}
      className={cx(
        "inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ring-inset",
        state === "live" ? "bg-emerald-50 text-emerald-700 ring-emerald-600/20" : "bg-amber-50 text-amber-800 ring-amber-600/20",
      )}
    >
      <span className="relative flex h-2 w-2" aria-hidden="true">
        {state === "live" ? (
          <span className="absolute inline-flex h-full w-full animate-ping rounded-full bg-emerald-400 opacity-60" />
        ) : null}
        <span className={cx("relative inline-flex h-2 w-2 rounded-full", state === "live" ? "bg-emerald-500" : "bg-amber-500")} />
      </span>
      {label}
    </span>
  );
}
