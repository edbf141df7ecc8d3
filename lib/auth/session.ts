// Every portal page and server action calls one of these: the proxy only redirects
// optimistically, the real check is here, on the server, against the database.
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { type Operator } from "@/db/schema";
import { auth } from "./config";
import { findOperatorById } from "./operators";

/** The signed-in operator, or undefined (session missing, expired, or operator deleted). */
export async function currentOperator(): Promise<Operator | undefined> {
  const session = await auth();
  const id = session?.user?.id;
  if (!id) return undefined;
  return findOperatorById(await getDb(), id);
}

/** For pages: the operator, or a redirect to the sign-in page. */
export async function requireOperator(): Promise<Operator> {
  const op = await currentOperator();
  if (!op) redirect("/login");
  return op;
}

export class UnauthorizedError extends Error {
  constructor() {
    super("Your session has ended. Sign in again.");
  }
}

/** For server actions and route handlers: the operator, or an error the caller turns into a response. */
export async function operatorOrThrow(): Promise<Operator> {
  const op = await currentOperator();
  if (!op) throw new UnauthorizedError();
  return op;
}
