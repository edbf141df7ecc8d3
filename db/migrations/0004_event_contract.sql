DROP INDEX "events_org_idx";--> statement-breakpoint
DROP INDEX "events_directory_idx";--> statement-breakpoint
DROP INDEX "events_resource_idx";--> statement-breakpoint
DROP INDEX "events_member_user_idx";--> statement-breakpoint
ALTER TABLE "directory_groups" ADD COLUMN "member_count" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
CREATE INDEX "events_txid_idx" ON "events" USING btree ("txid","id");--> statement-breakpoint
CREATE INDEX "events_org_txid_idx" ON "events" USING btree ("organization_id","txid","id");--> statement-breakpoint
CREATE INDEX "events_directory_txid_idx" ON "events" USING btree ("directory_id","txid","id");--> statement-breakpoint
CREATE INDEX "events_resource_txid_idx" ON "events" USING btree ("directory_id","resource_id","txid","id");--> statement-breakpoint
CREATE INDEX "events_created_idx" ON "events" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "events_member_user_idx" ON "events" USING btree ("directory_id",("data"->'user'->>'id'),"txid","id") WHERE "events"."resource_type" = 'group';--> statement-breakpoint
UPDATE "directory_groups" g SET "member_count" = (SELECT count(*) FROM "group_members" m WHERE m."directory_id" = g."directory_id" AND m."group_id" = g."id");--> statement-breakpoint
-- Events written before the payload contract (lib/directory/payloads.ts) take its shape,
-- with what they recorded: nothing a consumer could read before is lost.
CREATE FUNCTION "roster_legacy_user"(d jsonb, rid uuid, dir uuid, org uuid) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $$
  SELECT jsonb_build_object(
    'id', coalesce(d->>'id', d->>'userId', rid::text), 'directoryId', dir, 'organizationId', org,
    'userName', d->>'userName', 'externalId', d->>'externalId',
    'active', CASE WHEN jsonb_typeof(d->'active') = 'boolean' THEN (d->'active')::boolean ELSE true END,
    'name', jsonb_build_object('givenName', d->'name'->>'givenName', 'familyName', d->'name'->>'familyName', 'formatted', d->'name'->>'formatted'),
    'displayName', d->>'displayName',
    'email', (SELECT e->>'value' FROM jsonb_array_elements(CASE WHEN jsonb_typeof(d->'emails') = 'array' THEN d->'emails' ELSE '[]'::jsonb END) e
              ORDER BY (e->>'primary') = 'true' DESC NULLS LAST LIMIT 1),
    'emails', CASE WHEN jsonb_typeof(d->'emails') = 'array' THEN d->'emails' ELSE '[]'::jsonb END,
    'title', d->>'title',
    'department', d->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'department',
    'employeeNumber', d->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'employeeNumber',
    'costCenter', d->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'costCenter',
    'organization', d->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'organization',
    'division', d->'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'->>'division',
    'manager', NULL, 'groups', '[]'::jsonb,
    'version', coalesce((d->'meta'->>'version')::int, 1),
    'createdAt', d->'meta'->>'created', 'updatedAt', d->'meta'->>'lastModified',
    'raw', (d - 'meta' - 'groupId' - 'groupDisplayName' - 'userId'))
$$;--> statement-breakpoint
UPDATE "events" SET "data" = jsonb_build_object('user', roster_legacy_user("data", "resource_id", "directory_id", "organization_id"))
  WHERE "resource_type" = 'user' AND NOT ("data" ? 'user');--> statement-breakpoint
UPDATE "events" e SET "data" = jsonb_build_object('group', jsonb_build_object(
    'id', e."resource_id", 'directoryId', e."directory_id", 'organizationId', e."organization_id",
    'displayName', coalesce(e."data"->>'displayName', e."data"->>'groupDisplayName'), 'externalId', e."data"->>'externalId',
    'memberCount', coalesce((SELECT g."member_count" FROM "directory_groups" g WHERE g."directory_id" = e."directory_id" AND g."id" = e."resource_id"), 0),
    'version', coalesce((e."data"->'meta'->>'version')::int, 1),
    'createdAt', e."data"->'meta'->>'created', 'updatedAt', e."data"->'meta'->>'lastModified',
    'raw', (e."data" - 'meta' - 'groupId' - 'groupDisplayName' - 'userId' - 'userName')))
  || CASE WHEN e."type" IN ('group.member_added', 'group.member_removed')
       THEN jsonb_build_object('user', roster_legacy_user(e."data", (e."data"->>'userId')::uuid, e."directory_id", e."organization_id"))
       ELSE '{}'::jsonb END
  WHERE e."resource_type" = 'group' AND NOT (e."data" ? 'group');--> statement-breakpoint
UPDATE "events" SET "data" = jsonb_build_object('directory', "data" || jsonb_build_object('organizationId', "organization_id"))
  WHERE "resource_type" = 'directory' AND NOT ("data" ? 'directory');--> statement-breakpoint
DROP FUNCTION "roster_legacy_user"(jsonb, uuid, uuid, uuid);
