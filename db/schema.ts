// The whole data model. Tables that hold directory data lead every key and index with
// directory_id (or organization_id): that is the tenancy boundary, and the column a
// distributed Postgres (Citus) would shard on.
import { type SQLWrapper, sql } from "drizzle-orm";
import {
  bigint,
  bigserial,
  boolean,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

const createdAt = () => timestamp("created_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();
const updatedAt = () => timestamp("updated_at", { withTimezone: true, mode: "date" }).notNull().defaultNow();

export const PROVIDERS = ["pingone", "okta", "entra", "onelogin", "jumpcloud", "generic"] as const;
export type Provider = (typeof PROVIDERS)[number];

// ---------------------------------------------------------------------------------------
// Operators and organizations

export const operators = pgTable(
  "operators",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    email: text("email").notNull(),
    name: text("name"),
    // scrypt, self-describing ("scrypt$N$r$p$salt$hash"); null for operators who only use OIDC.
    passwordHash: text("password_hash"),
    createdAt: createdAt(),
    lastSignInAt: timestamp("last_sign_in_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("operators_email_key").on(sql`lower(${t.email})`)],
);

export const organizations = pgTable(
  "organizations",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    slug: text("slug").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("organizations_slug_key").on(t.slug)],
);

// ---------------------------------------------------------------------------------------
// Directories and their SCIM tokens

export const directories = pgTable(
  "directories",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    provider: text("provider", { enum: PROVIDERS }).notNull(),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    // Silent-provider alert (lib/directory/silence.ts): past this many minutes without a
    // successful SCIM request the directory is flagged silent; null = the provider's default.
    expectedActivityMinutes: integer("expected_activity_minutes"),
    // Set while the directory is silent: the time of its last successful request.
    silentSince: timestamp("silent_since", { withTimezone: true, mode: "date" }),
    // Deprovisioning guard (lib/directory/deprovision-guard.ts): null = the documented default.
    deprovisionGuardEnabled: boolean("deprovision_guard_enabled").notNull().default(true),
    deprovisionGuardPercent: integer("deprovision_guard_percent"),
    deprovisionGuardWindowMinutes: integer("deprovision_guard_window_minutes"),
    deprovisionGuardMinUsers: integer("deprovision_guard_min_users"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("directories_org_idx").on(t.organizationId, t.createdAt)],
);

export const scimTokens = pgTable(
  "scim_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    // SHA-256 of the whole token, hex. The token itself is never stored.
    tokenHash: text("token_hash").notNull(),
    // What the portal shows to tell tokens apart ("rst_scim_AbC1…").
    displayPrefix: text("display_prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("scim_tokens_hash_key").on(t.tokenHash),
    index("scim_tokens_directory_idx").on(t.directoryId, t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------
// Directory data pushed by identity providers

/**
 * OAuth 2 client credentials for a directory's SCIM endpoint (RFC 6749 §4.4; PingOne's "OAuth 2
 * Client Credentials", Entra's client-credentials grant). One client id per directory, repeated
 * on each of its secrets; a secret is shown once and stored as SHA-256 like a SCIM token, and
 * rotation is "create another secret" (both valid until the old one is revoked).
 */
export const oauthClientSecrets = pgTable(
  "oauth_client_secrets",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    clientId: text("client_id").notNull(),
    secretHash: text("secret_hash").notNull(),
    displayPrefix: text("display_prefix").notNull(),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [
    uniqueIndex("oauth_client_secrets_hash_key").on(t.secretHash),
    index("oauth_client_secrets_directory_idx").on(t.directoryId, t.createdAt),
  ],
);

/**
 * Access tokens issued by a directory's token endpoint: SHA-256 only, short-lived, valid
 * while their client secret is not revoked. Expired rows are pruned when new ones are issued.
 */
export const oauthAccessTokens = pgTable(
  "oauth_access_tokens",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    secretId: uuid("secret_id")
      .notNull()
      .references(() => oauthClientSecrets.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("oauth_access_tokens_hash_key").on(t.tokenHash),
    index("oauth_access_tokens_expires_idx").on(t.expiresAt),
  ],
);

/**
 * A user's email values, lower-cased, as a jsonb array of strings: what the GIN index
 * directory_users_email_values_idx holds. db/filter-sql.ts tests `@>` on this very
 * expression, so the two cannot drift apart. lower() of the JSON text is lower() of each
 * string: jsonb prints other characters as they are and escapes only quotes, backslashes
 * and control characters, which lower() leaves alone.
 */
export const userEmailValues = (data: SQLWrapper) =>
  sql`(lower((jsonb_path_query_array(${data}, '$.emails[*].value'))::text)::jsonb)`;

export const directoryUsers = pgTable(
  "directory_users",
  {
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    userName: text("user_name").notNull(),
    externalId: text("external_id"),
    active: boolean("active").notNull().default(true),
    displayName: text("display_name"),
    givenName: text("given_name"),
    familyName: text("family_name"),
    primaryEmail: text("primary_email"),
    // The whole SCIM representation (canonical attribute names), without id/meta/groups,
    // which come from the columns and the membership table.
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "directory_users_pkey", columns: [t.directoryId, t.id] }),
    uniqueIndex("directory_users_user_name_key").on(t.directoryId, sql`lower(${t.userName})`),
    index("directory_users_external_id_idx").on(t.directoryId, t.externalId),
    index("directory_users_email_idx").on(t.directoryId, sql`lower(${t.primaryEmail})`),
    index("directory_users_created_idx").on(t.directoryId, t.createdAt, t.id),
    index("directory_users_updated_idx").on(t.directoryId, t.updatedAt, t.id),
    index("directory_users_active_idx").on(t.directoryId, t.active, t.createdAt, t.id),
    // The portal's user search (lib/directory/portal.ts) is an OR of prefix ranges over
    // lower(user_name), lower(primary_email) and these three: with an index each, a BitmapOr
    // of range scans; without them, every search reads the whole directory (600 ms at 100k).
    index("directory_users_display_name_idx").on(t.directoryId, sql`lower(${t.displayName})`),
    index("directory_users_given_name_idx").on(t.directoryId, sql`lower(${t.givenName})`),
    index("directory_users_family_name_idx").on(t.directoryId, sql`lower(${t.familyName})`),
    // `emails eq "…"` (PingOne's workEmail user identifier) must find its user without
    // reading every row's JSON: a full scan costs ~0.8 s per lookup at 100,000 users. The
    // one index not led by directory_id (GIN would need the btree_gin extension for that):
    // an address matches a handful of rows across all directories, rechecked by directory.
    index("directory_users_email_values_idx").using("gin", userEmailValues(t.data)),
  ],
);

export const directoryGroups = pgTable(
  "directory_groups",
  {
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    id: uuid("id").notNull().defaultRandom(),
    displayName: text("display_name").notNull(),
    externalId: text("external_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    // Kept by the membership statements (lib/directory/groups.ts), in the same statement as
    // the rows they change: event payloads and lists read it instead of counting a group.
    memberCount: integer("member_count").notNull().default(0),
    version: integer("version").notNull().default(1),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    primaryKey({ name: "directory_groups_pkey", columns: [t.directoryId, t.id] }),
    uniqueIndex("directory_groups_display_name_key").on(t.directoryId, sql`lower(${t.displayName})`),
    index("directory_groups_external_id_idx").on(t.directoryId, t.externalId),
    index("directory_groups_created_idx").on(t.directoryId, t.createdAt, t.id),
    index("directory_groups_updated_idx").on(t.directoryId, t.updatedAt, t.id),
  ],
);

// Membership is rows, never an array in the group: adding one member costs the same in a
// group of ten as in a group of a hundred thousand.
export const groupMembers = pgTable(
  "group_members",
  {
    directoryId: uuid("directory_id").notNull(),
    groupId: uuid("group_id").notNull(),
    userId: uuid("user_id").notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "group_members_pkey", columns: [t.directoryId, t.groupId, t.userId] }),
    index("group_members_user_idx").on(t.directoryId, t.userId),
    foreignKey({
      name: "group_members_group_fk",
      columns: [t.directoryId, t.groupId],
      foreignColumns: [directoryGroups.directoryId, directoryGroups.id],
    }).onDelete("cascade"),
    foreignKey({
      name: "group_members_user_fk",
      columns: [t.directoryId, t.userId],
      foreignColumns: [directoryUsers.directoryId, directoryUsers.id],
    }).onDelete("cascade"),
  ],
);

// ---------------------------------------------------------------------------------------
// Events: one immutable row per change, written in the change's transaction.

export const EVENT_TYPES = [
  "user.created",
  "user.updated",
  "user.deactivated",
  "user.reactivated",
  "user.deleted",
  "group.created",
  "group.updated",
  "group.deleted",
  "group.member_added",
  "group.member_removed",
  "directory.enabled",
  "directory.disabled",
  "directory.silent",
  "directory.active_again",
  "directory.deprovisioning_held",
  "directory.deprovisioning_released",
  "directory.deprovisioning_discarded",
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const events = pgTable(
  "events",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    directoryId: uuid("directory_id").references(() => directories.id, { onDelete: "cascade" }),
    type: text("type", { enum: EVENT_TYPES }).notNull(),
    resourceType: text("resource_type", { enum: ["user", "group", "directory"] }).notNull(),
    resourceId: uuid("resource_id").notNull(),
    // The payload (lib/directory/payloads.ts): the resource as it stood after the change (for
    // deletions, as it stood before); for membership events the group and the user.
    data: jsonb("data").$type<Record<string, unknown>>().notNull(),
    // The writing transaction's id. Readers (lib/events/reader.ts) read in (txid, id) order
    // and only below the oldest transaction still running, so an event that commits late
    // is read on the next poll, never skipped.
    txid: bigint("txid", { mode: "bigint" })
      .notNull()
      .default(sql`pg_current_xact_id()::text::bigint`),
    // Set while the deprovisioning guard holds this event back from the feed and webhooks.
    holdId: uuid("hold_id"),
    createdAt: createdAt(),
  },
  (t) => [
    // The reader's orders: the whole feed, one organization's, one directory's.
    index("events_txid_idx").on(t.txid, t.id),
    index("events_org_txid_idx").on(t.organizationId, t.txid, t.id),
    index("events_directory_txid_idx").on(t.directoryId, t.txid, t.id),
    // One resource's history, in the reader's order; a user's includes the membership
    // events recorded against its groups.
    index("events_resource_txid_idx").on(t.directoryId, t.resourceId, t.txid, t.id),
    index("events_member_user_idx")
      .on(t.directoryId, sql`(${t.data}->'user'->>'id')`, t.txid, t.id)
      .where(sql`${t.resourceType} = 'group'`),
    // Retention prunes by age.
    index("events_created_idx").on(t.createdAt),
    // The deprovisioning guard counts a directory's recent deactivations and deletions,
    // and lists (and releases) the events a hold keeps back.
    index("events_deprovision_idx")
      .on(t.directoryId, t.createdAt)
      .where(sql`${t.type} in ('user.deactivated', 'user.deleted')`),
    index("events_hold_idx").on(t.holdId, t.txid, t.id).where(sql`${t.holdId} is not null`),
  ],
);

// ---------------------------------------------------------------------------------------
// SCIM request log: what the provider really sent, redacted and size-capped.

export const scimRequests = pgTable(
  "scim_requests",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    requestId: text("request_id").notNull(),
    method: text("method").notNull(),
    path: text("path").notNull(),
    query: text("query"),
    status: smallint("status").notNull(),
    durationMs: integer("duration_ms").notNull(),
    userAgent: text("user_agent"),
    requestBody: text("request_body"),
    responseBody: text("response_body"),
    errorDetail: text("error_detail"),
    createdAt: createdAt(),
  },
  (t) => [
    index("scim_requests_directory_idx").on(t.directoryId, t.id),
    index("scim_requests_created_idx").on(t.createdAt),
  ],
);

// ---------------------------------------------------------------------------------------
// Integration with the SaaS application

export const apiKeys = pgTable(
  "api_keys",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    name: text("name").notNull(),
    keyHash: text("key_hash").notNull(),
    displayPrefix: text("display_prefix").notNull(),
    createdBy: uuid("created_by").references(() => operators.id, { onDelete: "set null" }),
    createdAt: createdAt(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
  },
  (t) => [uniqueIndex("api_keys_hash_key").on(t.keyHash)],
);

export const webhookEndpoints = pgTable(
  "webhook_endpoints",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    // null: every organization's events.
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    description: text("description"),
    // AES-256-GCM encrypted signing secret (lib/webhooks/secret-box.ts): the receiver needs
    // the secret itself to verify, so it cannot be stored as a hash.
    secretEncrypted: text("secret_encrypted").notNull(),
    // After a rotation the previous secret keeps signing (a second signature) until then.
    previousSecretEncrypted: text("previous_secret_encrypted"),
    previousSecretExpiresAt: timestamp("previous_secret_expires_at", { withTimezone: true, mode: "date" }),
    // Empty: every event type.
    eventTypes: text("event_types").array().notNull().default(sql`'{}'::text[]`),
    enabled: boolean("enabled").notNull().default(true),
    // Why it was disabled (by an operator, a 410 Gone, or failing for too long), shown in the portal.
    disabledReason: text("disabled_reason"),
    disabledAt: timestamp("disabled_at", { withTimezone: true, mode: "date" }),
    // Since when every attempt has failed (null after a success): the auto-disable clock.
    failingSince: timestamp("failing_since", { withTimezone: true, mode: "date" }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index("webhook_endpoints_org_idx").on(t.organizationId)],
);

export const WEBHOOK_DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;

export const webhookDeliveries = pgTable(
  "webhook_deliveries",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    endpointId: uuid("endpoint_id")
      .notNull()
      .references(() => webhookEndpoints.id, { onDelete: "cascade" }),
    // The event delivered; null for a test message. Retention's pruning of an event takes
    // its deliveries with it.
    eventId: bigint("event_id", { mode: "number" }).references(() => events.id, { onDelete: "cascade" }),
    // The webhook-id header: the event's id (evt_…), the same on every retry.
    messageId: text("message_id").notNull(),
    // The JSON body POSTed (lib/events/envelope.ts eventObject), fixed when the delivery is
    // queued: every retry sends, and signs, the same bytes.
    body: text("body").notNull(),
    status: text("status", { enum: WEBHOOK_DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    // When the next attempt is due. A worker that claims the delivery moves it past its
    // lease, so a crashed worker's delivery is claimed again once the lease runs out.
    nextAttemptAt: timestamp("next_attempt_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    lastAttemptAt: timestamp("last_attempt_at", { withTimezone: true, mode: "date" }),
    lastStatusCode: smallint("last_status_code"),
    lastError: text("last_error"),
    lastResponseBody: text("last_response_body"),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index("webhook_deliveries_endpoint_idx").on(t.endpointId, t.id),
    index("webhook_deliveries_due_idx").on(t.nextAttemptAt, t.id).where(sql`${t.status} = 'pending'`),
    uniqueIndex("webhook_deliveries_endpoint_event_key").on(t.endpointId, t.eventId),
  ],
);

// Every attempt of a delivery, for the portal's delivery log.
export const webhookAttempts = pgTable(
  "webhook_attempts",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    deliveryId: bigint("delivery_id", { mode: "number" })
      .notNull()
      .references(() => webhookDeliveries.id, { onDelete: "cascade" }),
    attemptedAt: timestamp("attempted_at", { withTimezone: true, mode: "date" }).notNull().defaultNow(),
    statusCode: smallint("status_code"),
    latencyMs: integer("latency_ms").notNull(),
    // Connection errors, timeouts, refused addresses.
    error: text("error"),
    // The first bytes of the response body (capped).
    responseExcerpt: text("response_excerpt"),
  },
  (t) => [index("webhook_attempts_delivery_idx").on(t.deliveryId, t.id)],
);

// The fan-out's position in the events feed (lib/events/reader.ts): one row, locked while
// an instance turns the events after it into deliveries and advances it, in one transaction.
export const webhookDispatcher = pgTable("webhook_dispatcher", {
  id: smallint("id").primaryKey(),
  txid: text("txid").notNull(),
  eventId: bigint("event_id", { mode: "number" }).notNull(),
  updatedAt: updatedAt(),
});

export const PORTAL_INTENTS = ["scim", "users", "groups", "events"] as const;
export type PortalIntent = (typeof PORTAL_INTENTS)[number];

/**
 * A single-use URL that opens one organization's portal for its customer admin. Only the
 * SHA-256 of the token is stored; opening it sets used_at and starts a portal session.
 */
export const portalLinks = pgTable(
  "portal_links",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    createdAt: createdAt(),
    usedAt: timestamp("used_at", { withTimezone: true, mode: "date" }),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    intent: text("intent", { enum: PORTAL_INTENTS }).notNull().default("scim"),
    returnUrl: text("return_url"),
    createdByType: text("created_by_type", { enum: ["operator", "api_key", "system"] }).notNull(),
    createdById: text("created_by_id"),
  },
  (t) => [
    uniqueIndex("portal_links_token_key").on(t.tokenHash),
    index("portal_links_org_idx").on(t.organizationId, t.createdAt),
  ],
);

/** A customer admin's session in one organization's portal, started by opening a portal link. */
export const portalSessions = pgTable(
  "portal_sessions",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    portalLinkId: uuid("portal_link_id").references(() => portalLinks.id, { onDelete: "set null" }),
    tokenHash: text("token_hash").notNull(),
    returnUrl: text("return_url"),
    createdAt: createdAt(),
    expiresAt: timestamp("expires_at", { withTimezone: true, mode: "date" }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true, mode: "date" }),
    userAgent: text("user_agent"),
  },
  (t) => [
    uniqueIndex("portal_sessions_token_key").on(t.tokenHash),
    index("portal_sessions_org_idx").on(t.organizationId, t.createdAt),
  ],
);

