// Every portal page and portal route, for both principals: an operator sees every
// organization; a customer admin's portal session sees its own organization and gets 404 —
// the answer for an organization that does not exist — for anything of another
// organization's, whether its slug, directory, resource ids or request-log entries.
// The case table must name every page.tsx under app/(portal) and route.ts under
// app/api/orgs: a new page or route without a case fails the first test.
import fs from "node:fs";
import path from "node:path";
import { type APIRequestContext, type BrowserContext, expect, test } from "@playwright/test";
import { apiHeaders, createTestDirectory, type TestDirectory } from "../support/api";
import { GROUP_SCHEMA, USER_SCHEMA, scim } from "../portal/portal-helpers";
import { createPortalLink, operatorContext } from "./customer-helpers";

type Tenant = TestDirectory & { userId: string; groupId: string; requestId: string; webhookId: string };
type Case = {
  /** The URL of this page or route for a tenant (its slug and ids). */
  url: (t: Tenant) => string;
  /** Operators only (no customer admin, even for their own organization). */
  operatorOnly?: boolean;
  /** Not under an organization: nothing of another tenant to try. */
  global?: boolean;
  /** An SSE stream: check the status only. */
  stream?: boolean;
};

const CASES: Record<string, Case> = {
  "app/(portal)/orgs/page.tsx": { url: () => "/orgs", operatorOnly: true, global: true },
  "app/(portal)/settings/page.tsx": { url: () => "/settings", operatorOnly: true, global: true },
  "app/(portal)/settings/webhooks/page.tsx": { url: () => "/settings/webhooks", operatorOnly: true, global: true },
  "app/(portal)/settings/webhooks/[id]/page.tsx": { url: (t) => `/settings/webhooks/${t.webhookId}`, operatorOnly: true, global: true },
  "app/(portal)/settings/api-keys/page.tsx": { url: () => "/settings/api-keys", operatorOnly: true, global: true },
  "app/(portal)/settings/branding/page.tsx": { url: () => "/settings/branding", operatorOnly: true, global: true },
  "app/(portal)/audit/page.tsx": { url: () => "/audit", operatorOnly: true, global: true },
  "app/(portal)/orgs/[org]/page.tsx": { url: (t) => `/orgs/${t.organization.slug}` },
  "app/(portal)/orgs/[org]/scim/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/scim?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/scim/new/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/scim/new` },
  "app/(portal)/orgs/[org]/scim/holds/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/scim/holds?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/scim/requests/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/scim/requests?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/scim/requests/[id]/page.tsx": {
    url: (t) => `/orgs/${t.organization.slug}/scim/requests/${t.requestId}?directory=${t.directoryId}`,
  },
  "app/(portal)/orgs/[org]/users/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/users?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/users/[id]/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/users/${t.userId}?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/groups/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/groups?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/groups/[id]/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/groups/${t.groupId}?directory=${t.directoryId}` },
  "app/(portal)/orgs/[org]/events/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/events` },
  "app/(portal)/orgs/[org]/audit/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/audit` },
  "app/(portal)/orgs/[org]/settings/page.tsx": { url: (t) => `/orgs/${t.organization.slug}/settings`, operatorOnly: true },
  "app/api/orgs/[org]/live/route.ts": { url: (t) => `/api/orgs/${t.organization.slug}/live`, stream: true },
};

function routeFiles(dir: string, names: string[]): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...routeFiles(full, names));
    else if (names.includes(entry.name)) found.push(full.split(path.sep).join("/"));
  }
  return found;
}

test("every portal page and route has a case", () => {
  const files = [...routeFiles("app/(portal)", ["page.tsx", "route.ts"]), ...routeFiles("app/api/orgs", ["page.tsx", "route.ts"])].sort();
  expect(files.filter((f) => !(f in CASES)), "pages or routes without a case in CASES").toEqual([]);
  expect(Object.keys(CASES).filter((f) => !files.includes(f)), "cases for files that no longer exist").toEqual([]);
});

