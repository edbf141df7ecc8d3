// portal-link create: a single-use Admin Portal link for one organization's IT admin, from
// a terminal (support, scripts). The same link the REST API and the operator's "Share
// setup link" create; audit-logged as the CLI.
import { getDb } from "@/db/client";
import { PORTAL_INTENTS, type PortalIntent } from "@/db/schema";
import { LINK_LIFETIME, createPortalLink, portalLinkUrl } from "@/lib/auth/portal-access";
import { getOrganizationBySlug } from "@/lib/directory/organizations";
import { CliError, register, requireOption } from "../registry";

/** The CLI has no request to take an origin from: APP_URL, else the dev server's. */
const CLI_ORIGIN = "http://localhost:3000";

function isIntent(value: string): value is PortalIntent {
  return (PORTAL_INTENTS as readonly string[]).includes(value);
}

register({
  path: ["portal-link", "create"],
  usage: `portal-link create --org <slug> [--expires-in <seconds>] [--intent <${PORTAL_INTENTS.join("|")}>] [--return-url <url>] [--json]`,
  summary: `Create a single-use Admin Portal link for an organization's IT admin (default lifetime ${LINK_LIFETIME.defaultSeconds} s).`,
  options: { org: { type: "string" }, "expires-in": { type: "string" }, intent: { type: "string" }, "return-url": { type: "string" } },
  async run({ values }, ctx) {
    const slug = requireOption(values, "org", this);
    const db = await getDb();
    const org = await getOrganizationBySlug(db, slug);
    if (!org) throw new CliError(`No organization with slug "${slug}". See: npm run roster -- org list`);

    const rawSeconds = values["expires-in"];
    const seconds = typeof rawSeconds === "string" ? Number(rawSeconds) : LINK_LIFETIME.defaultSeconds;
    if (!Number.isInteger(seconds) || seconds < LINK_LIFETIME.minSeconds || seconds > LINK_LIFETIME.maxSeconds) {
      throw new CliError(`--expires-in must be a whole number of seconds from ${LINK_LIFETIME.minSeconds} to ${LINK_LIFETIME.maxSeconds}.`);
    }
    const intent = typeof values.intent === "string" ? values.intent : "scim";
    if (!isIntent(intent)) throw new CliError(`Unknown intent "${intent}". Use one of: ${PORTAL_INTENTS.join(", ")}.`);
    const returnUrl = typeof values["return-url"] === "string" ? values["return-url"] : undefined;
    if (returnUrl !== undefined && !/^https?:\/\/[^\s]+$/.test(returnUrl)) throw new CliError("--return-url must be an http(s) URL.");

    const link = await createPortalLink(db, {
      organizationId: org.id,
      expiresInSeconds: seconds,
      intent,
      returnUrl,
      actor: { type: "system", id: "cli" },
    });
    const url = portalLinkUrl(link.token, CLI_ORIGIN);
    if (ctx.json) {
      ctx.out(JSON.stringify({ id: link.id, organization: org.slug, url, expiresAt: link.expiresAt.toISOString() }));
      return;
    }
    ctx.out(
      [
        `Admin Portal link for ${org.name} (opens once, expires ${link.expiresAt.toISOString()}):`,
        "",
        url,
        "",
        "Send it to the organization's IT admin. It is shown only now.",
      ].join("\n"),
    );
  },
});
