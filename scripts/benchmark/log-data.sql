-- The benchmark's event log, generated server-side: :events events over the last 90 days in
-- seq_no order, in streams of 5 events (an order's life), 20 event types, 50 tenants,
-- payloads of about 300 bytes; and three consumers.
-- psql -v events=5000000 -f log-data.sql
\set ON_ERROR_STOP on
\ir payloads.sql
INSERT INTO public.event_log (stream_id, stream_seq, tenant_id, event_type, payload, metadata,
                              created_at)
SELECT 'ord-' || ((i - 1) / 5), (i - 1) % 5 + 1, 'tenant-' || (i / 5 % 50),
       (ARRAY['OrderPlaced', 'OrderPaid', 'OrderShipped', 'OrderDelivered', 'OrderClosed',
              'PaymentAuthorized', 'PaymentCaptured', 'PaymentFailed', 'PaymentRefunded',
              'ShipmentCreated', 'ShipmentDispatched', 'ShipmentDelivered', 'ShipmentLost',
              'CustomerRegistered', 'CustomerUpdated', 'CustomerDeleted', 'InvoiceIssued',
              'InvoicePaid', 'InvoiceOverdue', 'InvoiceVoided'])[(i - 1) % 5 + 1 + 5 * (i / 5 % 4)],
       p.payload, p.metadata,
       pg_catalog.now() - interval '90 days' + (i::float8 / :events) * interval '90 days'
FROM pg_catalog.generate_series(1, :events) AS i
JOIN bench_payloads AS p ON p.k = i % 10000;

INSERT INTO public.event_consumers (consumer, position, updated_at)
VALUES ('projector', :events, pg_catalog.now() - interval '5 minutes'),
       ('analytics', :events - :events / 10, pg_catalog.now() - interval '2 days'),
       ('new-consumer', 0, pg_catalog.now() - interval '1 hour');
