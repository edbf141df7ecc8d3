// One way of naming a person, everywhere Roster shows or sends one: the formatted name, else
// the given and family names, else the display name, else the userName. PingOne's default
// mapping sends given and family names but no displayName; Entra sends displayName.
export type NameParts = {
  userName: string;
  displayName?: string | null | undefined;
  name?: { formatted?: string | null | undefined; givenName?: string | null | undefined; familyName?: string | null | undefined } | null;
};

export function personName(user: NameParts): string {
  const formatted = user.name?.formatted?.trim();
  if (formatted) return formatted;
  const parts = [user.name?.givenName?.trim(), user.name?.familyName?.trim()].filter(Boolean).join(" ");
  if (parts) return parts;
  return user.displayName?.trim() || user.userName;
}
