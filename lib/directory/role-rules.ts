// The rules of a role set and of a mapping, as plain functions (no database): what the
// REST schemas validate with and what the portal words a preview with.

/** A role key: a stable slug the application matches on ("admin", "billing-admin", "read_only"). */
export const ROLE_KEY_PATTERN = /^[a-z][a-z0-9]*(?:[_-][a-z0-9]+)*$/;
export const ROLE_KEY_MAX = 64;
export const ROLE_NAME_MAX = 100;
export const ROLE_DESCRIPTION_MAX = 500;
/** Roles in one deployment's set. */
export const MAX_ROLES = 100;
/** Groups in one directory's mapping (each with up to MAX_ROLES roles). */
export const MAX_MAPPED_GROUPS = 5000;

export type RoleDefinition = { key: string; name: string; description: string | null; isDefault: boolean };

export type RuleIssue = { path: (string | number)[]; message: string };

/** What makes a role set invalid beyond each role's own fields: repeated keys, more than one default. */
export function roleSetIssues(roles: readonly Pick<RoleDefinition, "key" | "isDefault">[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const seen = new Map<string, number>();
  roles.forEach((role, i) => {
    const first = seen.get(role.key);
    if (first === undefined) seen.set(role.key, i);
    else issues.push({ path: [i, "key"], message: `Duplicate role key "${role.key}" (also at index ${first}).` });
  });
  const defaults = roles.flatMap((role, i) => (role.isDefault ? [i] : []));
  for (const i of defaults.slice(1)) {
    issues.push({ path: [i, "isDefault"], message: `At most one role may be the default (index ${defaults[0]} already is).` });
  }
  return issues;
}

/** A mapping as pairs, each once: `{groupId, roles}` entries flattened, ids lower-cased. */
export function mappingPairs(mappings: readonly { groupId: string; roles: readonly string[] }[]): { groupId: string; roleKey: string }[] {
  const seen = new Set<string>();
  const pairs: { groupId: string; roleKey: string }[] = [];
  for (const mapping of mappings) {
    const groupId = mapping.groupId.toLowerCase();
    for (const roleKey of mapping.roles) {
      const id = `${groupId} ${roleKey}`;
      if (seen.has(id)) continue;
      seen.add(id);
      pairs.push({ groupId, roleKey });
    }
  }
  return pairs;
}

/** Repeated group ids in a mapping list (each group is listed once, with all its roles). */
export function mappingIssues(mappings: readonly { groupId: string }[]): RuleIssue[] {
  const seen = new Map<string, number>();
  const issues: RuleIssue[] = [];
  mappings.forEach((mapping, i) => {
    const id = mapping.groupId.toLowerCase();
    const first = seen.get(id);
    if (first === undefined) seen.set(id, i);
    else issues.push({ path: [i, "groupId"], message: `Group ${mapping.groupId} is listed twice (also at index ${first}); list its roles once.` });
  });
  return issues;
}

/** What a change would do to users' roles: per role, how many users would gain and lose it. */
export type RolePreview = {
  /** Users whose roles would change. */
  users: number;
  roles: { key: string; name: string; gained: number; lost: number }[];
};

const usersText = (n: number) => `${n.toLocaleString("en-US")} ${n === 1 ? "user" : "users"}`;

/** One sentence per role: "37 users would gain Admin, 2 would lose it". */
export function previewSentences(preview: RolePreview): string[] {
  return preview.roles.flatMap((role) => {
    if (role.gained > 0 && role.lost > 0) return [`${usersText(role.gained)} would gain ${role.name}, ${role.lost.toLocaleString("en-US")} would lose it`];
    if (role.gained > 0) return [`${usersText(role.gained)} would gain ${role.name}`];
    if (role.lost > 0) return [`${usersText(role.lost)} would lose ${role.name}`];
    return [];
  });
}
