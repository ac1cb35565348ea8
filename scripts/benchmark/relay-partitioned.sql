-- The relay of the partitioned benchmark: relay.sql's transaction on part.outbox.
BEGIN;
WITH claimed AS (
    SELECT id, created_at FROM part.outbox
    WHERE status = 'pending' AND scheduled_at <= pg_catalog.now()
    ORDER BY created_at
    LIMIT 100
    FOR UPDATE SKIP LOCKED
)
UPDATE part.outbox AS o
SET status = 'completed', attempts = o.attempts + 1, processed_at = pg_catalog.now(),
    updated_at = pg_catalog.now()
FROM claimed
WHERE o.id = claimed.id AND o.created_at = claimed.created_at;
INSERT INTO part.outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload)
SELECT 'tenant-' || (n % 50), 'order', 'relay-' || n, 'OrderPlaced',
       '{"order_id": 1, "customer_id": "cust-31", "amount_cents": 4217, "currency": "EUR", "lines": [{"sku": "sku-1", "qty": 2}, {"sku": "sku-2", "qty": 1}], "shipping": {"country": "DE", "city": "Berlin", "zip": "10115"}, "note": "c4ca4238a0b923820dcc509a6f75849bc81e728d9d4c2f636f067f89cc14862c"}'
FROM pg_catalog.generate_series(1, 100) AS n;
END;
