// Replays a provider's request sequence (e2e/fixtures) against the running server, one
// Playwright step per request, and checks each answer as that provider would.
import { type APIRequestContext, expect, test } from "@playwright/test";
import { type ReplayContext, type ScimAnswer, type ScimStep } from "../fixtures/types";
import { type TestDirectory } from "../support/api";

export function newContext(): ReplayContext {
  return { ids: {}, etags: {}, run: `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}` };
}

export async function sendScim(
  request: APIRequestContext,
  dir: TestDirectory,
  step: Pick<ScimStep, "method" | "headers" | "token"> & { path: string; body?: unknown },
): Promise<ScimAnswer> {
  const headers: Record<string, string> = { accept: "application/scim+json", ...step.headers };
  const token = step.token === undefined ? dir.token : step.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (step.body !== undefined) headers["content-type"] ??= "application/scim+json";
  const res = await request.fetch(`${dir.endpointUrl}${step.path}`, {
    method: step.method,
    headers,
    // Sent as text so that nothing re-encodes it: the provider's bytes, as they are.
    data: step.body === undefined ? undefined : JSON.stringify(step.body),
    // Providers do not all follow redirects on writes: an answer must come directly.
    maxRedirects: 0,
  });
  const text = await res.text();
  let body: unknown = text || undefined;
  try {
    body = text ? (JSON.parse(text) as unknown) : undefined;
  } catch {
    // Not JSON (an HTML error page): kept as text for the failure message.
  }
  return { status: res.status(), headers: res.headers(), body };
}

export async function replay(
  request: APIRequestContext,
  dir: TestDirectory,
  steps: ScimStep[],
  context: ReplayContext = newContext(),
  defaults: { headers?: Record<string, string> } = {},
): Promise<ReplayContext> {
  for (const step of steps) {
    await test.step(step.name, async () => {
      const path = typeof step.path === "function" ? step.path(context) : step.path;
      const body = step.bodyOf ? step.bodyOf(context) : step.body;
      const answer = await sendScim(request, dir, {
        method: step.method,
        path,
        body,
        headers: { ...defaults.headers, ...step.headers },
        token: step.token,
      });
      expect(answer.status, `${step.method} ${path}: ${JSON.stringify(answer.body)}`).toBe(step.status);
      if (answer.body !== undefined) expect(answer.headers["content-type"]).toMatch(/^application\/scim\+json/);
      step.check?.(answer, context);
      if (step.save) {
        const saved = answer.body as { id?: unknown } | undefined;
        if (typeof saved?.id !== "string") throw new Error(`step "${step.name}" returned no id to save`);
        context.ids[step.save] = saved.id;
        if (answer.headers.etag) context.etags[step.save] = answer.headers.etag;
      }
    });
  }
  return context;
}
