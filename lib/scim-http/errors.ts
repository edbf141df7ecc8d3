// The SCIM edge's one mapping of domain errors (lib/directory/errors.ts) to RFC 7644 §3.12
// errors. The route pipeline and Bulk both call it, so an operation fails the same way alone
// and inside a BulkRequest. Anything else is not an expected error: undefined.
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
  return undefined;
}
