CREATE TABLE "analytics_lots" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "analytics_lots_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"book_id" uuid NOT NULL,
	"fill_id" uuid NOT NULL,
	"ts" timestamp with time zone NOT NULL,
	"price" numeric NOT NULL,
	"amount" numeric NOT NULL,
	"remaining" numeric NOT NULL,
	"fee" numeric NOT NULL,
	"unpriced_currency" text,
	"unpriced_amount" numeric
);
--> statement-breakpoint
ALTER TABLE "analytics_books" ADD COLUMN "last_ts" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "analytics_books" ADD COLUMN "last_fill_id" uuid;--> statement-breakpoint
ALTER TABLE "analytics_lots" ADD CONSTRAINT "analytics_lots_book_id_analytics_books_id_fk" FOREIGN KEY ("book_id") REFERENCES "public"."analytics_books"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "analytics_lots_book_id_id_index" ON "analytics_lots" USING btree ("book_id","id");--> statement-breakpoint
-- Open lots move from the books' JSON state to rows, in FIFO order (identity follows insert order).
INSERT INTO "analytics_lots" ("book_id", "fill_id", "ts", "price", "amount", "remaining", "fee", "unpriced_currency", "unpriced_amount")
SELECT b."id", (l.value->>'fillId')::uuid, (l.value->>'ts')::timestamptz, (l.value->>'price')::numeric,
  (l.value->>'amount')::numeric, (l.value->>'remaining')::numeric, (l.value->>'fee')::numeric,
  l.value->'unpricedFee'->>'currency', (l.value->'unpricedFee'->>'amount')::numeric
FROM "analytics_books" b CROSS JOIN LATERAL jsonb_array_elements(b."state"->'lots') WITH ORDINALITY AS l(value, n)
ORDER BY b."id", l.n;--> statement-breakpoint
UPDATE "analytics_books" b SET "last_ts" = ("state"->>'lastTs')::timestamptz,
  "last_fill_id" = (SELECT f."id" FROM "fills" f WHERE f."user_id" = b."user_id" AND f."mode" = b."mode"
    AND f."venue" = b."venue" AND f."bot_id" IS NOT DISTINCT FROM b."bot_id" AND f."symbol" = b."symbol"
    ORDER BY f."ts" DESC, f."id" DESC LIMIT 1);--> statement-breakpoint
ALTER TABLE "analytics_books" DROP COLUMN "state";
