CREATE TABLE "role_mappings" (
	"directory_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"role_key" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "role_mappings_pkey" PRIMARY KEY("directory_id","group_id","role_key")
);
--> statement-breakpoint
CREATE TABLE "roles" (
	"key" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"is_default" boolean DEFAULT false NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "role_mappings" ADD CONSTRAINT "role_mappings_role_key_roles_key_fk" FOREIGN KEY ("role_key") REFERENCES "public"."roles"("key") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "role_mappings" ADD CONSTRAINT "role_mappings_group_fk" FOREIGN KEY ("directory_id","group_id") REFERENCES "public"."directory_groups"("directory_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "role_mappings_role_idx" ON "role_mappings" USING btree ("role_key","directory_id");--> statement-breakpoint
CREATE UNIQUE INDEX "roles_default_key" ON "roles" USING btree ("is_default") WHERE "roles"."is_default";