// Operators: the people who sign in to the Admin Portal.
import { count, eq, sql } from "drizzle-orm";
import { z } from "zod";
import { pgErrorCode, type Executor } from "@/db/client";
import { operators, type Operator } from "@/db/schema";
import { recordAudit } from "@/lib/directory/audit";
import { isUuid } from "./scim-token";
import { MIN_PASSWORD_LENGTH, decoyHash, hashPassword, verifyPassword } from "./password";

export const operatorInputSchema = z.object({
  email: z.string().trim().toLowerCase().email("Enter a valid email address.").max(254),
  name: z.string().trim().max(100).optional().transform((v) => v || undefined),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(256, "Use at most 256 characters."),
});
export type OperatorInput = z.input<typeof operatorInputSchema>;

export class OperatorExistsError extends Error {
  constructor(email: string) {
    super(`An operator with the email ${email} already exists.`);
  }
}

export async function countOperators(db: Executor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(operators);
  return row?.n ?? 0;
}

/** First run is over once any operator exists: /setup is gone from then on. */
export async function isSetupDone(db: Executor): Promise<boolean> {
  return (await countOperators(db)) > 0;
}

export async function findOperatorByEmail(db: Executor, email: string): Promise<Operator | undefined> {
  const [row] = await db
    .select()
    .from(operators)
    .where(eq(sql`lower(${operators.email})`, email.trim().toLowerCase()))
    .limit(1);
  return row;
}

export async function findOperatorById(db: Executor, id: string): Promise<Operator | undefined> {
  if (!isUuid(id)) return undefined;
  const [row] = await db.select().from(operators).where(eq(operators.id, id)).limit(1);
  return row;
}

export async function createOperator(db: Executor, input: OperatorInput): Promise<Operator> {
  const { email, name, password } = operatorInputSchema.parse(input);
  const passwordHash = await hashPassword(password);
  try {
    return await db.transaction(async (tx) => {
      const [op] = await tx.insert(operators).values({ email, name, passwordHash }).returning();
      if (!op) throw new Error("insert returned no row");
      await recordAudit(tx, {
        actor: { type: "system" },
        action: "operator.created",
        target: { type: "operator", id: op.id },
        data: { email },
      });
      return op;
    });
  } catch (error) {
    if (pgErrorCode(error) === "23505") throw new OperatorExistsError(email);
    throw error;
  }
}

/**
 * Creates the first operator, but only while there is none: /setup and the env seed both
 * go through here, and a lock makes two racing first-run requests create one operator.
 */
export async function createFirstOperator(db: Executor, input: OperatorInput): Promise<Operator | undefined> {
  const parsed = operatorInputSchema.parse(input);
  const passwordHash = await hashPassword(parsed.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(7412001)`);
    const [row] = await tx.select({ n: count() }).from(operators);
    if ((row?.n ?? 0) > 0) return undefined;
    const [op] = await tx
      .insert(operators)
      .values({ email: parsed.email, name: parsed.name, passwordHash })
      .returning();
    await recordAudit(tx, {
      actor: { type: "system" },
      action: "operator.created",
      target: { type: "operator", id: op?.id },
      data: { email: parsed.email, firstRun: true },
    });
    return op;
  });
}

/** Email + password check; takes as long for an unknown email as for a wrong password. */
export async function authenticateOperator(db: Executor, email: string, password: string): Promise<Operator | undefined> {
  const op = await findOperatorByEmail(db, email);
  if (!op?.passwordHash) {
    await verifyPassword(password, await decoyHash());
    return undefined;
  }
  if (!(await verifyPassword(password, op.passwordHash))) return undefined;
  await db.update(operators).set({ lastSignInAt: new Date() }).where(eq(operators.id, op.id));
  return op;
}

/**
 * An OIDC sign-in: an existing operator with that email, or a new one when the email's
 * domain is allowed by ROSTER_OIDC_ALLOWED_DOMAINS.
 */
export async function operatorForOidc(
  db: Executor,
  email: string,
  name: string | undefined,
  allowedDomains: readonly string[],
): Promise<Operator | undefined> {
  const normalized = email.trim().toLowerCase();
  const existing = await findOperatorByEmail(db, normalized);
  if (existing) {
    await db.update(operators).set({ lastSignInAt: new Date() }).where(eq(operators.id, existing.id));
    return existing;
  }
  const domain = normalized.split("@")[1] ?? "";
  if (!allowedDomains.includes(domain)) return undefined;
  const [op] = await db
    .insert(operators)
    .values({ email: normalized, name, lastSignInAt: new Date() })
    .onConflictDoNothing()
    .returning();
  return op ?? (await findOperatorByEmail(db, normalized));
}

/** ROSTER_ADMIN_EMAIL / ROSTER_ADMIN_PASSWORD: seed one operator at start-up if absent. */
export async function seedOperatorFromEnv(db: Executor, email: string | undefined, password: string | undefined): Promise<void> {
  if (!email || !password) return;
  if (await findOperatorByEmail(db, email)) return;
  try {
    await createOperator(db, { email, password });
  } catch (error) {
    if (!(error instanceof OperatorExistsError)) throw error;
  }
}
