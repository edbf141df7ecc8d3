import path from "node:path";
import { defineConfig } from "vitest/config";

const alias = { "@": path.resolve(import.meta.dirname) };

// unit: pure code, no database. integration: the domain layer and route handlers against
// DATABASE_URL when set, otherwise a throw-away embedded database per worker.
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: ["lib/**/*.test.ts", "db/**/*.test.ts"],
          exclude: ["**/*.int.test.ts", "node_modules/**"],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["**/*.int.test.ts"],
          exclude: ["node_modules/**", ".next/**"],
          environment: "node",
          setupFiles: ["./test/integration-setup.ts"],
          globalSetup: ["./test/integration-global-setup.ts"],
          // next-auth imports "next/server" without an extension, which Node's ESM loader
          // refuses; inlined, Vite resolves it (lib/auth/rate-limit.int.test.ts signs in).
          server: { deps: { inline: ["next-auth"] } },
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
