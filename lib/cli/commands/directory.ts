// directory and token commands: set up a SCIM connection from a terminal or a test.
// Output for --json is one JSON document on stdout; the token appears only in the output
// of the command that created it (it is stored hashed and cannot be shown again).
import { getDb } from "@/db/client";
import { PROVIDERS } from "@/db/schema";
import { createClientSecret, oauthTokenUrl, revokeClientSecret } from "@/lib/auth/oauth-client";
import { findScimTokenDirectory, listScimTokens } from "@/lib/auth/scim-token";
import { type Actor } from "@/lib/directory/audit";
import {
  PROVIDER_NAMES,
  createDirectory,
  findDirectoryById,
  isProvider,
  issueDirectoryToken,
  listDirectories,
  revokeDirectoryToken,
  scimBaseUrl,
  setDirectoryStatus,
} from "@/lib/directory/directories";
import { getOrganizationBySlug } from "@/lib/directory/organizations";
import { CliError, register, requireOption } from "../registry";
import { table } from "./core";

/** Who the audit log names for what a terminal did: whoever holds the server's database. */
const CLI_ACTOR: Actor = { type: "system", id: "cli" };

/** The CLI has no request to take an origin from: APP_URL, else the dev server's. */
const CLI_ORIGIN = "http://localhost:3000";

async function organizationOf(slug: string) {
  const org = await getOrganizationBySlug(await getDb(), slug);
  if (!org) throw new CliError(`No organization with slug "${slug}". See: npm run roster -- org list`);
  return org;
}

async function directoryOf(id: string | undefined, usage: string) {
  if (!id) throw new CliError(`Missing the directory id.\nUsage: roster ${usage}`);
  const directory = await findDirectoryById(await getDb(), id);
  if (!directory) throw new CliError(`No directory with id "${id}".`);
  return directory;
}

register({
  path: ["directory", "create"],
  usage: `directory create --org <slug> --provider <${PROVIDERS.join("|")}> [--name <name>] [--json]`,
  summary: "Create a SCIM directory; prints its Endpoint URL and Bearer token (shown once).",
  options: { org: { type: "string" }, provider: { type: "string" }, name: { type: "string" } },
  async run({ values }, ctx) {
    const org = await organizationOf(requireOption(values, "org", this));
    const provider = requireOption(values, "provider", this).toLowerCase();
    if (!isProvider(provider)) throw new CliError(`Unknown provider "${provider}". Use one of: ${PROVIDERS.join(", ")}.`);
    const { directory, token } = await createDirectory(await getDb(), org.id, {
      provider,
      name: typeof values.name === "string" ? values.name : undefined,
    }, CLI_ACTOR);
    const endpoint = scimBaseUrl(directory.id, CLI_ORIGIN);
    if (ctx.json) {
      ctx.out(
        JSON.stringify({
          id: directory.id,
          organizationId: org.id,
          organization: org.slug,
          name: directory.name,
          provider: directory.provider,
          status: directory.status,
          endpointUrl: endpoint,
          token: token.token,
          tokenId: token.id,
        }),
      );
      return;
    }
    ctx.out(
      [
        `Created ${PROVIDER_NAMES[provider]} directory "${directory.name}" (${directory.id}) for ${org.name}.`,
        "",
        `Endpoint URL:  ${endpoint}`,
        `Bearer token:  ${token.token}`,
        "",
        "The token is shown only now. Paste both into the identity provider's SCIM connection.",
      ].join("\n"),
    );
  },
});

register({
  path: ["directory", "list"],
  usage: "directory list --org <slug> [--json]",
  summary: "List an organization's SCIM directories.",
  options: { org: { type: "string" } },
  async run({ values }, ctx) {
    const org = await organizationOf(requireOption(values, "org", this));
    const db = await getDb();
    const dirs = await listDirectories(db, org.id);
    const rows = await Promise.all(
      dirs.map(async (d) => ({
        id: d.id,
        name: d.name,
        provider: d.provider,
        status: d.status,
        endpointUrl: scimBaseUrl(d.id, CLI_ORIGIN),
        tokens: (await listScimTokens(db, d.id))
          .filter((t) => !t.revokedAt)
          .map((t) => ({ id: t.id, prefix: t.displayPrefix, createdAt: t.createdAt, lastUsedAt: t.lastUsedAt })),
        createdAt: d.createdAt,
      })),
    );
    if (ctx.json) {
      ctx.out(JSON.stringify(rows));
      return;
    }
    if (rows.length === 0) {
      ctx.out(`No directories for ${org.name}. Create one with: npm run roster -- directory create --org ${org.slug} --provider pingone`);
      return;
    }
    ctx.out(
      table(
        ["ID", "NAME", "PROVIDER", "STATUS", "TOKENS", "ENDPOINT URL"],
        rows.map((r) => [r.id, r.name, r.provider, r.status, r.tokens.map((t) => `${t.prefix}…`).join(" "), r.endpointUrl]),
      ),
    );
  },
});

