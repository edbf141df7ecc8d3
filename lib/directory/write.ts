// Every change to directory data goes through `writeTransaction`: one transaction for the
// change and its events, and the one place where Postgres constraint violations become
// domain errors (./errors), so that no store has to remember which code means what.
import { type SQL, sql } from "drizzle-orm";
import { PgTransaction } from "drizzle-orm/pg-core";
import { type Executor, type Tx, pgConstraint, pgErrorCode } from "@/db/client";
import { DirectoryError } from "./errors";

/** The identity of one directory, as every store binds it. */
export type DirectoryRef = { readonly id: string; readonly organizationId: string };

const UNIQUE_DETAIL: Record<string, string> = {
  directory_users_user_name_key: "A user with this userName already exists in this directory",
  directory_groups_display_name_key: "A group with this displayName already exists in this directory",
};

export function toDomainError(error: unknown): unknown {
  const code = pgErrorCode(error);
  if (code === "23505") {
    const constraint = pgConstraint(error) ?? "";
    return new DirectoryError("conflict", UNIQUE_DETAIL[constraint] ?? "The resource conflicts with an existing one");
  }
  if (code === "23503" && pgConstraint(error) === "role_mappings_group_fk") {
    // A group named in a role mapping was deleted before the mapping committed.
    return new DirectoryError("invalid_reference", "A group of the mapping no longer exists in this directory");
  }
  if (code === "23503" && pgConstraint(error) === "group_members_user_fk") {
    // A member that existed when the group change was checked was deleted before it
    // committed: the same answer as an unknown member id.
    return new DirectoryError("invalid_reference", "A member of the group does not exist in this directory");
  }
  // 40P01 (deadlock) and 40001 (serialization) are retried by writeTransaction; if they
  // still happen the client may retry too (RFC 7231 §6.6.4).
  if (code === "40P01" || code === "40001") {
    return new DirectoryError("retry", "The change conflicted with a concurrent one; retry it");
  }
  // lock_timeout (a role-set change waiting for running readers, lib/directory/roles.ts).
  if (code === "55P03") return new DirectoryError("retry", "The change waited too long for concurrent ones to finish; retry it");
  return error;
}

/**
 * Runs `fn` in a transaction (a savepoint when `executor` already is one). A top-level
 * transaction that lost a deadlock is retried: the loser's work was rolled back whole.
 */
export async function writeTransaction<T>(executor: Executor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  const isNested = executor instanceof PgTransaction;
  for (let attempt = 1; ; attempt++) {
    try {
      return await executor.transaction(fn);
    } catch (error) {
      const code = pgErrorCode(error);
      if (!isNested && (code === "40P01" || code === "40001") && attempt < 3) continue;
      throw toDomainError(error);
    }
  }
}

/**
 * Runs one statement that is a whole change (with its events, lib/directory/events.ts
 * writeWithEvents), with writeTransaction's error mapping and deadlock retry: a single
 * statement is atomic by itself, so it needs no transaction of its own.
 */
export async function writeStatement<T>(executor: Executor, run: (executor: Executor) => Promise<T>): Promise<T> {
  const isNested = executor instanceof PgTransaction;
  for (let attempt = 1; ; attempt++) {
    try {
      return await run(executor);
    } catch (error) {
      const code = pgErrorCode(error);
      if (!isNested && (code === "40P01" || code === "40001") && attempt < 3) continue;
      throw toDomainError(error);
    }
  }
}

/** Deep equality of JSON values, ignoring object key order (jsonb does not keep it). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== "object" || typeof b !== "object") return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => sameJson(v, b[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined);
  const bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => Object.hasOwn(bo, k) && sameJson(ao[k], bo[k]));
}

/**
 * The rows of directory_users for a set of ids (`ids`: a subquery of one uuid column), as a
 * FROM item (an id named twice is one row): each found by its primary key, driven by the
 * ids through LATERAL, so its cost follows the ids named, never the directory. The
 * `offset 0` keeps the lookup a subquery of its own: a plain LATERAL subquery is pulled up
 * into an ordinary join, which the planner may then turn into a scan of the directory.
 */
export function usersByIdSql(directoryId: string, ids: SQL): SQL {
  return sql`(select bid.* from (select distinct * from (${ids}) as named(id)) as wanted(id)
    cross join lateral (
      select * from directory_users where directory_id = ${directoryId}::uuid and id = wanted.id offset 0
    ) bid)`;
}

/** A Postgres uuid[] parameter. Callers pass only ids that passed isUuid. */
export function uuidArraySql(ids: readonly string[]) {
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/**
 * The client's precondition on the version: a number, or a predicate (an If-Match list).
 * Undefined means unconditional.
 */
export type VersionCondition = number | ((version: number) => boolean) | undefined;

/** Throws precondition_failed when the client's If-Match names another version (RFC 7644 §3.14). */
export function checkVersion(current: number, expected: VersionCondition): void {
  const isMet = expected === undefined || (typeof expected === "number" ? expected === current : expected(current));
  if (!isMet) {
    throw new DirectoryError("precondition_failed", "The resource has changed since the version given in If-Match");
  }
}
