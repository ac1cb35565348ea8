-- One relay transaction, as pgbench runs it during the purge measurements: claim the 100
-- oldest due pending entries that no other worker holds, mark them completed (published), and
-- enqueue 100 new pending entries, as the application keeps doing, so the relay never runs dry.
BEGIN;
WITH claimed AS (
    SELECT id FROM public.outbox
    WHERE status = 'pending' AND scheduled_at <= pg_catalog.now()
    ORDER BY created_at
    LIMIT 100
    FOR UPDATE SKIP LOCKED
)
UPDATE public.outbox AS o
SET status = 'completed', attempts = o.attempts + 1, processed_at = pg_catalog.now(),
    updated_at = pg_catalog.now()
FROM claimed
WHERE o.id = claimed.id;
INSERT INTO public.outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
SELECT 'tenant-' || (n % 50), 'order', 'relay-' || n, 'OrderPlaced',
       '{"order_id": 1, "customer_id": "cust-31", "amount_cents": 4217, "currency": "EUR", "lines": [{"sku": "sku-1", "qty": 2}, {"sku": "sku-2", "qty": 1}], "shipping": {"country": "DE", "city": "Berlin", "zip": "10115"}, "note": "c4ca4238a0b923820dcc509a6f75849bc81e728d9d4c2f636f067f89cc14862c"}'
FROM pg_catalog.generate_series(1, 100) AS n;
END;
