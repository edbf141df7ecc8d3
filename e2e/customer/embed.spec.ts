// The SaaS application shows the portal inside its own page. A page on another local origin
// (localhost, allowed by ROSTER_PORTAL_FRAME_ANCESTORS in scripts/e2e-server.ts) frames a
// portal link and receives the portal's postMessage events; the same page on an origin not
// in the list (127.0.0.1) is refused framing.
import http from "node:http";
import { type Page, expect, test } from "@playwright/test";
import { scim } from "../portal/portal-helpers";
import { createPortalLink, newOrganization, operatorContext } from "./customer-helpers";

const EMBED_PORT = Number(process.env.ROSTER_E2E_EMBED_PORT);

// The application's page: a 900 px iframe and a log of the messages it receives.
const PARENT_PAGE = `<!doctype html><html lang="en"><head><title>Hero SaaS settings</title></head><body>
<h1>Hero SaaS · SSO settings</h1>
<iframe id="portal" title="Admin Portal" width="900" height="800" style="border:0"></iframe>
<script>
  window.rosterMessages = [];
  window.addEventListener("message", (event) => window.rosterMessages.push({ origin: event.origin, data: event.data }));
  document.getElementById("portal").src = new URLSearchParams(location.search).get("src");
</script></body></html>`;

let server: http.Server;

test.beforeAll(async () => {
  server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    res.end(PARENT_PAGE);
  });
  await new Promise<void>((resolve) => server.listen(EMBED_PORT, resolve));
});

test.afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

type Received = { origin: string; data: { type: string; [key: string]: unknown } };

async function messages(page: Page): Promise<Received[]> {
  return page.evaluate(() => (window as unknown as { rosterMessages: Received[] }).rosterMessages);
}

async function expectMessage(page: Page, type: string): Promise<Received> {
  await expect.poll(async () => (await messages(page)).map((m) => m.data.type), { timeout: 10_000 }).toContain(type);
  return (await messages(page)).find((m) => m.data.type === type)!;
}

test("an allowed origin embeds the portal and hears ready, configured, first request and session expired", async ({ page, request, browser, baseURL }) => {
  test.setTimeout(120_000);
  const org = await newOrganization(request, "Framed");
  const link = await createPortalLink(request, org.id, { returnUrl: `http://localhost:${EMBED_PORT}/` });
  await page.goto(`http://localhost:${EMBED_PORT}/?src=${encodeURIComponent(link.url)}`);
  const frame = page.frameLocator("#portal");

  const ready = await expectMessage(page, "roster:ready");
  expect(ready.origin).toBe(new URL(baseURL!).origin);
  expect(ready.data).toMatchObject({ organization: { slug: org.slug, name: org.name } });
  await expect(frame.getByRole("heading", { level: 1, name: org.name })).toBeVisible();

  // The layout fits the 900 px frame: nothing wider than the frame, no sideways scrolling.
  const portalFrame = page.frames().find((f) => f.url().startsWith(`${baseURL}/orgs/`));
  expect(await portalFrame!.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(900);

  await frame.getByRole("radio", { name: "PingIdentity" }).check();
  await frame.getByRole("button", { name: "Configure" }).click();
  const endpoint = frame.getByRole("textbox", { name: "Endpoint URL" });
  await expect(endpoint).toHaveValue(/\/api\/scim\/[0-9a-f-]{36}\/v2$/);
  const token = await frame.getByRole("textbox", { name: "Bearer token" }).inputValue();
  const configured = await expectMessage(page, "roster:directory.configured");
  expect(configured.data).toMatchObject({ organization: { slug: org.slug }, directory: { provider: "pingone" } });
  expect(await portalFrame!.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(900);

  const probe = await scim(request, { endpointUrl: await endpoint.inputValue(), token }, "GET", "/Users?count=1", undefined, { "user-agent": "PingOne" });
  expect(probe.status).toBe(200);
  const first = await expectMessage(page, "roster:directory.first_request");
  expect(first.data).toMatchObject({ request: { method: "GET", status: 200 } });
  // Live refreshes re-render the page; they do not announce it again.
  expect((await messages(page)).filter((m) => m.data.type === "roster:ready")).toHaveLength(1);

  // The operator ends the session; the admin's next click in the frame reports it.
  const operator = await operatorContext(browser, baseURL);
  const opPage = await operator.newPage();
  await opPage.goto(`/orgs/${org.slug}/scim`);
  await opPage.getByRole("table", { name: "Portal sessions" }).getByRole("button", { name: "End session" }).click();
  await opPage.getByRole("dialog").getByRole("button", { name: "End session" }).click();
  await expect(opPage.getByRole("table", { name: "Portal sessions" })).toContainText("Ended by an operator");
  await operator.close();
  await frame.getByRole("navigation", { name: "Organization" }).getByRole("link", { name: "Users" }).click();
  await expect(frame.getByRole("heading", { name: "Your session has ended" })).toBeVisible();
  await expectMessage(page, "roster:session.expired");

  // Every message came from Roster, to this origin only.
  expect(new Set((await messages(page)).map((m) => m.origin))).toEqual(new Set([new URL(baseURL!).origin]));
});

test("an origin that is not allowed is refused framing", async ({ page, request, baseURL }) => {
  const org = await newOrganization(request, "Unframed");
  const link = await createPortalLink(request, org.id);
  const portal = await request.get(`/portal/expired`);
  // The page CSP (proxy.ts) ends with the allowed parents.
  expect(portal.headers()["content-security-policy"]).toContain(`frame-ancestors http://localhost:${EMBED_PORT}`);
  // The operators' sign-in is never embedded, whoever may frame the portal.
  expect((await request.get("/login")).headers()["content-security-policy"]).toContain("frame-ancestors 'none'");

  await page.goto(`http://127.0.0.1:${EMBED_PORT}/?src=${encodeURIComponent(link.url)}`);
  const iframe = page.locator("#portal");
  await expect(iframe).toBeVisible();
  // Chromium replaces a refused frame with its error page: no portal document ever loads.
  await expect.poll(() => page.frames().map((f) => f.url()), { timeout: 10_000 }).toContain("chrome-error://chromewebdata/");
  expect(page.frames().some((f) => f.url().startsWith(`${baseURL}/orgs/`))).toBe(false);
  expect(await messages(page)).toEqual([]);
});
