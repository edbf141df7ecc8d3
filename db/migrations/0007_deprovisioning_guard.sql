CREATE TABLE "deprovision_holds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"organization_id" uuid NOT NULL,
	"directory_id" uuid NOT NULL,
	"status" text DEFAULT 'holding' NOT NULL,
	"trigger" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"resolved_at" timestamp with time zone,
	"resolved_by" text
);
--> statement-breakpoint
ALTER TABLE "directories" ADD COLUMN "deprovision_guard_enabled" boolean DEFAULT true NOT NULL;--> statement-breakpoint
ALTER TABLE "directories" ADD COLUMN "deprovision_guard_percent" integer;--> statement-breakpoint
ALTER TABLE "directories" ADD COLUMN "deprovision_guard_window_minutes" integer;--> statement-breakpoint
ALTER TABLE "directories" ADD COLUMN "deprovision_guard_min_users" integer;--> statement-breakpoint
ALTER TABLE "events" ADD COLUMN "hold_id" uuid;--> statement-breakpoint
ALTER TABLE "deprovision_holds" ADD CONSTRAINT "deprovision_holds_organization_id_organizations_id_fk" FOREIGN KEY ("organization_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "deprovision_holds" ADD CONSTRAINT "deprovision_holds_directory_id_directories_id_fk" FOREIGN KEY ("directory_id") REFERENCES "public"."directories"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deprovision_holds_directory_idx" ON "deprovision_holds" USING btree ("directory_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "deprovision_holds_holding_key" ON "deprovision_holds" USING btree ("directory_id") WHERE "deprovision_holds"."status" = 'holding';--> statement-breakpoint
CREATE INDEX "events_deprovision_idx" ON "events" USING btree ("directory_id","created_at") WHERE "events"."type" in ('user.deactivated', 'user.deleted');--> statement-breakpoint
CREATE INDEX "events_hold_idx" ON "events" USING btree ("hold_id","txid","id") WHERE "events"."hold_id" is not null;