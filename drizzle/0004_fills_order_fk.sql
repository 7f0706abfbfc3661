-- Checked at commit, so an order and its fills can be sent together (pipelined) in one transaction.
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action DEFERRABLE INITIALLY DEFERRED;
