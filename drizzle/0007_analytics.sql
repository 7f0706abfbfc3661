CREATE TABLE "analytics_books" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"bot_id" uuid,
	"symbol" text NOT NULL,
	"state" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "analytics_books_key" UNIQUE NULLS NOT DISTINCT("user_id","mode","venue","bot_id","symbol")
);
--> statement-breakpoint
CREATE TABLE "analytics_daily" (
	"book_id" uuid NOT NULL,
	"day" text NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"bot_id" uuid,
	"symbol" text NOT NULL,
	"fill_count" integer NOT NULL,
	"volume" numeric NOT NULL,
	"first_ts" timestamp with time zone,
	"last_ts" timestamp with time zone,
	"trade_count" integer NOT NULL,
	"wins" integer NOT NULL,
	"losses" integer NOT NULL,
	"sum_pnl" numeric NOT NULL,
	"sum_wins" numeric NOT NULL,
	"sum_losses" numeric NOT NULL,
	"sum_pnl_sq" numeric NOT NULL,
	"best" numeric,
	"worst" numeric,
	CONSTRAINT "analytics_daily_book_id_day_pk" PRIMARY KEY("book_id","day"),
	CONSTRAINT "analytics_daily_day_check" CHECK ("analytics_daily"."day" ~ '^\d{4}-\d{2}-\d{2}$')
);
--> statement-breakpoint
CREATE TABLE "analytics_trades" (
	"id" uuid PRIMARY KEY NOT NULL,
	"book_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"mode" text NOT NULL,
	"venue" text NOT NULL,
	"bot_id" uuid,
	"symbol" text NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"amount" numeric(36, 18) NOT NULL,
	"price" numeric(36, 18) NOT NULL,
	"matched_amount" numeric(36, 18) NOT NULL,
	"unmatched_amount" numeric(36, 18) NOT NULL,
	"cost_basis" numeric(36, 18) NOT NULL,
	"gross_pnl" numeric(36, 18) NOT NULL,
	"fees" numeric(36, 18) NOT NULL,
	"pnl" numeric(36, 18) NOT NULL
);
--> statement-breakpoint
ALTER TABLE "fills" ALTER COLUMN "order_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "analytics_books" ADD CONSTRAINT "analytics_books_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_book_id_analytics_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."analytics_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_daily" ADD CONSTRAINT "analytics_daily_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_trades" ADD CONSTRAINT "analytics_trades_id_fills_id_fk" FOREIGN KEY ("id") REFERENCES "public"."fills"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_trades" ADD CONSTRAINT "analytics_trades_book_id_analytics_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."analytics_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_trades" ADD CONSTRAINT "analytics_trades_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_daily_user_id_day_index" ON "analytics_daily" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "analytics_daily_bot_id_day_index" ON "analytics_daily" USING btree ("bot_id","day");--> statement-breakpoint
CREATE INDEX "analytics_trades_user_id_ts_index" ON "analytics_trades" USING btree ("user_id","ts");--> statement-breakpoint
CREATE INDEX "analytics_trades_bot_id_ts_index" ON "analytics_trades" USING btree ("bot_id","ts");--> statement-breakpoint
CREATE INDEX "analytics_trades_book_id_ts_index" ON "analytics_trades" USING btree ("book_id","ts");--> statement-breakpoint
CREATE INDEX "fills_venue_symbol_ts_index" ON "fills" USING btree ("venue","symbol","ts");--> statement-breakpoint
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_check" CHECK ("fills"."order_id" is not null or "fills"."venue" = 'imported');