/**
 * Deployment-wide settings an operator edits in the portal (one row, id = 1): the
 * branding customer admins see. Unset columns fall back to environment variables.
 */
export const deploymentSettings = pgTable("deployment_settings", {
  id: smallint("id").primaryKey().default(1),
  applicationName: text("application_name"),
  logoUrl: text("logo_url"),
  accentColor: text("accent_color"),
  updatedAt: updatedAt(),
});

// A deprovisioning hold: a directory deactivated or deleted more of its users within a
// window than its guard allows, so the events of those changes wait for a person to
// release (deliver) or discard them. At most one hold per directory is holding at a time.
export const deprovisionHolds = pgTable(
  "deprovision_holds",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    organizationId: uuid("organization_id")
      .notNull()
      .references(() => organizations.id, { onDelete: "cascade" }),
    directoryId: uuid("directory_id")
      .notNull()
      .references(() => directories.id, { onDelete: "cascade" }),
    status: text("status", { enum: ["holding", "released", "discarded"] }).notNull().default("holding"),
    // What tripped it: deprovisioned users in the window, the directory's users, the rule.
    trigger: jsonb("trigger").$type<{ deprovisioned: number; users: number; percent: number; windowMinutes: number }>().notNull(),
    createdAt: createdAt(),
    resolvedAt: timestamp("resolved_at", { withTimezone: true, mode: "date" }),
    resolvedBy: text("resolved_by"),
  },
  (t) => [
    index("deprovision_holds_directory_idx").on(t.directoryId, t.createdAt),
    uniqueIndex("deprovision_holds_holding_key").on(t.directoryId).where(sql`${t.status} = 'holding'`),
  ],
);

