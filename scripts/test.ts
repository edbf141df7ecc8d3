// `npm test`: unit and integration tests (Vitest), then end-to-end tests (Playwright).
// Integration tests use DATABASE_URL when set, the embedded database otherwise.
import { spawnSync } from "node:child_process";

function step(title: string, command: string, args: string[]): boolean {
  console.log(`\n=== ${title} ===\n`);
  const result = spawnSync(command, args, { stdio: "inherit", env: process.env });
  return result.status === 0;
}

const passUnit = step("Unit and integration tests (Vitest)", "npx", ["vitest", "run"]);
const passE2e = step("End-to-end tests (Playwright)", "npx", ["playwright", "test", ...process.argv.slice(2)]);
const failed = [!passUnit && "vitest", !passE2e && "playwright"].filter(Boolean);
if (failed.length > 0) {
  console.error(`\nFAILED: ${failed.join(", ")}`);
  process.exit(1);
}
console.log("\nAll test suites passed.");
