import { removeE2eData } from "./e2e-database";

// Runs before Playwright stops the server (which it kills outright), so the run's database
// is dropped here rather than by the server on its way out.
export default async function globalTeardown(): Promise<void> {
  await removeE2eData(process.env.DATABASE_URL);
}