// Roles of the application, defined by the SaaS for the whole deployment (PUT
// /api/v1/roles replaces the set). `position` keeps the order the SaaS gave; at most one
// role is the default, given to every active user whose groups map to no role.
export const roles = pgTable(
  "roles",
  {
    key: text("key").primaryKey(),
    name: text("name").notNull(),
    description: text("description"),
    isDefault: boolean("is_default").notNull().default(false),
    position: integer("position").notNull(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex("roles_default_key").on(t.isDefault).where(sql`${t.isDefault}`)],
);

// Which roles a directory group gives its members (the customer admin's mapping, per
// directory). A user's roles are the union over their groups, computed in SQL where a
// payload is built (lib/directory/payloads.ts), never stored per user.
export const roleMappings = pgTable(
  "role_mappings",
  {
    directoryId: uuid("directory_id").notNull(),
    groupId: uuid("group_id").notNull(),
    roleKey: text("role_key")
      .notNull()
      .references(() => roles.key, { onDelete: "cascade" }),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ name: "role_mappings_pkey", columns: [t.directoryId, t.groupId, t.roleKey] }),
    index("role_mappings_role_idx").on(t.roleKey, t.directoryId),
    foreignKey({
      name: "role_mappings_group_fk",
      columns: [t.directoryId, t.groupId],
      foreignColumns: [directoryGroups.directoryId, directoryGroups.id],
    }).onDelete("cascade"),
  ],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: bigserial("id", { mode: "number" }).primaryKey(),
    organizationId: uuid("organization_id").references(() => organizations.id, { onDelete: "cascade" }),
    actorType: text("actor_type", { enum: ["operator", "api_key", "portal_link", "system"] }).notNull(),
    actorId: text("actor_id"),
    action: text("action").notNull(),
    targetType: text("target_type"),
    targetId: text("target_id"),
    data: jsonb("data").$type<Record<string, unknown>>().notNull().default({}),
    createdAt: createdAt(),
  },
  (t) => [index("audit_log_org_idx").on(t.organizationId, t.id)],
);

