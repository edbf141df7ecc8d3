CREATE TABLE "deployment_settings" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"application_name" text,
	"logo_url" text,
	"accent_color" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "portal_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"portal_link_id" uuid,
	"token_hash" text NOT NULL,
	"return_url" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"user_agent" text
);
--> statement-breakpoint
ALTER TABLE "portal_links" ADD COLUMN "revoked_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "portal_links" ADD COLUMN "intent" text DEFAULT 'scim' NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_links" ADD COLUMN "return_url" text;--> statement-breakpoint
ALTER TABLE "portal_links" ADD COLUMN "created_by_type" text NOT NULL;--> statement-breakpoint
ALTER TABLE "portal_links" ADD COLUMN "created_by_id" text;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_portal_link_id_portal_links_id_fk" FOREIGN KEY ("portal_link_id") REFERENCES "public"."portal_links"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "portal_sessions_token_key" ON "portal_sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "portal_sessions_org_idx" ON "portal_sessions" USING btree ("organization_id","created_at");