// The first operator, created through /setup by the foundation spec and reused by the rest.
export const FIRST_OPERATOR = {
  name: "Olivia Operator",
  email: "olivia@roster.test",
  password: "correct-horse-battery-staple",
};

export const STORAGE_STATE = "test-results/.auth/operator.json";

export function e2eApiKey(): string {
  const key = process.env.ROSTER_E2E_API_KEY;
  if (!key) throw new Error("ROSTER_E2E_API_KEY is set by playwright.config.ts");
  return key;
}
