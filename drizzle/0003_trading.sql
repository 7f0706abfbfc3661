CREATE TABLE "bot_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"bot_id" uuid NOT NULL,
	"tick" integer NOT NULL,
	"status" text NOT NULL,
	"market" jsonb NOT NULL,
	"intents" jsonb NOT NULL,
	"next_state" jsonb NOT NULL,
	"results" jsonb,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "bots" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"strategy" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"mode" text NOT NULL,
	"config" jsonb NOT NULL,
	"status" text DEFAULT 'stopped' NOT NULL,
	"state" jsonb NOT NULL,
	"last_tick" integer DEFAULT 0 NOT NULL,
	"next_tick_at" timestamp with time zone,
	"tick_lease_until" timestamp with time zone,
	"last_error" text,
	"started_at" timestamp with time zone,
	"stopped_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "fills" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"order_id" uuid NOT NULL,
	"bot_id" uuid,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"trade_id" text NOT NULL,
	"price" numeric(36, 18) NOT NULL,
	"amount" numeric(36, 18) NOT NULL,
	"cost" numeric(36, 18) NOT NULL,
	"fee" numeric(36, 18) NOT NULL,
	"fee_currency" text,
	"fee_quote" numeric(36, 18),
	"realized_pnl" numeric(36, 18) NOT NULL,
	"taker_or_maker" text,
	"ts" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fills_amount_check" CHECK ("fills"."amount" > 0 and "fills"."price" > 0 and "fills"."fee" >= 0)
);
--> statement-breakpoint
CREATE TABLE "kill_switches" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"active" boolean NOT NULL,
	"cancel_open_orders" boolean DEFAULT false NOT NULL,
	"reason" text,
	"changed_by" uuid,
	"changed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"side" text NOT NULL,
	"type" text NOT NULL,
	"amount" numeric(36, 18) NOT NULL,
	"requested_amount" numeric(36, 18) NOT NULL,
	"price" numeric(36, 18),
	"reference_price" numeric(36, 18),
	"status" text NOT NULL,
	"client_order_id" text NOT NULL,
	"idempotency_key" text,
	"request_hash" text NOT NULL,
	"response_status" integer,
	"response_body" json,
	"exchange_order_id" text,
	"filled" numeric(36, 18) DEFAULT '0' NOT NULL,
	"average_price" numeric(36, 18),
	"bot_id" uuid,
	"reject_reason" text,
	"evidence" jsonb,
	"reconcile_attempts" integer DEFAULT 0 NOT NULL,
	"not_found_count" integer DEFAULT 0 NOT NULL,
	"reconcile_after" timestamp with time zone,
	"reconcile_lease_until" timestamp with time zone,
	"last_reconciled_at" timestamp with time zone,
	"fills_pending" boolean DEFAULT false NOT NULL,
	"cancel_requested_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "orders_status_check" CHECK ("orders"."status" in ('pending_submit', 'open', 'partially_filled', 'filled', 'cancelled', 'rejected', 'unknown')),
	CONSTRAINT "orders_amount_check" CHECK ("orders"."amount" > 0 and "orders"."filled" >= 0)
);
--> statement-breakpoint
CREATE TABLE "positions" (
	"user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"symbol" text NOT NULL,
	"amount" numeric(36, 18) NOT NULL,
	"average_price" numeric(36, 18) NOT NULL,
	"realized_pnl" numeric(36, 18) NOT NULL,
	"realized_day_pnl" numeric(36, 18) DEFAULT '0' NOT NULL,
	"realized_day" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "positions_user_id_mode_venue_symbol_pk" PRIMARY KEY("user_id","mode","venue","symbol")
);
--> statement-breakpoint
CREATE TABLE "risk_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid,
	"type" text NOT NULL,
	"actor" uuid,
	"details" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "risk_limits" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"max_order_notional" numeric(36, 18),
	"max_position_notional" numeric(36, 18),
	"max_daily_loss" numeric(36, 18),
	"max_open_orders" integer,
	"updated_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "bot_runs" ADD CONSTRAINT "bot_runs_bot_id_bots_id_fk" FOREIGN KEY ("bot_id") REFERENCES "public"."bots"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bots" ADD CONSTRAINT "bots_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kill_switches" ADD CONSTRAINT "kill_switches_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "positions" ADD CONSTRAINT "positions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_events" ADD CONSTRAINT "risk_events_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "risk_limits" ADD CONSTRAINT "risk_limits_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bot_runs_bot_id_tick_index" ON "bot_runs" USING btree ("bot_id","tick");--> statement-breakpoint
CREATE INDEX "bots_user_id_id_index" ON "bots" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "bots_status_next_tick_at_index" ON "bots" USING btree ("status","next_tick_at");--> statement-breakpoint
CREATE UNIQUE INDEX "fills_user_id_venue_trade_id_index" ON "fills" USING btree ("user_id","venue","trade_id");--> statement-breakpoint
CREATE INDEX "fills_user_id_id_index" ON "fills" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "fills_order_id_index" ON "fills" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "fills_bot_id_ts_index" ON "fills" USING btree ("bot_id","ts");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_user_id_idempotency_key_index" ON "orders" USING btree ("user_id","idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "orders_client_order_id_index" ON "orders" USING btree ("client_order_id");--> statement-breakpoint
CREATE INDEX "orders_user_id_id_index" ON "orders" USING btree ("user_id","id");--> statement-breakpoint
CREATE INDEX "orders_bot_id_id_index" ON "orders" USING btree ("bot_id","id");--> statement-breakpoint
CREATE INDEX "orders_user_active_idx" ON "orders" USING btree ("user_id","mode","venue","symbol") WHERE status in ('pending_submit', 'unknown', 'open', 'partially_filled');--> statement-breakpoint
CREATE INDEX "orders_reconcile_idx" ON "orders" USING btree ("reconcile_after") WHERE status in ('pending_submit', 'unknown', 'open', 'partially_filled') or fills_pending;--> statement-breakpoint
CREATE INDEX "risk_events_user_id_id_index" ON "risk_events" USING btree ("user_id","id");