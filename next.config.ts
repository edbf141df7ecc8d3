import type { NextConfig } from "next";

// `npm run bench` builds into a folder of its own, with one route more: a handler that answers
// a fixed SCIM response (app/api/scim/bench-fixed/…/route.bench.ts), the ceiling of the App
// Router that the benchmark measures Roster against. A `*.bench.ts` file is a route only in
// that build, so the production build (.next) never contains it.
const isBenchBuild = process.env.ROSTER_BENCH_BUILD === "1";

const nextConfig: NextConfig = {
  distDir: isBenchBuild ? ".next-bench" : ".next",
  pageExtensions: isBenchBuild ? ["bench.ts", "tsx", "ts"] : ["tsx", "ts"],
  // PGlite ships WASM and data files that must be loaded from node_modules at run time,
  // not bundled; postgres-js likewise stays a plain Node dependency.
  serverExternalPackages: ["@electric-sql/pglite", "postgres"],
  poweredByHeader: false,
  // The API reference page serves Scalar's browser bundle from node_modules at run time
  // (lib/api/reference-page.ts): make sure a traced deployment (Vercel, standalone) has it.
  outputFileTracingIncludes: {
    "/docs/api/reference.js": ["./node_modules/@scalar/api-reference/dist/browser/standalone.js"],
  },
  typedRoutes: false,
  // `npm run typecheck` (tsc --noEmit, run by CI) is the type gate; the production build that
  // `npm start` makes on a user's machine should not fail a second time on the same check.
  typescript: { ignoreBuildErrors: true },
  // Headers every response gets, pages and APIs alike (the page CSP is proxy.ts's, built at
  // run time). HSTS only where the client came over HTTPS: on plain http (local use, the
  // embedded default) it would be ignored at best, and a proxy that ends TLS says so in
  // X-Forwarded-Proto.
  headers() {
    const always = [
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), payment=()" },
    ];
    return Promise.resolve([
      { source: "/:path*", headers: always },
      // Not on /portal/link/{token}: its URL is a credential, and the route sends no-referrer
      // itself (a header from here would replace it).
      ...["/", "/:path((?!portal/link/).*)"].map((source) => ({
        source,
        headers: [{ key: "Referrer-Policy", value: "strict-origin-when-cross-origin" }],
      })),
      {
        source: "/:path*",
        has: [{ type: "header", key: "x-forwarded-proto", value: "https" }],
        headers: [{ key: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains" }],
      },
    ]);
  },
};

export default nextConfig;