for (const status of ["disabled", "active"] as const) {
  const verb = status === "disabled" ? "disable" : "enable";
  register({
    path: ["directory", verb],
    usage: `directory ${verb} <directoryId> [--json]`,
    summary:
      status === "disabled"
        ? "Disable a directory: its SCIM requests get 403 until it is enabled; data is kept."
        : "Enable a disabled directory.",
    async run({ positionals }, ctx) {
      const directory = await directoryOf(positionals[0], this.usage);
      const updated = await setDirectoryStatus(await getDb(), directory.organizationId, directory.id, status, CLI_ACTOR);
      if (!updated) throw new CliError(`No directory with id "${directory.id}".`);
      ctx.out(ctx.json ? JSON.stringify({ id: updated.id, status: updated.status }) : `Directory ${updated.id} is ${updated.status}.`);
    },
  });
}

register({
  path: ["token", "rotate"],
  usage: "token rotate <directoryId> [--json]",
  summary: "Issue another SCIM token; the old ones stay valid until revoked.",
  async run({ positionals }, ctx) {
    const directory = await directoryOf(positionals[0], this.usage);
    const token = await issueDirectoryToken(await getDb(), directory, CLI_ACTOR);
    if (ctx.json) {
      ctx.out(JSON.stringify({ directoryId: directory.id, tokenId: token.id, token: token.token, prefix: token.displayPrefix }));
      return;
    }
    ctx.out(
      [
        `New token for directory ${directory.id} (id ${token.id}):`,
        "",
        `Bearer token:  ${token.token}`,
        "",
        "Shown only now. Older tokens keep working until you revoke them with: npm run roster -- token revoke <tokenId>",
      ].join("\n"),
    );
  },
});

register({
  path: ["token", "revoke"],
  usage: "token revoke <tokenId> [--json]",
  summary: "Revoke a SCIM token; requests with it fail from the next one on.",
  async run({ positionals }, ctx) {
    const tokenId = positionals[0];
    if (!tokenId) throw new CliError(`Missing the token id.\nUsage: roster ${this.usage}`);
    const db = await getDb();
    const directoryId = await findScimTokenDirectory(db, tokenId);
    const directory = directoryId ? await findDirectoryById(db, directoryId) : undefined;
    if (!directory || !(await revokeDirectoryToken(db, directory, tokenId, CLI_ACTOR))) {
      throw new CliError(`No active token with id "${tokenId}".`);
    }
    ctx.out(ctx.json ? JSON.stringify({ id: tokenId, revoked: true }) : `Revoked token ${tokenId}.`);
  },
});

register({
  path: ["oauth-client", "create"],
  usage: "oauth-client create <directoryId> [--json]",
  summary: "Issue an OAuth 2 client secret (client credentials for the SCIM endpoint); shown once. Another one is rotation.",
  async run({ positionals }, ctx) {
    const directory = await directoryOf(positionals[0], this.usage);
    const issued = await createClientSecret(await getDb(), directory, CLI_ACTOR);
    const tokenUrl = oauthTokenUrl(directory.id, CLI_ORIGIN);
    if (ctx.json) {
      ctx.out(JSON.stringify({ directoryId: directory.id, id: issued.id, clientId: issued.clientId, clientSecret: issued.clientSecret, tokenUrl }));
      return;
    }
    ctx.out(
      [
        `New client secret for directory ${directory.id} (id ${issued.id}):`,
        "",
        `Token URL:      ${tokenUrl}`,
        `Client ID:      ${issued.clientId}`,
        `Client secret:  ${issued.clientSecret}`,
        "",
        "The secret is shown only now. Older secrets keep working until you revoke them with:",
        "  npm run roster -- oauth-client revoke <directoryId> <secretId>",
      ].join("\n"),
    );
  },
});

register({
  path: ["oauth-client", "revoke"],
  usage: "oauth-client revoke <directoryId> <secretId> [--json]",
  summary: "Revoke an OAuth 2 client secret and the access tokens it obtained.",
  async run({ positionals }, ctx) {
    const directory = await directoryOf(positionals[0], this.usage);
    const secretId = positionals[1];
    if (!secretId) throw new CliError(`Missing the secret id.\nUsage: roster ${this.usage}`);
    if (!(await revokeClientSecret(await getDb(), directory, secretId, CLI_ACTOR))) {
      throw new CliError(`No active client secret with id "${secretId}" in directory ${directory.id}.`);
    }
    ctx.out(ctx.json ? JSON.stringify({ id: secretId, revoked: true }) : `Revoked client secret ${secretId}.`);
  },
});
