// operator and org commands.
import { getDb } from "@/db/client";
import { createApiKey, revokeApiKey } from "@/lib/auth/api-key";
import { isUuid } from "@/lib/auth/scim-token";
import { OperatorExistsError, createOperator } from "@/lib/auth/operators";
import { createOrganization, listOrganizations } from "@/lib/directory/organizations";
import { CliError, register, requireOption } from "../registry";

register({
  path: ["operator", "create"],
  usage: "operator create --email <email> --password <password> [--name <name>] [--json]",
  summary: "Create an operator who can sign in to the Admin Portal.",
  options: { email: { type: "string" }, password: { type: "string" }, name: { type: "string" } },
  async run({ values }, ctx) {
    const email = requireOption(values, "email", this);
    const password = requireOption(values, "password", this);
    try {
      const op = await createOperator(await getDb(), {
        email,
        password,
        name: typeof values.name === "string" ? values.name : undefined,
      });
      ctx.out(ctx.json ? JSON.stringify({ id: op.id, email: op.email, name: op.name }) : `Created operator ${op.email} (${op.id})`);
    } catch (error) {
      if (error instanceof OperatorExistsError) throw new CliError(error.message);
      throw error;
    }
  },
});

register({
  path: ["org", "create"],
  usage: "org create <name> [--json]",
  summary: "Create an organization (a customer); its slug is derived from the name.",
  async run({ positionals }, ctx) {
    const name = positionals.join(" ").trim();
    if (!name) throw new CliError(`Missing the organization name.\nUsage: roster ${this.usage}`);
    const org = await createOrganization(await getDb(), name, { type: "system", id: "cli" });
    ctx.out(
      ctx.json
        ? JSON.stringify({ id: org.id, name: org.name, slug: org.slug, createdAt: org.createdAt })
        : `Created organization ${org.name} (slug ${org.slug}, id ${org.id})`,
    );
  },
});

register({
  path: ["org", "list"],
  usage: "org list [--json]",
  summary: "List organizations with their directory, user and group counts.",
  async run(_input, ctx) {
    const orgs = await listOrganizations(await getDb());
    if (ctx.json) {
      ctx.out(
        JSON.stringify(
          orgs.map((o) => ({
            id: o.id,
            name: o.name,
            slug: o.slug,
            directories: o.directoryCount,
            users: o.userCount,
            groups: o.groupCount,
            createdAt: o.createdAt,
          })),
        ),
      );
      return;
    }
    if (orgs.length === 0) {
      ctx.out("No organizations yet. Create one with: npm run roster -- org create \"Acme Corp\"");
      return;
    }
    const rows = orgs.map((o) => [o.slug, o.name, String(o.directoryCount), String(o.userCount), String(o.groupCount)]);
    ctx.out(table(["SLUG", "NAME", "DIRECTORIES", "USERS", "GROUPS"], rows));
  },
});

export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ").trimEnd();
  return [line(header), ...rows.map(line)].join("\n");
}

register({
  path: ["apikey", "create"],
  usage: "apikey create --name <name> [--json]",
  summary: "Create an API key for the REST API (/api/v1); it is shown once.",
  options: { name: { type: "string" } },
  async run({ values }, ctx) {
    const name = requireOption(values, "name", this).trim();
    const key = await createApiKey(await getDb(), name);
    ctx.out(
      ctx.json
        ? JSON.stringify({ id: key.id, name: key.name, key: key.key, prefix: key.displayPrefix })
        : `Created API key "${key.name}" (${key.id}).\n\n  ${key.key}\n\nStore it now: it is not shown again.`,
    );
  },
});

register({
  path: ["apikey", "revoke"],
  usage: "apikey revoke <apiKeyId> [--json]",
  summary: "Revoke an API key; it stops working on the next request.",
  async run({ positionals }, ctx) {
    const id = positionals[0]?.trim() ?? "";
    if (!isUuid(id)) throw new CliError(`Give the API key's id.\nUsage: roster ${this.usage}`);
    if (!(await revokeApiKey(await getDb(), id, { type: "system", id: "cli" }))) throw new CliError(`No active API key with id ${id}.`);
    ctx.out(ctx.json ? JSON.stringify({ id, revoked: true }) : `Revoked API key ${id}.`);
  },
});
