CREATE TABLE "case_items" (
	"id" uuid PRIMARY KEY NOT NULL,
	"case_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"alert_id" uuid,
	"screening_id" uuid,
	"added_by" uuid,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_items_alert_unique" UNIQUE("case_id","alert_id"),
	CONSTRAINT "case_items_screening_unique" UNIQUE("case_id","screening_id"),
	CONSTRAINT "case_items_one_subject_check" CHECK (("case_items"."kind" = 'alert' and "case_items"."alert_id" is not null and "case_items"."screening_id" is null) or ("case_items"."kind" = 'screening' and "case_items"."screening_id" is not null and "case_items"."alert_id" is null))
);
--> statement-breakpoint
CREATE TABLE "case_notes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"case_id" uuid NOT NULL,
	"author_id" uuid NOT NULL,
	"body" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "case_notes_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "compliance_alerts" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"order_id" text NOT NULL,
	"rule_id" text NOT NULL,
	"severity" text NOT NULL,
	"message" text NOT NULL,
	"inputs" jsonb NOT NULL,
	"thresholds" jsonb NOT NULL,
	"score" double precision NOT NULL,
	"order_ids" text[] NOT NULL,
	"decision" text NOT NULL,
	"status" text NOT NULL,
	"resolution" text,
	"resolution_reason" text,
	"resolved_by" uuid,
	"resolved_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_cases" (
	"id" uuid PRIMARY KEY NOT NULL,
	"subject_user_id" uuid,
	"title" text NOT NULL,
	"origin" text NOT NULL,
	"status" text NOT NULL,
	"assignee_id" uuid,
	"opened_by" uuid,
	"resolution" text,
	"close_reason" text,
	"closed_by" uuid,
	"closed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_cases_closed_check" CHECK (("compliance_cases"."status" = 'closed') = ("compliance_cases"."resolution" is not null and "compliance_cases"."close_reason" is not null and "compliance_cases"."closed_at" is not null))
);
--> statement-breakpoint
CREATE TABLE "kyc_decisions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"profile_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"from_status" text NOT NULL,
	"to_status" text NOT NULL,
	"decided_by" uuid,
	"reason" text NOT NULL,
	"screening_id" uuid,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kyc_decisions_seq_unique" UNIQUE("seq")
);
--> statement-breakpoint
CREATE TABLE "kyc_profiles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"user_id" uuid NOT NULL,
	"status" text NOT NULL,
	"country" text NOT NULL,
	"document_type" text NOT NULL,
	"sensitive" jsonb NOT NULL,
	"submitted_at" timestamp with time zone NOT NULL,
	"decided_at" timestamp with time zone,
	"decided_by" uuid,
	"expires_at" timestamp with time zone,
	"last_screening_id" uuid,
	"last_screened_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kyc_profiles_seq_unique" UNIQUE("seq"),
	CONSTRAINT "kyc_profiles_status_check" CHECK ("kyc_profiles"."status" in ('pending', 'in_review', 'approved', 'rejected', 'expired'))
);
--> statement-breakpoint
CREATE TABLE "compliance_order_values" (
	"order_id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"usd" numeric(36, 18) NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"mode" text,
	"quote_currency" text NOT NULL,
	"usd_rate" numeric(36, 18) NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usd_price_marks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"currency" text NOT NULL,
	"usd_price" numeric(36, 18) NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"synthetic" boolean NOT NULL,
	"observed_at" timestamp with time zone NOT NULL,
	"recorded_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "sanctions_aliases" (
	"list_id" uuid NOT NULL,
	"alt_num" integer NOT NULL,
	"ent_num" integer NOT NULL,
	"alt_type" text NOT NULL,
	"name" text NOT NULL,
	"remarks" text,
	CONSTRAINT "sanctions_aliases_list_id_alt_num_pk" PRIMARY KEY("list_id","alt_num")
);
--> statement-breakpoint
CREATE TABLE "sanctions_entries" (
	"list_id" uuid NOT NULL,
	"ent_num" integer NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"programs" text[] NOT NULL,
	"title" text,
	"remarks" text,
	CONSTRAINT "sanctions_entries_list_id_ent_num_pk" PRIMARY KEY("list_id","ent_num")
);
--> statement-breakpoint
CREATE TABLE "sanctions_id_numbers" (
	"list_id" uuid NOT NULL,
	"ent_num" integer NOT NULL,
	"ordinal" integer NOT NULL,
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"key" text NOT NULL,
	"country" text,
	CONSTRAINT "sanctions_id_numbers_list_id_ent_num_ordinal_pk" PRIMARY KEY("list_id","ent_num","ordinal")
);
--> statement-breakpoint
CREATE TABLE "sanctions_lists" (
	"id" uuid PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"version" text NOT NULL,
	"imported_at" timestamp with time zone NOT NULL,
	"active" boolean NOT NULL,
	"entry_count" integer NOT NULL,
	"alias_count" integer NOT NULL,
	"id_number_count" integer NOT NULL,
	"sdn_sha256" text NOT NULL,
	"alt_sha256" text,
	"rescreened_at" timestamp with time zone,
	"rescreen_lease_until" timestamp with time zone,
	CONSTRAINT "sanctions_lists_name_version_unique" UNIQUE("name","version")
);
--> statement-breakpoint
CREATE TABLE "screening_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"context" text NOT NULL,
	"subject_user_id" uuid,
	"kyc_profile_id" uuid,
	"provider_ref" text,
	"query_name" text,
	"query_type" text,
	"lists" jsonb NOT NULL,
	"threshold" double precision NOT NULL,
	"matches" jsonb NOT NULL,
	"top_score" double precision,
	"hit" boolean NOT NULL,
	"screened_by" uuid,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "case_items" ADD CONSTRAINT "case_items_case_id_compliance_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."compliance_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_items" ADD CONSTRAINT "case_items_alert_id_compliance_alerts_id_fk" FOREIGN KEY ("alert_id") REFERENCES "public"."compliance_alerts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_items" ADD CONSTRAINT "case_items_screening_id_screening_results_id_fk" FOREIGN KEY ("screening_id") REFERENCES "public"."screening_results"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_items" ADD CONSTRAINT "case_items_added_by_users_id_fk" FOREIGN KEY ("added_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_case_id_compliance_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."compliance_cases"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "case_notes" ADD CONSTRAINT "case_notes_author_id_users_id_fk" FOREIGN KEY ("author_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_alerts" ADD CONSTRAINT "compliance_alerts_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_alerts" ADD CONSTRAINT "compliance_alerts_resolved_by_users_id_fk" FOREIGN KEY ("resolved_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cases" ADD CONSTRAINT "compliance_cases_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cases" ADD CONSTRAINT "compliance_cases_assignee_id_users_id_fk" FOREIGN KEY ("assignee_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cases" ADD CONSTRAINT "compliance_cases_opened_by_users_id_fk" FOREIGN KEY ("opened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_cases" ADD CONSTRAINT "compliance_cases_closed_by_users_id_fk" FOREIGN KEY ("closed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_decisions" ADD CONSTRAINT "kyc_decisions_profile_id_kyc_profiles_id_fk" FOREIGN KEY ("profile_id") REFERENCES "public"."kyc_profiles"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_decisions" ADD CONSTRAINT "kyc_decisions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_decisions" ADD CONSTRAINT "kyc_decisions_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_profiles" ADD CONSTRAINT "kyc_profiles_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kyc_profiles" ADD CONSTRAINT "kyc_profiles_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_order_values" ADD CONSTRAINT "compliance_order_values_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sanctions_aliases" ADD CONSTRAINT "sanctions_aliases_list_id_sanctions_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."sanctions_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sanctions_entries" ADD CONSTRAINT "sanctions_entries_list_id_sanctions_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."sanctions_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sanctions_id_numbers" ADD CONSTRAINT "sanctions_id_numbers_list_id_sanctions_lists_id_fk" FOREIGN KEY ("list_id") REFERENCES "public"."sanctions_lists"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_results" ADD CONSTRAINT "screening_results_subject_user_id_users_id_fk" FOREIGN KEY ("subject_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "screening_results" ADD CONSTRAINT "screening_results_screened_by_users_id_fk" FOREIGN KEY ("screened_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_items_alert_id_index" ON "case_items" USING btree ("alert_id");--> statement-breakpoint
CREATE INDEX "case_notes_case_id_seq_index" ON "case_notes" USING btree ("case_id","seq");--> statement-breakpoint
CREATE INDEX "compliance_alerts_user_id_index" ON "compliance_alerts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "compliance_alerts_status_id_index" ON "compliance_alerts" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "compliance_alerts_rule_id_index" ON "compliance_alerts" USING btree ("rule_id");--> statement-breakpoint
CREATE INDEX "compliance_cases_subject_user_id_status_index" ON "compliance_cases" USING btree ("subject_user_id","status");--> statement-breakpoint
CREATE INDEX "compliance_cases_status_id_index" ON "compliance_cases" USING btree ("status","id");--> statement-breakpoint
CREATE INDEX "compliance_cases_created_at_index" ON "compliance_cases" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "kyc_decisions_profile_id_seq_index" ON "kyc_decisions" USING btree ("profile_id","seq");--> statement-breakpoint
CREATE INDEX "kyc_decisions_user_id_index" ON "kyc_decisions" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "kyc_profiles_user_id_seq_index" ON "kyc_profiles" USING btree ("user_id","seq");--> statement-breakpoint
CREATE INDEX "kyc_profiles_status_index" ON "kyc_profiles" USING btree ("status");--> statement-breakpoint
CREATE UNIQUE INDEX "kyc_profiles_one_live_per_user" ON "kyc_profiles" USING btree ("user_id") WHERE "kyc_profiles"."status" in ('pending', 'in_review', 'approved');--> statement-breakpoint
CREATE INDEX "compliance_order_values_user_id_at_index" ON "compliance_order_values" USING btree ("user_id","at");--> statement-breakpoint
CREATE INDEX "usd_price_marks_currency_observed_at_index" ON "usd_price_marks" USING btree ("currency","observed_at");--> statement-breakpoint
CREATE INDEX "sanctions_aliases_list_id_ent_num_index" ON "sanctions_aliases" USING btree ("list_id","ent_num");--> statement-breakpoint
CREATE UNIQUE INDEX "sanctions_lists_one_active_per_name" ON "sanctions_lists" USING btree ("name") WHERE "sanctions_lists"."active";--> statement-breakpoint
CREATE INDEX "screening_results_subject_user_id_index" ON "screening_results" USING btree ("subject_user_id");--> statement-breakpoint
CREATE INDEX "screening_results_kyc_profile_id_index" ON "screening_results" USING btree ("kyc_profile_id");