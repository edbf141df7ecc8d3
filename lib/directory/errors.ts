// The domain's own errors. Stores in lib/directory throw these, never a protocol's error:
// each edge maps them once — lib/scim-http to RFC 7644 §3.12 error bodies, lib/api to the
// REST API's {"error": {...}} — so the same conflict is a SCIM 409 `uniqueness` on one
// edge and a REST 409 `conflict` on the other.
export type DirectoryErrorKind =
  /** A uniqueness rule was broken (a userName or group name already taken). */
  | "conflict"
  /** The resource does not exist in this directory. */
  | "not_found"
  /** The caller's expected version (If-Match) is not the current one. */
  | "precondition_failed"
  /** A referenced resource (a group member) does not exist in this directory. */
  | "invalid_reference"
  /** The change lost to a concurrent one (deadlock, serialization) even after retrying. */
  | "retry"
  /** A feed or page cursor that this service did not issue. */
  | "invalid_cursor"
  /** A feed cursor older than the event retention: events after it may be gone. */
  | "cursor_expired";

export class DirectoryError extends Error {
  constructor(
    readonly kind: DirectoryErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "DirectoryError";
  }
}
