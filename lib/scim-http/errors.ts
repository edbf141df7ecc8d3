// The SCIM edge's one mapping of domain errors (lib/directory/errors.ts) to RFC 7644 §3.12
// errors. The route pipeline and Bulk both call it, so an operation fails the same way alone
// and inside a BulkRequest. Anything else is not an expected error: undefined.
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from "@/db/client";
import { RateLimitedError } from "@/lib/auth/rate-limit";
import { DirectoryError, type DirectoryErrorKind } from "@/lib/directory/errors";
import { ScimError } from "@/lib/scim/errors";

const STATUS: Record<DirectoryErrorKind, [number, ScimError["scimType"]]> = {
  conflict: [409, "uniqueness"],
  not_found: [404, undefined],
  precondition_failed: [412, undefined],
  invalid_reference: [400, "invalidValue"],
  // RFC 7231 §6.6.4: the client may retry.
  retry: [503, undefined],
  invalid_cursor: [400, "invalidCursor"],
  cursor_expired: [400, "expiredCursor"],
};

export function asScimError(error: unknown): ScimError | undefined {
  if (error instanceof ScimError) return error;
  if (error instanceof DirectoryError) {
    const [status, scimType] = STATUS[error.kind];
    return new ScimError(status, scimType, error.message);
  }
  // RFC 6585 §4; RFC 7644 defines no scimType for it.
  if (error instanceof RateLimitedError) return new ScimError(429, undefined, error.message);
  if (isDatabaseUnavailable(error)) {
    return new ScimError(503, undefined, "The service cannot reach its database right now; retry later.");
  }
  return undefined;
}

/** The Retry-After (RFC 7231 §7.1.3) an error's answer carries, in seconds, if any. */
export function retryAfterOf(error: unknown): number | undefined {
  if (error instanceof RateLimitedError) return error.retryAfterSeconds;
  if (isDatabaseUnavailable(error)) return DATABASE_RETRY_AFTER_SECONDS;
  if (error instanceof DirectoryError && error.kind === "retry") return 1;
  return undefined;
}
