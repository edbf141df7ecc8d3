import fs from "node:fs";
import { defineConfig, type Project } from "@playwright/test";

// One server for the whole run, on a database of its own (scripts/e2e-server.ts).
// Values set on process.env here are inherited by the workers, so they agree on them.
const PORT = Number(process.env.ROSTER_E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${PORT}`;
process.env.ROSTER_E2E_RUN ??= `${Date.now()}${Math.floor(Math.random() * 1000)}`;
process.env.ROSTER_E2E_API_KEY ??= `rst_key_e2e${process.env.ROSTER_E2E_RUN}${Math.random().toString(36).slice(2)}`;
process.env.ROSTER_E2E_BASE_URL = baseURL;
// The server's CRON_SECRET: specs run the periodic maintenance through /api/cron/webhooks,
// authenticated as a scheduler is in production.
process.env.ROSTER_E2E_CRON_SECRET ??= `cron-e2e${process.env.ROSTER_E2E_RUN}${Math.random().toString(36).slice(2)}`;
// The page that embeds the portal in e2e/customer/embed.spec.ts: another origin (localhost,
// not 127.0.0.1), allowed by the server's ROSTER_PORTAL_FRAME_ANCESTORS.
process.env.ROSTER_E2E_EMBED_PORT ??= String(PORT + 50);

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const hasBrowser = fs.existsSync(chromiumPath);
if (!hasBrowser) {
  if (process.env.CI) throw new Error(`No Chromium at ${chromiumPath}: browser specs must run in CI.`);
  console.warn(
    `\n${"!".repeat(78)}\n  No Chromium at ${chromiumPath} (set CHROMIUM_PATH): SKIPPING every browser spec.\n` +
      `  Install it (apt-get install chromium) to run the portal specs.\n${"!".repeat(78)}\n`,
  );
}

const browserUse = {
  baseURL,
  launchOptions: {
    executablePath: chromiumPath,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
  viewport: { width: 1360, height: 900 },
  screenshot: "only-on-failure" as const,
  trace: "retain-on-failure" as const,
};

const browserProjects: Project[] = [
  // First run: /setup creates the first operator, who signs in, creates an org, signs out.
  { name: "foundation", testDir: "e2e/foundation", use: browserUse },
  { name: "oidc", testDir: "e2e/oidc", dependencies: ["foundation"], use: browserUse },
  { name: "auth", testDir: "e2e", testMatch: /auth\.setup\.ts/, dependencies: ["foundation"], use: browserUse },
  // A customer's IT admin: no operator session, arrives through a portal link. Depends on
  // "auth" only because some specs also act as the operator, in a context of their own.
  { name: "customer", testDir: "e2e/customer", dependencies: ["auth"], use: browserUse },
  {
    name: "portal",
    testDir: "e2e/portal",
    dependencies: ["auth"],
    use: { ...browserUse, storageState: "test-results/.auth/operator.json" },
  },
];

export default defineConfig({
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // One spec at a time: the onboarding spec's "appears within 2 seconds" is a promise about
  // a server that is not also seeding 10,000 users for another spec on a 2-core machine.
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: process.env.CI ? [["list"], ["html", { open: "never" }]] : [["list"]],
  outputDir: "test-results/artifacts",
  globalTeardown: "./e2e/support/global-teardown.ts",
  projects: [
    ...(hasBrowser ? browserProjects : []),
    {
      name: "api",
      testDir: "e2e",
      testMatch: ["scim/**/*.spec.ts", "api/**/*.spec.ts"],
      // After the first-run spec, which needs the brand-new database to itself.
      dependencies: hasBrowser ? ["foundation"] : [],
      use: { baseURL },
    },
  ],
  webServer: {
    command: "npx tsx scripts/e2e-server.ts",
    url: `${baseURL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    env: { ROSTER_E2E_PORT: String(PORT), ROSTER_E2E_EMBED_PORT: process.env.ROSTER_E2E_EMBED_PORT },
  },
});
