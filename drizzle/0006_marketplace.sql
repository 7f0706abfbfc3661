CREATE TABLE "marketplace_listings" (
	"id" uuid PRIMARY KEY NOT NULL,
	"provider_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"status" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace_providers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"display_name" text NOT NULL,
	"legal_name" text NOT NULL,
	"screening_reference" text,
	"screened_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "marketplace_providers_userId_unique" UNIQUE("user_id")
);
--> statement-breakpoint
CREATE TABLE "marketplace_signals" (
	"id" uuid PRIMARY KEY NOT NULL,
	"listing_id" uuid NOT NULL,
	"day" date NOT NULL,
	"day_index" integer NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"price" numeric(36, 18),
	"stop_loss" numeric(36, 18),
	"take_profit" numeric(36, 18),
	"note" text,
	"published_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "marketplace_subscriptions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"listing_id" uuid NOT NULL,
	"tier_id" uuid NOT NULL,
	"subscriber_id" uuid NOT NULL,
	"status" text NOT NULL,
	"price" numeric(36, 18) NOT NULL,
	"currency" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"cancelled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "marketplace_tiers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"listing_id" uuid NOT NULL,
	"name" text NOT NULL,
	"price" numeric(36, 18) NOT NULL,
	"currency" text NOT NULL,
	"max_subscribers" integer NOT NULL,
	"max_signals_per_day" integer NOT NULL,
	"position" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "marketplace_tiers_price_check" CHECK ("marketplace_tiers"."price" >= 0),
	CONSTRAINT "marketplace_tiers_quota_check" CHECK ("marketplace_tiers"."max_subscribers" >= 1 and "marketplace_tiers"."max_signals_per_day" >= 1)
);
--> statement-breakpoint
CREATE TABLE "exchange_probes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"exchange" text NOT NULL,
	"symbol" text NOT NULL,
	"ok" boolean NOT NULL,
	"latency_ms" integer NOT NULL,
	"error_kind" text,
	"error_name" text,
	"error_reason" text,
	"circuit_state" text NOT NULL,
	"consecutive_failures" integer NOT NULL,
	"probed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "marketplace_listings" ADD CONSTRAINT "marketplace_listings_provider_id_marketplace_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."marketplace_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_providers" ADD CONSTRAINT "marketplace_providers_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_signals" ADD CONSTRAINT "marketplace_signals_listing_id_marketplace_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."marketplace_listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_subscriptions" ADD CONSTRAINT "marketplace_subscriptions_listing_id_marketplace_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."marketplace_listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_subscriptions" ADD CONSTRAINT "marketplace_subscriptions_tier_id_marketplace_tiers_id_fk" FOREIGN KEY ("tier_id") REFERENCES "public"."marketplace_tiers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_subscriptions" ADD CONSTRAINT "marketplace_subscriptions_subscriber_id_users_id_fk" FOREIGN KEY ("subscriber_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "marketplace_tiers" ADD CONSTRAINT "marketplace_tiers_listing_id_marketplace_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."marketplace_listings"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "marketplace_listings_provider_id_id_index" ON "marketplace_listings" USING btree ("provider_id","id");--> statement-breakpoint
CREATE INDEX "marketplace_listings_status_id_index" ON "marketplace_listings" USING btree ("status","id");--> statement-breakpoint
CREATE UNIQUE INDEX "marketplace_signals_listing_id_day_day_index_index" ON "marketplace_signals" USING btree ("listing_id","day","day_index");--> statement-breakpoint
CREATE INDEX "marketplace_signals_listing_id_id_index" ON "marketplace_signals" USING btree ("listing_id","id");--> statement-breakpoint
CREATE UNIQUE INDEX "marketplace_subscriptions_active_idx" ON "marketplace_subscriptions" USING btree ("listing_id","subscriber_id") WHERE status = 'active';--> statement-breakpoint
CREATE INDEX "marketplace_subscriptions_subscriber_id_status_index" ON "marketplace_subscriptions" USING btree ("subscriber_id","status");--> statement-breakpoint
CREATE INDEX "marketplace_subscriptions_tier_id_status_index" ON "marketplace_subscriptions" USING btree ("tier_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "marketplace_tiers_listing_id_name_index" ON "marketplace_tiers" USING btree ("listing_id","name");--> statement-breakpoint
CREATE INDEX "exchange_probes_exchange_probed_at_index" ON "exchange_probes" USING btree ("exchange","probed_at");--> statement-breakpoint
CREATE INDEX "exchange_probes_probed_at_index" ON "exchange_probes" USING btree ("probed_at");