/**
 * Request counters of the rate limiter (lib/auth/rate-limit.ts): one row per key (a hashed
 * token, a client IP, an account), holding the hits of its current fixed window. Shared by
 * every server instance, so a limit holds across them. Not directory data: keys are opaque.
 */
export const rateLimitCounters = pgTable(
  "rate_limit_counters",
  {
    key: text("key").primaryKey(),
    windowStart: timestamp("window_start", { withTimezone: true, mode: "date" }).notNull(),
    windowSeconds: integer("window_seconds").notNull(),
    hits: integer("hits").notNull(),
  },
  (t) => [index("rate_limit_counters_window_idx").on(t.windowStart)],
);

export type Operator = typeof operators.$inferSelect;
export type Organization = typeof organizations.$inferSelect;
export type Directory = typeof directories.$inferSelect;
export type ScimToken = typeof scimTokens.$inferSelect;
export type DirectoryUser = typeof directoryUsers.$inferSelect;
export type DirectoryGroup = typeof directoryGroups.$inferSelect;
export type Event = typeof events.$inferSelect;
export type DeprovisionHold = typeof deprovisionHolds.$inferSelect;
export type ScimRequest = typeof scimRequests.$inferSelect;
export type PortalLink = typeof portalLinks.$inferSelect;
export type PortalSession = typeof portalSessions.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type WebhookEndpoint = typeof webhookEndpoints.$inferSelect;
export type WebhookDelivery = typeof webhookDeliveries.$inferSelect;
export type WebhookAttempt = typeof webhookAttempts.$inferSelect;
export type Role = typeof roles.$inferSelect;
export type RoleMapping = typeof roleMappings.$inferSelect;
