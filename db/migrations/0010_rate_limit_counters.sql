CREATE TABLE "rate_limit_counters" (
	"key" text PRIMARY KEY NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"window_seconds" integer NOT NULL,
	"hits" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "rate_limit_counters_window_idx" ON "rate_limit_counters" USING btree ("window_start");--> statement-breakpoint
-- Counters are worth losing in a crash (a window restarts) and are written on every request:
-- an unlogged table writes no WAL, so the rate limiter's upsert commits without a WAL flush.
ALTER TABLE "rate_limit_counters" SET UNLOGGED;
