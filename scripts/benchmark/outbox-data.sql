-- The benchmark's canonical outbox, generated server-side: :rows entries in created_at order
-- over the last 90 days, as a relay leaves them: the newest 2.5 % still pending (2 %) or
-- processing (0.5 %), the rest completed (95 % of all) with failed (2 %) and dead (0.5 %)
-- scattered among them; 20 event types, 50 tenants, payloads of about 300 bytes.
-- Deterministic: the same :rows gives the same rows, ids included; times are relative to now().
-- psql -v rows=5000000 -f outbox-data.sql
\set ON_ERROR_STOP on
\ir payloads.sql
INSERT INTO public.outbox (id, tenant_id, aggregate_type, aggregate_id, sequence, event_type,
                           idempotency_key, payload, metadata, status, attempts, max_attempts,
                           last_error, scheduled_at, locked_by, locked_until, created_at,
                           updated_at, processed_at)
SELECT pg_catalog.md5('bench-' || g.i)::uuid, g.tenant, g.aggregate_type, g.aggregate_id, g.i % 7,
       g.event_type, 'bench-' || g.i,
       p.payload, p.metadata,
       g.status,
       CASE g.status WHEN 'failed' THEN 3 WHEN 'dead' THEN 10 WHEN 'completed' THEN 1 ELSE 0 END,
       10,
       CASE WHEN g.status IN ('failed', 'dead') THEN 'broker timeout after 30s' END,
       g.created_at,
       CASE WHEN g.status = 'processing' THEN 'relay-' || (g.i % 4) END,
       CASE WHEN g.status = 'processing' THEN
           pg_catalog.now() + CASE WHEN g.r % 10 = 0 THEN interval '-10 minutes'
                                   ELSE interval '5 minutes' END END,
       g.created_at,
       g.created_at + interval '2 seconds',
       CASE WHEN g.status IN ('completed', 'dead')
            THEN g.created_at + (g.r % 5000) * interval '1 millisecond' END
FROM (
    SELECT s.i, s.r,
           'tenant-' || (s.i % 50) AS tenant,
           (ARRAY['order', 'payment', 'shipment', 'customer', 'invoice'])[s.i % 5 + 1] AS aggregate_type,
           'agg-' || (s.i / 4) AS aggregate_id,
           (ARRAY['OrderPlaced', 'OrderPaid', 'OrderShipped', 'OrderCancelled', 'OrderRefunded',
                  'PaymentAuthorized', 'PaymentCaptured', 'PaymentFailed', 'PaymentRefunded',
                  'ShipmentCreated', 'ShipmentDispatched', 'ShipmentDelivered', 'ShipmentLost',
                  'CustomerRegistered', 'CustomerUpdated', 'CustomerDeleted', 'InvoiceIssued',
                  'InvoicePaid', 'InvoiceOverdue', 'InvoiceVoided'])[s.i % 20 + 1] AS event_type,
           CASE WHEN s.i > :rows * 0.975 THEN
                    CASE WHEN s.r < 8000 THEN 'pending' ELSE 'processing' END
                WHEN s.r < 205 THEN 'failed'
                WHEN s.r < 256 THEN 'dead'
                ELSE 'completed' END AS status,
           pg_catalog.now() - interval '90 days' + (s.i::float8 / :rows) * interval '90 days'
               AS created_at
    FROM (SELECT i, (i * 2654435761) % 10000 AS r FROM pg_catalog.generate_series(1, :rows) AS i) AS s
) AS g
JOIN bench_payloads AS p ON p.k = g.i % 10000;
