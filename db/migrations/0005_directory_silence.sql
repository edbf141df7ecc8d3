ALTER TABLE "directories" ADD COLUMN "expected_activity_minutes" integer;--> statement-breakpoint
ALTER TABLE "directories" ADD COLUMN "silent_since" timestamp with time zone;