async function tenant(request: APIRequestContext, name: string): Promise<Tenant> {
  const t = await createTestDirectory(request, "okta", `${name} ${Date.now().toString(36)}${Math.random().toString(36).slice(2, 5)}`);
  const user = await scim(request, t, "POST", "/Users", { schemas: [USER_SCHEMA], userName: `someone@${name.toLowerCase()}.example` });
  const group = await scim(request, t, "POST", "/Groups", { schemas: [GROUP_SCHEMA], displayName: `${name} team`, members: [{ value: user.body.id }] });
  expect([user.status, group.status]).toEqual([201, 201]);
  // An endpoint for the webhook settings page; subscribed to an event this spec never causes.
  const hook = await request.post("/api/v1/webhooks", {
    headers: apiHeaders(),
    data: { url: "http://127.0.0.1:9/hooks", organizationId: t.organization.id, eventTypes: ["directory.disabled"] },
  });
  expect(hook.status(), await hook.text()).toBe(201);
  const webhookId = ((await hook.json()) as { id: string }).id;
  return { ...t, userId: user.body.id as string, groupId: group.body.id as string, requestId: "", webhookId };
}

/** The id of a request-log entry, read off the request log as the operator sees it. */
async function firstRequestId(operator: BrowserContext, t: Tenant): Promise<string> {
  const html = await (await operator.request.get(`/orgs/${t.organization.slug}/scim/requests?directory=${t.directoryId}`)).text();
  const id = /\/scim\/requests\/(\d+)\?/.exec(html)?.[1];
  if (!id) throw new Error("no request-log entry found");
  return id;
}

async function statusOf(context: BrowserContext, url: string, c: Case, baseURL: string | undefined): Promise<{ status: number; body: string }> {
  if (c.stream) {
    // The stream never ends: read the status, then let go.
    const cookies = (await context.cookies()).map((k) => `${k.name}=${k.value}`).join("; ");
    const res = await fetch(`${baseURL}${url}`, { headers: { cookie: cookies } });
    await res.body?.cancel();
    return { status: res.status, body: "" };
  }
  const res = await context.request.get(url);
  return { status: res.status(), body: await res.text() };
}

/** The rendered heading of app/not-found.tsx (every page's RSC payload carries its text too). */
const NOT_FOUND_HEADING = ">Page not found</h1>";

function isNotFound(result: { status: number; body: string }): boolean {
  // A page that calls notFound() inside a streamed Suspense boundary keeps its 200 status
  // and renders the not-found page: the body is what the admin sees.
  return result.status === 404 || (result.status === 200 && result.body.includes(NOT_FOUND_HEADING));
}

test("operator sees every organization; a portal session only its own, and 404 for anything else", async ({ browser, request, baseURL }) => {
  test.setTimeout(180_000);
  const a = await tenant(request, "Alpha");
  const b = await tenant(request, "Bravo");
  const operator = await operatorContext(browser, baseURL);
  a.requestId = await firstRequestId(operator, a);
  b.requestId = await firstRequestId(operator, b);

  const customer = await browser.newContext({ baseURL });
  const link = await createPortalLink(request, a.organization.id);
  await (await customer.newPage()).goto(link.url);
  // A mixed tenant: A's organization with B's directory and resource ids.
  const aWithBIds: Tenant = { ...b, organization: a.organization };

  for (const [file, c] of Object.entries(CASES)) {
    for (const t of c.global ? [a] : [a, b]) {
      const asOperator = await statusOf(operator, c.url(t), c, baseURL);
      expect(asOperator.status, `operator ${file} ${c.url(t)}`).toBe(200);
    }
    const own = await statusOf(customer, c.url(a), c, baseURL);
    if (c.operatorOnly) expect(isNotFound(own), `customer, operator-only ${file}`).toBe(true);
    else {
      expect(own.status, `customer own ${file}`).toBe(200);
      expect(own.body, `customer own ${file}`).not.toContain(NOT_FOUND_HEADING);
    }
    if (c.global) continue;
    const others = await statusOf(customer, c.url(b), c, baseURL);
    expect(others.status, `customer, other organization ${file}`).toBe(404);
    if (c.stream) continue;
    const mixed = await statusOf(customer, c.url(aWithBIds), c, baseURL);
    expect(mixed.body, `customer, own org with another's ids ${file}`).not.toContain("someone@bravo.example");
    expect(mixed.body, `customer, own org with another's ids ${file}`).not.toContain("Bravo team");
  }
  await operator.close();
  await customer.close();
});
