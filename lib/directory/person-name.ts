// One way of naming a person, everywhere Roster shows or sends one: the formatted name, else
// the given and family names, else the display name, else the userName. PingOne's default
// mapping sends given and family names but no displayName; Entra sends displayName too.
// personNameSql (./payloads) is the same rule in SQL, for payloads built in the database;
// a test holds the two to the same answers.
export type NameFields = {
  userName: string;
  displayName?: string | null | undefined;
  givenName?: string | null | undefined;
  familyName?: string | null | undefined;
  formatted?: string | null | undefined;
};

export function personName(u: NameFields): string {
  const formatted = u.formatted?.trim();
  if (formatted) return formatted;
  const parts = [u.givenName?.trim(), u.familyName?.trim()].filter(Boolean).join(" ");
  if (parts) return parts;
  return u.displayName?.trim() || u.userName;
}

/** The name fields of a payload's user (lib/directory/payloads.ts NormalizedUser). */
export function nameFieldsOf(user: {
  userName: string;
  displayName: string | null;
  name: { givenName: string | null; familyName: string | null; formatted: string | null };
}): NameFields {
  return { userName: user.userName, displayName: user.displayName, ...user.name };
}
