// The only reader of process.env. Everything else asks this module, so that a bad value
// fails once, at start-up, with a message that names the variable.
import path from "node:path";
import { z } from "zod";

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

const schema = z.object({
  DATABASE_URL: optionalString.pipe(z.string().url("DATABASE_URL must be a postgres:// URL").optional()),
  ROSTER_DATA_DIR: optionalString,
  APP_URL: optionalString.pipe(z.string().url("APP_URL must be an absolute URL").optional()),
  AUTH_SECRET: optionalString,
  ROSTER_ADMIN_EMAIL: optionalString.pipe(z.string().email("ROSTER_ADMIN_EMAIL must be an email").optional()),
  ROSTER_ADMIN_PASSWORD: optionalString,
  ROSTER_OIDC_ISSUER: optionalString.pipe(z.string().url("ROSTER_OIDC_ISSUER must be a URL").optional()),
  ROSTER_OIDC_CLIENT_ID: optionalString,
  ROSTER_OIDC_CLIENT_SECRET: optionalString,
  ROSTER_OIDC_NAME: optionalString,
  ROSTER_OIDC_ALLOWED_DOMAINS: optionalString,
  ROSTER_REQUEST_LOG_RETENTION_DAYS: z.coerce.number<string | undefined>().int().min(1).max(365).optional(),
  ROSTER_EVENT_RETENTION_DAYS: z.coerce.number<string | undefined>().int().min(1).max(3650).optional(),
  ROSTER_DB_POOL_SIZE: z.coerce.number<string | undefined>().int().min(1).max(200).optional(),
  PORT: z.coerce.number<string | undefined>().int().min(1).max(65535).optional(),
  ROSTER_HOST: optionalString,
  ROSTER_BOOTSTRAP_API_KEY: optionalString,
  ROSTER_PORTAL_SESSION_MINUTES: z.coerce.number<string | undefined>().int().min(5).max(1440).optional(),
  ROSTER_PORTAL_FRAME_ANCESTORS: optionalString,
  ROSTER_APP_NAME: optionalString.pipe(z.string().max(60, "ROSTER_APP_NAME: use at most 60 characters").optional()),
  ROSTER_APP_LOGO_URL: optionalString.pipe(z.url({ protocol: /^https?$/, error: "ROSTER_APP_LOGO_URL must be an http(s) URL" }).optional()),
  ROSTER_ACCENT_COLOR: optionalString.pipe(
    z.string().regex(/^#[0-9a-fA-F]{6}$/, "ROSTER_ACCENT_COLOR must be a colour like #4f46e5").optional(),
  ),
  ROSTER_OAUTH_TOKEN_LIFETIME_SECONDS: z.coerce.number<string | undefined>().int().min(60).max(86_400).optional(),
  ROSTER_ENCRYPTION_KEY: optionalString.pipe(
    z
      .string()
      .regex(/^[A-Za-z0-9+/_=-]{43,}$/, "ROSTER_ENCRYPTION_KEY must be 32 random bytes, base64 (openssl rand -base64 32)")
      .optional(),
  ),
  CRON_SECRET: optionalString.pipe(z.string().min(16, "CRON_SECRET must be at least 16 characters").optional()),
  ROSTER_WEBHOOK_RETRY_SCHEDULE: optionalString.pipe(
    z
      .string()
      .regex(/^\s*\d+(\.\d+)?(\s*,\s*\d+(\.\d+)?)*\s*$/, "ROSTER_WEBHOOK_RETRY_SCHEDULE must be comma-separated seconds, e.g. 5,300,1800")
      .optional(),
  ),
  ROSTER_WEBHOOK_TIMEOUT_MS: z.coerce.number<string | undefined>().int().min(100).max(60_000).optional(),
  ROSTER_WEBHOOK_DISABLE_AFTER_HOURS: z.coerce.number<string | undefined>().min(0.001).max(24 * 90).optional(),
  ROSTER_WEBHOOK_ALLOW_PRIVATE: z.enum(["true", "false", ""]).optional(),
  ROSTER_WEBHOOK_WORKER: z.enum(["on", "off", ""]).optional(),
  // Set by Vercel on its functions: no process lives between requests there, so no worker.
  VERCEL: optionalString,
  ROSTER_RATE_LIMIT_WINDOW_SECONDS: z.coerce.number<string | undefined>().int().min(1).max(3600).optional(),
  ROSTER_RATE_LIMIT_PER_TOKEN: z.coerce.number<string | undefined>().int().min(0).optional(),
  ROSTER_RATE_LIMIT_PER_IP: z.coerce.number<string | undefined>().int().min(0).optional(),
  ROSTER_AUTH_FAILURE_WINDOW_SECONDS: z.coerce.number<string | undefined>().int().min(1).max(86400).optional(),
  ROSTER_AUTH_FAILURE_LIMIT: z.coerce.number<string | undefined>().int().min(0).optional(),
  ROSTER_SIGNIN_FAILURE_LIMIT: z.coerce.number<string | undefined>().int().min(0).optional(),
  ROSTER_TRUST_PROXY: optionalString.pipe(z.enum(["true", "false", "1", "0"], "ROSTER_TRUST_PROXY must be true or false").optional()),
  NODE_ENV: z.enum(["development", "production", "test"]).optional(),
});

/**
 * Request budgets (lib/auth/rate-limit.ts). 0 turns a limit off. Defaults and the
 * arithmetic behind them: README "Security and reliability".
 */
export type RateLimits = {
  /** Fixed window of the request limits. */
  windowSeconds: number;
  /** Requests per window with one SCIM token or API key. */
  perToken: number;
  /** Requests per window from one client IP, whatever the credential. */
  perIp: number;
  /** Window of the failure counters below. */
  failureWindowSeconds: number;
  /** Failed authentications (bad SCIM tokens, API keys, passwords) per client IP and window (per directory on SCIM; ten times that for the IP as a whole). */
  authFailuresPerIp: number;
  /** Failed sign-ins per operator email and window, from any IP. */
  signInFailuresPerAccount: number;
};

export type Env = {
  databaseUrl: string | undefined;
  dataDir: string;
  appUrl: string | undefined;
  authSecret: string | undefined;
  adminEmail: string | undefined;
  adminPassword: string | undefined;
  oidc:
    | { issuer: string; clientId: string; clientSecret: string; name: string; allowedDomains: string[] }
    | undefined;
  requestLogRetentionDays: number;
  eventRetentionDays: number;
  dbPoolSize: number;
  isProduction: boolean;
  port: number;
  hostname: string;
  bootstrapApiKey: string | undefined;
  /** How long a customer admin's portal session lasts after the link is opened. */
  portalSessionMinutes: number;
  /** Origins allowed to frame the portal (CSP frame-ancestors); empty refuses framing. */
  portalFrameAncestors: string[];
  /** Branding defaults; the operator's settings override them. */
  branding: { applicationName: string | undefined; logoUrl: string | undefined; accentColor: string | undefined };
  /** Lifetime of an OAuth 2 client-credentials access token for SCIM (RFC 6749 §4.4). */
  oauthTokenLifetimeSeconds: number;
  encryptionKey: string | undefined;
  cronSecret: string | undefined;
  webhooks: {
    /** Seconds to wait before each retry after the first attempt fails. */
    retryScheduleSeconds: number[];
    timeoutMs: number;
    /** How long an endpoint may fail every attempt before it is disabled. */
    disableAfterMs: number;
    allowPrivate: boolean;
    /** Whether the server process runs the delivery worker (off on Vercel, where the cron route delivers). */
    isWorkerEnabled: boolean;
  };
  rateLimits: RateLimits;
  /**
   * Whether X-Forwarded-For names the client (behind a load balancer or a platform such as
   * Vercel that sets it). Otherwise the client is the TCP peer that lib/scim-http/node-server saw.
   */
  trustProxy: boolean;
};

/**
 * The default retry schedule, in seconds after each failed attempt: 5 s, 5 min, 30 min,
 * 2 h, 5 h, 10 h, 10 h, 10 h — nine attempts over about 37.6 hours (each delay ±20%
 * jitter, so never less than 30 hours).
 */
export const DEFAULT_WEBHOOK_RETRY_SCHEDULE = [5, 300, 1800, 7200, 18_000, 36_000, 36_000, 36_000];

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = schema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid environment:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  const oidcParts = [e.ROSTER_OIDC_ISSUER, e.ROSTER_OIDC_CLIENT_ID, e.ROSTER_OIDC_CLIENT_SECRET];
  if (oidcParts.some(Boolean) && !oidcParts.every(Boolean)) {
    throw new Error(
      "Invalid environment: ROSTER_OIDC_ISSUER, ROSTER_OIDC_CLIENT_ID and ROSTER_OIDC_CLIENT_SECRET go together",
    );
  }
  if (e.ROSTER_ADMIN_EMAIL && !e.ROSTER_ADMIN_PASSWORD) {
    throw new Error("Invalid environment: ROSTER_ADMIN_EMAIL needs ROSTER_ADMIN_PASSWORD");
  }
  cached = {
    databaseUrl: e.DATABASE_URL,
    dataDir: e.ROSTER_DATA_DIR?.startsWith("memory://") ? "memory://" : path.resolve(/*turbopackIgnore: true*/ e.ROSTER_DATA_DIR ?? ".data"),
    appUrl: e.APP_URL?.replace(/\/+$/, ""),
    authSecret: e.AUTH_SECRET,
    adminEmail: e.ROSTER_ADMIN_EMAIL?.toLowerCase(),
    adminPassword: e.ROSTER_ADMIN_PASSWORD,
    oidc:
      e.ROSTER_OIDC_ISSUER && e.ROSTER_OIDC_CLIENT_ID && e.ROSTER_OIDC_CLIENT_SECRET
        ? {
            issuer: e.ROSTER_OIDC_ISSUER,
            clientId: e.ROSTER_OIDC_CLIENT_ID,
            clientSecret: e.ROSTER_OIDC_CLIENT_SECRET,
            name: e.ROSTER_OIDC_NAME ?? "your identity provider",
            allowedDomains: (e.ROSTER_OIDC_ALLOWED_DOMAINS ?? "")
              .split(",")
              .map((d) => d.trim().toLowerCase())
              .filter(Boolean),
          }
        : undefined,
    requestLogRetentionDays: e.ROSTER_REQUEST_LOG_RETENTION_DAYS ?? 14,
    eventRetentionDays: e.ROSTER_EVENT_RETENTION_DAYS ?? 30,
    dbPoolSize: e.ROSTER_DB_POOL_SIZE ?? 10,
    isProduction: e.NODE_ENV === "production",
    port: e.PORT ?? 3000,
    hostname: e.ROSTER_HOST ?? "127.0.0.1",
    bootstrapApiKey: e.ROSTER_BOOTSTRAP_API_KEY,
    portalSessionMinutes: e.ROSTER_PORTAL_SESSION_MINUTES ?? 60,
    portalFrameAncestors: parseFrameAncestors(e.ROSTER_PORTAL_FRAME_ANCESTORS),
    branding: {
      applicationName: e.ROSTER_APP_NAME,
      logoUrl: e.ROSTER_APP_LOGO_URL,
      accentColor: e.ROSTER_ACCENT_COLOR?.toLowerCase(),
    },
    oauthTokenLifetimeSeconds: e.ROSTER_OAUTH_TOKEN_LIFETIME_SECONDS ?? 3600,
    encryptionKey: e.ROSTER_ENCRYPTION_KEY,
    cronSecret: e.CRON_SECRET,
    webhooks: {
      retryScheduleSeconds: e.ROSTER_WEBHOOK_RETRY_SCHEDULE
        ? e.ROSTER_WEBHOOK_RETRY_SCHEDULE.split(",").map((v) => Number(v.trim()))
        : DEFAULT_WEBHOOK_RETRY_SCHEDULE,
      timeoutMs: e.ROSTER_WEBHOOK_TIMEOUT_MS ?? 15_000,
      disableAfterMs: (e.ROSTER_WEBHOOK_DISABLE_AFTER_HOURS ?? 120) * 3_600_000,
      allowPrivate: e.ROSTER_WEBHOOK_ALLOW_PRIVATE === "true",
      isWorkerEnabled: e.ROSTER_WEBHOOK_WORKER ? e.ROSTER_WEBHOOK_WORKER === "on" : !e.VERCEL,
    },
    rateLimits: {
      windowSeconds: e.ROSTER_RATE_LIMIT_WINDOW_SECONDS ?? 60,
      perToken: e.ROSTER_RATE_LIMIT_PER_TOKEN ?? 120_000,
      perIp: e.ROSTER_RATE_LIMIT_PER_IP ?? 300_000,
      failureWindowSeconds: e.ROSTER_AUTH_FAILURE_WINDOW_SECONDS ?? 300,
      authFailuresPerIp: e.ROSTER_AUTH_FAILURE_LIMIT ?? 50,
      signInFailuresPerAccount: e.ROSTER_SIGNIN_FAILURE_LIMIT ?? 10,
    },
    trustProxy: e.ROSTER_TRUST_PROXY === "true" || e.ROSTER_TRUST_PROXY === "1",
  };
  return cached;
}

/**
 * "https://app.example.com, http://localhost:5173" → their origins. Each entry must be an
 * exact origin (scheme, host, optional port): a path or a wildcard would let more pages
 * frame the portal than the operator meant (and postMessage needs exact origins), so a
 * malformed entry fails start-up.
 */
export function parseFrameAncestors(raw: string | undefined): string[] {
  const entries = (raw ?? "").split(/[\s,]+/).filter(Boolean);
  return entries.map((entry) => {
    let url: URL;
    try {
      url = new URL(entry);
    } catch {
      throw new Error(`Invalid environment:\n  ROSTER_PORTAL_FRAME_ANCESTORS: "${entry}" is not an origin like https://app.example.com`);
    }
    // No wildcards: postMessage needs each parent's exact origin.
    const isExact = !url.hostname.includes("*") && url.origin === entry.replace(/\/+$/, "");
    if ((url.protocol !== "https:" && url.protocol !== "http:") || !isExact) {
      throw new Error(`Invalid environment:\n  ROSTER_PORTAL_FRAME_ANCESTORS: "${entry}" is not an origin like https://app.example.com`);
    }
    return url.origin;
  });
}
