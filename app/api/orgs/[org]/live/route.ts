// GET /api/orgs/{slug}/live — Server-Sent Events for one organization's portal pages.
// The browser's EventSource keeps it open; every change to the organization's directory
// data (and every new SCIM request) arrives as one small message that tells the page to
// re-render. The data itself is never streamed: the page re-reads it through the same
// server components and session check as a reload would.
import { routeOrgScope } from "@/lib/auth/request-scope";
import { type LiveMessage, subscribeOrganization } from "@/lib/events/live";

export const dynamic = "force-dynamic";
export const runtime = "nodejs";

/** Comments keep proxies (and the browser) from closing an idle stream. */
const HEARTBEAT_MS = 15_000;
/** How long the browser waits before reconnecting after a drop (EventSource `retry`). */
const RETRY_MS = 2_000;

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }): Promise<Response> {
  const scope = await routeOrgScope(decodeURIComponent((await params).org));
  if (scope instanceof Response) return scope;
  const { org } = scope;

  const encoder = new TextEncoder();
  let cleanup: (() => void) | undefined;
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let isClosed = false;
      const send = (chunk: string) => {
        if (isClosed) return;
        try {
          controller.enqueue(encoder.encode(chunk));
        } catch {
          close();
        }
      };
      const unsubscribe = subscribeOrganization(org.id, (message: LiveMessage) => {
        send(`event: change\ndata: ${JSON.stringify(message)}\n\n`);
      });
      const heartbeat = setInterval(() => send(`: heartbeat ${Date.now()}\n\n`), HEARTBEAT_MS);
      const close = () => {
        if (isClosed) return;
        isClosed = true;
        clearInterval(heartbeat);
        unsubscribe();
        request.signal.removeEventListener("abort", close);
        try {
          controller.close();
        } catch {
          // Already closed by the runtime.
        }
      };
      cleanup = close;
      request.signal.addEventListener("abort", close);
      send(`retry: ${RETRY_MS}\nevent: ready\ndata: {}\n\n`);
    },
    cancel() {
      cleanup?.();
    },
  });

  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-cache, no-transform",
      Connection: "keep-alive",
      // nginx and similar proxies buffer responses unless told not to.
      "X-Accel-Buffering": "no",
    },
  });
}
