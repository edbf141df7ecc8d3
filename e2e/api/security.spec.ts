// Portal and API hardening through the production server: security headers on pages and
// APIs (HSTS only when the client came over HTTPS), and server actions refused when posted
// from another site (Next.js compares Origin with Host before it runs any action).
import { expect, test } from "@playwright/test";
import { createTestDirectory } from "../support/api";

test("pages carry the CSP and security headers; HSTS only over HTTPS", async ({ request }) => {
  const page = await request.get("/login");
  expect(page.status()).toBe(200);
  const headers = page.headers();
  const csp = headers["content-security-policy"] ?? "";
  for (const directive of ["default-src 'self'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "frame-ancestors "]) {
    expect(csp).toContain(directive);
  }
  // Production never allows eval.
  expect(csp).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
  expect(headers["strict-transport-security"]).toBeUndefined();

  const overHttps = await request.get("/login", { headers: { "x-forwarded-proto": "https" } });
  expect(overHttps.headers()["strict-transport-security"]).toMatch(/max-age=\d{7,}/);
});

test("SCIM and REST answers carry nosniff too, and no cache may keep them", async ({ request }) => {
  const dir = await createTestDirectory(request, "okta");
  const scim = await request.get(`/api/scim/${dir.directoryId}/v2/Users`, { headers: { authorization: `Bearer ${dir.token}` } });
  expect(scim.status()).toBe(200);
  expect(scim.headers()["x-content-type-options"]).toBe("nosniff");
  expect(scim.headers()["cache-control"]).toContain("no-store");
  const rest = await request.get("/api/v1/organizations");
  expect(rest.status()).toBe(401);
  expect(rest.headers()["x-content-type-options"]).toBe("nosniff");
  // A portal link keeps its own, stricter referrer policy: its URL is a credential.
  const link = await request.get("/portal/link/rst_pl_unknown", { maxRedirects: 0 });
  expect(link.headers()["referrer-policy"]).toBe("no-referrer");
});

/** The hidden fields of the sign-in form: what a browser posts without JavaScript (and a forged form would). */
function hiddenFields(html: string): Record<string, string> {
  const unescape = (v: string) => v.replace(/&quot;/g, '"').replace(/&#x27;/g, "'").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");
  const fields: Record<string, string> = {};
  for (const [input] of html.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
    const name = /name="([^"]*)"/.exec(input)?.[1];
    if (name) fields[unescape(name)] = unescape(/value="([^"]*)"/.exec(input)?.[1] ?? "");
  }
  return fields;
}

test("a server action posted from another origin is refused before it runs", async ({ request, baseURL }) => {
  // The sign-in form is a server action; the page carries its reference for browsers
  // without JavaScript, which is also what a forged cross-site form would post.
  const fields = hiddenFields(await (await request.get("/login")).text());
  expect(Object.keys(fields).some((k) => k.startsWith("$ACTION")), "server action fields on /login").toBe(true);
  // Whether the action ran is visible through the sign-in throttle: every run of it with a
  // wrong password counts a failure for the account (10 per window close it, README).
  const email = `csrf-${Date.now()}@example.com`;
  const postForm = (origin: string) =>
    request.post("/login", { headers: { origin }, multipart: { ...fields, email, password: "wrong password" }, maxRedirects: 0 });
  const signInCode = async () => {
    const { csrfToken } = (await (await request.get("/api/auth/csrf")).json()) as { csrfToken: string };
    const res = await request.post("/api/auth/callback/credentials", {
      form: { email, password: "wrong password", csrfToken, callbackUrl: "/orgs" },
      maxRedirects: 0,
    });
    return new URL(res.headers().location ?? "", baseURL).searchParams.get("code");
  };

  for (let i = 0; i < 12; i++) {
    const crossSite = await postForm("https://evil.example");
    expect(await crossSite.text()).not.toContain("do not match");
  }
  // Twelve cross-site posts, and the account has not failed once: none of them ran.
  expect(await signInCode()).toBe("credentials");

  const sameSite = await postForm(baseURL!);
  expect(await sameSite.text()).toContain("do not match");
  for (let i = 0; i < 11; i++) await postForm(baseURL!);
  // The same posts from the site itself did run: the account is throttled now.
  expect(await signInCode()).toBe("rate_limited");
});
