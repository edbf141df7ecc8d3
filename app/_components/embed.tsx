"use client";
// Tells the page that embeds the portal (an iframe in the SaaS application) what happened,
// with window.postMessage. Messages go only to the origins in ROSTER_PORTAL_FRAME_ANCESTORS:
// one postMessage per allowed origin, and the browser delivers it only to the one that is
// really the parent, so no other page ever reads them. Shapes: docs/portal.md.
import { useRouter } from "next/navigation";
import { useEffect, useRef } from "react";

export type EmbedMessage =
  | { type: "roster:ready"; organization: { slug: string; name: string }; path: string }
  | { type: "roster:directory.configured"; organization: { slug: string }; directory: { id: string; provider: string } }
  | {
      type: "roster:directory.first_request";
      organization: { slug: string };
      directory: { id: string };
      request: { method: string; path: string; status: number };
    }
  | { type: "roster:session.expired" };

let allowedOrigins: readonly string[] = [];

export function postToParent(message: EmbedMessage): void {
  if (typeof window === "undefined" || window.parent === window) return;
  for (const origin of allowedOrigins) window.parent.postMessage(message, origin);
}

/**
 * Mounted once per document: registers the allowed origins and announces the page. With a
 * session end time, it also leaves for the "session ended" page when the session runs out,
 * so an admin who keeps the tab open does not meet a failing form.
 */
export function EmbedBridge({
  origins,
  announce,
  sessionExpiresAt,
}: {
  origins: readonly string[];
  announce?: EmbedMessage | undefined;
  sessionExpiresAt?: string | undefined;
}) {
  // A live refresh re-renders the layout with equal but new props: announce once per
  // document and message, not once per render.
  const announced = useRef<string | undefined>(undefined);
  useEffect(() => {
    allowedOrigins = origins;
    const key = announce ? JSON.stringify(announce) : undefined;
    if (announce && key !== announced.current) postToParent(announce);
    announced.current = key;
  }, [origins, announce]);

  const router = useRouter();
  useEffect(() => {
    if (!sessionExpiresAt) return;
    const leave = () => router.replace("/portal/expired?reason=session");
    const remaining = new Date(sessionExpiresAt).getTime() - Date.now();
    if (remaining <= 0) {
      leave();
      return;
    }
    // setTimeout's delay is a 32-bit int: re-arm for sessions longer than ~24 days.
    const timer = setTimeout(leave, Math.min(remaining, 2 ** 31 - 1));
    return () => clearTimeout(timer);
  }, [sessionExpiresAt, router]);

  return null;
}

/** Announces the first SCIM request of a directory, once, when it arrives while the page is open. */
export function FirstRequestSignal({
  slug,
  directoryId,
  first,
}: {
  slug: string;
  directoryId: string;
  first: { method: string; path: string; status: number } | undefined;
}) {
  // Only a transition seen on this page counts: a page opened after the first request
  // (or re-rendered by a later live refresh) has nothing new to announce.
  const state = useRef<"waiting" | "done" | undefined>(undefined);
  useEffect(() => {
    if (!first) {
      state.current ??= "waiting";
      return;
    }
    if (state.current === "waiting") {
      postToParent({ type: "roster:directory.first_request", organization: { slug }, directory: { id: directoryId }, request: first });
    }
    state.current = "done";
  }, [slug, directoryId, first]);
  return null;
}
