import { defineConfig } from "drizzle-kit";

// Generation only needs the schema; `npm run db:migrate` applies the output to whichever
// database the app would use (DATABASE_URL, or the embedded one).
export default defineConfig({
  dialect: "postgresql",
  schema: "./db/schema.ts",
  out: "./db/migrations",
  strict: true,
  verbose: true,
});
