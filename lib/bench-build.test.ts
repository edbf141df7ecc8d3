// The benchmark's fixed-response route (app/api/scim/bench-fixed/…/route.bench.ts) exists only
// in the benchmark's own build: next.config.ts makes `*.bench.ts` a route file and builds into
// `.next-bench` only when ROSTER_BENCH_BUILD=1. The production build must never contain it.
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";

async function loadConfig() {
  vi.resetModules();
  const { default: config } = await import("@/next.config");
  return config;
}

describe("the benchmark-only route", () => {
  afterEach(() => {
    delete process.env.ROSTER_BENCH_BUILD;
  });

  it("is not a route of the production build", async () => {
    delete process.env.ROSTER_BENCH_BUILD;
    const config = await loadConfig();
    expect(config.distDir).toBe(".next");
    expect(config.pageExtensions).toEqual(["tsx", "ts"]);
    // Next matches route files as `route.<extension>`: with only tsx/ts, `route.bench.ts` is none.
    const file = path.join(process.cwd(), "app/api/scim/bench-fixed/v2/[...path]/route.bench.ts");
    expect(fs.existsSync(file)).toBe(true);
    expect(config.pageExtensions?.some((ext) => path.basename(file) === `route.${ext}`)).toBe(false);
  });

  it("is one in the benchmark's build, which lives in a folder of its own", async () => {
    process.env.ROSTER_BENCH_BUILD = "1";
    const config = await loadConfig();
    expect(config.distDir).toBe(".next-bench");
    expect(config.pageExtensions?.some((ext) => `route.${ext}` === "route.bench.ts")).toBe(true);
  });
});
