-- Sample data for the eventctl sandbox; scripts/sandbox.sh start loads it once, into the
-- canonical tables that `eventctl schema init` made in the public schema:
--   outbox           3,000 entries of a dozen event types over the last 60 days: mostly
--                    completed; pending ones up to ~40 minutes old (the relay's lag); a few
--                    processing, some with a live lock and some whose lock expired (stale);
--                    failed ones waiting for their next attempt; dead ones that used them all
--   event_log        5,000 events over the same 60 days, in per-aggregate streams
--   event_consumers  four consumers: at the head, slightly behind, stalled for days, and new
-- Deterministic: every choice is a hash of the row number, so two loads differ only in when
-- "now" was. Runs in one transaction and refuses tables that already hold rows; to start over:
-- scripts/sandbox.sh stop --purge && scripts/sandbox.sh start.
--
-- By hand: psql -X -v ON_ERROR_STOP=1 -d "$EVENTCTL_DB" -f scripts/sandbox-data.sql

BEGIN;

SET LOCAL search_path = public;

DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM outbox) OR EXISTS (SELECT 1 FROM event_log)
            OR EXISTS (SELECT 1 FROM event_consumers) THEN
        RAISE EXCEPTION 'sample data: outbox, event_log or event_consumers already has rows'
            USING HINT = 'load it into an empty database (scripts/sandbox.sh stop --purge, then start)';
    END IF;
END
$$;

-- pick(seed, n): a deterministic integer in [0, n), from the md5 of the seed.
CREATE FUNCTION pg_temp.pick(seed text, n integer) RETURNS integer
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT (('x' || left(md5(seed), 8))::bit(32)::bigint % n)::integer $$;

-- A version-4-shaped uuid from the seed.
CREATE FUNCTION pg_temp.uuid_from(seed text) RETURNS uuid
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
        SELECT (left(h, 12) || '4' || substr(h, 14, 3)
                || substr('89ab', pg_temp.pick(seed || '/variant', 4) + 1, 1)
                || substr(h, 18))::uuid
        FROM md5(seed) AS h
    $$;

-- A money amount between 5.00 and 505.00.
CREATE FUNCTION pg_temp.amount(seed text) RETURNS numeric
    LANGUAGE sql IMMUTABLE STRICT
    AS $$ SELECT round((500 + pg_temp.pick(seed, 50000)) / 100.0, 2) $$;

-- The aggregate of each sample event type, the service that writes it, how many aggregates of
-- that type the sample has, and its share of the traffic as a range of pick(..., 100).
CREATE TEMPORARY TABLE sample_type (
    event_type     text PRIMARY KEY,
    aggregate_type text NOT NULL,
    id_prefix      text NOT NULL,
    aggregates     integer NOT NULL,
    producer       text NOT NULL,
    share_from     integer NOT NULL,
    share_to       integer NOT NULL
) ON COMMIT DROP;

INSERT INTO sample_type VALUES
    ('OrderPlaced',            'Order',     'ord', 700, 'orders-service',      0, 17),
    ('OrderConfirmed',         'Order',     'ord', 700, 'orders-service',     18, 31),
    ('OrderShipped',           'Order',     'ord', 700, 'fulfilment-service', 32, 43),
    ('OrderCancelled',         'Order',     'ord', 700, 'orders-service',     44, 46),
    ('PaymentAuthorized',      'Payment',   'pay', 600, 'payments-service',   47, 58),
    ('PaymentCaptured',        'Payment',   'pay', 600, 'payments-service',   59, 69),
    ('PaymentRefunded',        'Payment',   'pay', 600, 'payments-service',   70, 71),
    ('InventoryReserved',      'Inventory', 'sku', 150, 'inventory-service',  72, 81),
    ('InventoryReleased',      'Inventory', 'sku', 150, 'inventory-service',  82, 84),
    ('CustomerRegistered',     'Customer',  'cus', 300, 'customers-service',  85, 89),
    ('CustomerAddressChanged', 'Customer',  'cus', 300, 'customers-service',  90, 92),
    ('InvoiceIssued',          'Invoice',   'inv', 400, 'billing-service',    93, 99);

-- The tenant an aggregate belongs to: acme 50 %, globex 25 %, initech 15 %, umbrella 10 %.
CREATE FUNCTION pg_temp.tenant_of(aggregate_id text) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
        SELECT CASE
            WHEN p < 50 THEN 'acme'
            WHEN p < 75 THEN 'globex'
            WHEN p < 90 THEN 'initech'
            ELSE 'umbrella'
        END
        FROM pg_temp.pick(aggregate_id || '/tenant', 100) AS p
    $$;

-- A payload of 100-300 bytes shaped like the event type's.
CREATE FUNCTION pg_temp.payload(event_type text, aggregate_id text, seed text) RETURNS jsonb
    LANGUAGE sql IMMUTABLE STRICT
    AS $$
        SELECT CASE event_type
            WHEN 'OrderPlaced' THEN jsonb_build_object(
                'order_id', aggregate_id, 'customer_id', customer_id, 'currency', currency,
                'total', pg_temp.amount(seed || '/total'),
                'channel', (ARRAY['web', 'ios', 'android', 'pos'])[1 + pg_temp.pick(seed || '/channel', 4)],
                'shipping', jsonb_build_object(
                    'method', (ARRAY['standard', 'standard', 'express'])[1 + pg_temp.pick(seed || '/shipping', 3)],
                    'country', country),
                'items', jsonb_build_array(
                    jsonb_build_object('sku', sku, 'quantity', 1 + pg_temp.pick(seed || '/q1', 3)),
                    jsonb_build_object('sku', 'sku-' || (100000 + pg_temp.pick(seed || '/sku2', 150)),
                                       'quantity', 1 + pg_temp.pick(seed || '/q2', 2))))
            WHEN 'OrderConfirmed' THEN jsonb_build_object(
                'order_id', aggregate_id, 'customer_id', customer_id,
                'confirmed_by', (ARRAY['auto', 'auto', 'auto', 'support'])[1 + pg_temp.pick(seed || '/by', 4)],
                'promised_delivery_days', 1 + pg_temp.pick(seed || '/days', 5))
            WHEN 'OrderShipped' THEN jsonb_build_object(
                'order_id', aggregate_id, 'carrier', carrier,
                'tracking_number', upper(left(carrier, 3)) || lpad(pg_temp.pick(seed || '/track', 1000000000)::text, 10, '0'),
                'warehouse', warehouse, 'parcels', 1 + pg_temp.pick(seed || '/parcels', 2))
            WHEN 'OrderCancelled' THEN jsonb_build_object(
                'order_id', aggregate_id, 'customer_id', customer_id,
                'reason', (ARRAY['customer_request', 'payment_failed', 'out_of_stock'])[1 + pg_temp.pick(seed || '/reason', 3)],
                'refund_required', pg_temp.pick(seed || '/refund', 2) = 0)
            WHEN 'PaymentAuthorized' THEN jsonb_build_object(
                'payment_id', aggregate_id, 'order_id', order_id,
                'amount', pg_temp.amount(seed || '/amount'), 'currency', currency, 'method', 'card',
                'card_brand', (ARRAY['visa', 'mastercard', 'amex'])[1 + pg_temp.pick(seed || '/brand', 3)],
                'last4', lpad(pg_temp.pick(seed || '/last4', 10000)::text, 4, '0'))
            WHEN 'PaymentCaptured' THEN jsonb_build_object(
                'payment_id', aggregate_id, 'order_id', order_id,
                'amount', pg_temp.amount(seed || '/amount'), 'currency', currency,
                'psp_reference', 'psp_' || left(md5(seed || '/psp'), 16))
            WHEN 'PaymentRefunded' THEN jsonb_build_object(
                'payment_id', aggregate_id, 'order_id', order_id,
                'amount', pg_temp.amount(seed || '/amount'), 'currency', currency,
                'reason', (ARRAY['order_cancelled', 'damaged_goods', 'goodwill'])[1 + pg_temp.pick(seed || '/reason', 3)])
            WHEN 'InventoryReserved' THEN jsonb_build_object(
                'sku', aggregate_id, 'order_id', order_id, 'warehouse', warehouse,
                'quantity', 1 + pg_temp.pick(seed || '/quantity', 4),
                'reservation_id', 'res-' || left(md5(seed || '/reservation'), 12))
            WHEN 'InventoryReleased' THEN jsonb_build_object(
                'sku', aggregate_id, 'order_id', order_id, 'warehouse', warehouse,
                'quantity', 1 + pg_temp.pick(seed || '/quantity', 4), 'reason', 'order_cancelled')
            WHEN 'CustomerRegistered' THEN jsonb_build_object(
                'customer_id', aggregate_id,
                'email', 'customer' || substr(aggregate_id, 5) || '@example.com',
                'country', country, 'locale', lower(country) || '-' || country,
                'marketing_opt_in', pg_temp.pick(seed || '/opt-in', 3) = 0)
            WHEN 'CustomerAddressChanged' THEN jsonb_build_object(
                'customer_id', aggregate_id, 'address', jsonb_build_object(
                    'street', (100 + pg_temp.pick(seed || '/house', 900)) || ' '
                        || (ARRAY['Market Street', 'Hauptstraße', 'Rue de Rivoli', 'Calle Mayor'])[1 + pg_temp.pick(seed || '/street', 4)],
                    'postal_code', lpad(pg_temp.pick(seed || '/zip', 100000)::text, 5, '0'),
                    'city', (ARRAY['Springfield', 'Berlin', 'Paris', 'Madrid'])[1 + pg_temp.pick(seed || '/city', 4)],
                    'country', country))
            WHEN 'InvoiceIssued' THEN jsonb_build_object(
                'invoice_id', aggregate_id, 'order_id', order_id, 'customer_id', customer_id,
                'amount', pg_temp.amount(seed || '/amount'), 'currency', currency,
                'due_in_days', (ARRAY[14, 30, 30, 60])[1 + pg_temp.pick(seed || '/due', 4)],
                'lines', 1 + pg_temp.pick(seed || '/lines', 6))
        END
        FROM (SELECT
                'cus-' || (100000 + pg_temp.pick(aggregate_id || '/customer', 300)) AS customer_id,
                'ord-' || (100000 + pg_temp.pick(aggregate_id || '/order', 700)) AS order_id,
                'sku-' || (100000 + pg_temp.pick(seed || '/sku', 150)) AS sku,
                (ARRAY['EUR', 'EUR', 'USD', 'GBP'])[1 + pg_temp.pick(aggregate_id || '/currency', 4)] AS currency,
                (ARRAY['DE', 'FR', 'US', 'GB', 'ES'])[1 + pg_temp.pick(aggregate_id || '/country', 5)] AS country,
                (ARRAY['DHL', 'UPS', 'GLS', 'FedEx'])[1 + pg_temp.pick(seed || '/carrier', 4)] AS carrier,
                (ARRAY['FRA-1', 'FRA-2', 'AMS-1'])[1 + pg_temp.pick(seed || '/warehouse', 3)] AS warehouse
        ) AS detail
    $$;

-- The outbox. A row's status is drawn first (2 % pending, 0.5 % processing, 1.5 % failed,
-- 0.8 % dead, the rest completed), then times that fit it.
CREATE TEMPORARY TABLE sample_outbox ON COMMIT DROP AS
WITH drawn AS (
    SELECT i, 'outbox/' || i AS seed, t.event_type, t.aggregate_type, t.producer,
           t.id_prefix || '-' || (100000 + pg_temp.pick('outbox/' || i || '/aggregate', t.aggregates))
               AS aggregate_id,
           CASE
               WHEN s < 20 THEN 'pending'
               WHEN s < 25 THEN 'processing'
               WHEN s < 40 THEN 'failed'
               WHEN s < 48 THEN 'dead'
               ELSE 'completed'
           END AS status,
           pg_temp.pick('outbox/' || i || '/stale', 3) = 0 AS stale,
           CASE WHEN t.aggregate_type = 'Payment' THEN 5 ELSE 10 END AS max_attempts,
           make_interval(secs => pg_temp.pick('outbox/' || i || '/micros', 1000000) / 1e6)
               AS jitter
    FROM generate_series(1, 3000) AS i
    JOIN sample_type AS t
        ON pg_temp.pick('outbox/' || i || '/type', 100) BETWEEN t.share_from AND t.share_to
    CROSS JOIN LATERAL (SELECT pg_temp.pick('outbox/' || i || '/status', 1000) AS s) AS draw
),
timed AS (
    SELECT d.*,
           now() - d.jitter - CASE
               WHEN d.status = 'pending'
                   THEN make_interval(secs => 5 + pg_temp.pick(d.seed || '/age', 2400))
               WHEN d.status = 'processing' AND d.stale
                   THEN make_interval(mins => 20 + pg_temp.pick(d.seed || '/age', 360))
               WHEN d.status = 'processing'
                   THEN make_interval(secs => 1 + pg_temp.pick(d.seed || '/age', 40))
               WHEN d.status = 'failed'
                   THEN make_interval(secs => 900 + pg_temp.pick(d.seed || '/age', 3 * 86400))
               ELSE make_interval(secs => 600 + pg_temp.pick(d.seed || '/age', 60 * 86400 - 600))
           END AS created_at
    FROM drawn AS d
)
SELECT t.*,
       row_number() OVER (PARTITION BY t.aggregate_id ORDER BY t.created_at, t.i) AS sequence
FROM timed AS t;

INSERT INTO outbox (id, tenant_id, aggregate_type, aggregate_id, sequence, event_type,
                    idempotency_key, payload, metadata, status, attempts, max_attempts,
                    last_error, scheduled_at, locked_by, locked_until, created_at, updated_at,
                    processed_at)
SELECT pg_temp.uuid_from(o.seed),
       pg_temp.tenant_of(o.aggregate_id),
       o.aggregate_type,
       o.aggregate_id,
       o.sequence,
       o.event_type,
       o.aggregate_id || ':' || o.sequence,
       pg_temp.payload(o.event_type, o.aggregate_id, o.seed),
       jsonb_build_object('producer', o.producer, 'schema_version', 1,
                          'trace_id', md5(o.seed || '/trace')),
       o.status,
       x.attempts,
       o.max_attempts,
       x.last_error,
       x.scheduled_at,
       x.locked_by,
       x.locked_until,
       o.created_at,
       coalesce(x.processed_at, x.last_attempt_at, o.created_at),
       x.processed_at
FROM sample_outbox AS o
CROSS JOIN LATERAL (
    SELECT
        -- attempts: completed mostly at the first try; failed with some left; dead with none
        CASE o.status
            WHEN 'pending' THEN 0
            WHEN 'processing' THEN 1
            WHEN 'completed' THEN CASE WHEN pg_temp.pick(o.seed || '/retried', 40) = 0
                                       THEN 2 + pg_temp.pick(o.seed || '/attempts', 2) ELSE 1 END
            WHEN 'failed' THEN 1 + pg_temp.pick(o.seed || '/attempts', o.max_attempts - 1)
            WHEN 'dead' THEN o.max_attempts
        END AS attempts,
        CASE o.status
            WHEN 'failed' THEN (ARRAY[
                'broker timeout after 30s',
                'HTTP 503 from https://hooks.example.com',
                'HTTP 503 from https://hooks.example.com/v1/orders',
                'connection refused: kafka-2.internal:9092',
                'HTTP 429 Too Many Requests from https://api.partner.example.net/events (Retry-After: 60)',
                'TLS handshake timeout after 10s: hooks.example.com:443',
                'NOT_ENOUGH_REPLICAS: topic orders.events partition 3 has 1 in-sync replica, needs 2',
                'HTTP 502 Bad Gateway from https://hooks.example.com/v1/payments'
            ])[1 + pg_temp.pick(o.seed || '/error', 8)]
            WHEN 'dead' THEN (ARRAY[
                'broker timeout after 30s',
                'HTTP 503 from https://hooks.example.com',
                'HTTP 410 Gone from https://hooks.example.com/v1/legacy-orders',
                'HTTP 400 from https://api.partner.example.net/events: {"error":"invalid_payload","field":"customer_id"}',
                'MESSAGE_TOO_LARGE: record of 1048712 bytes exceeds max.message.bytes 1048588',
                'schema registry: payload incompatible with subject payments-value version 7'
            ])[1 + pg_temp.pick(o.seed || '/error', 6)]
        END AS last_error,
        -- when the relay may next pick it up: a failed entry backs off; a few pending ones were
        -- written for later delivery
        CASE
            WHEN o.status = 'failed' THEN now() + make_interval(
                secs => pg_temp.pick(o.seed || '/retry', 1800) - 300)
            WHEN o.status = 'pending' AND pg_temp.pick(o.seed || '/delayed', 12) = 0
                THEN o.created_at + interval '1 hour'
            ELSE o.created_at
        END AS scheduled_at,
        CASE
            WHEN o.status <> 'processing' THEN NULL
            WHEN o.stale THEN 'outbox-relay-6f7d9c8b5-mq4lt' -- a pod that was killed
            ELSE (ARRAY['outbox-relay-6f7d9c8b5-2xkqp', 'outbox-relay-6f7d9c8b5-8zvbn'])
                     [1 + pg_temp.pick(o.seed || '/relay', 2)]
        END AS locked_by,
        -- a relay claims an entry half a second after it was written, with a 5-minute lease:
        -- the live locks expire a few minutes after the load, the stale ones did hours ago
        CASE
            WHEN o.status = 'processing'
                THEN o.created_at + interval '0.5 seconds' + interval '5 minutes'
        END AS locked_until,
        CASE
            WHEN o.status = 'processing' THEN o.created_at + interval '0.5 seconds'
            WHEN o.status = 'failed'
                THEN o.created_at + make_interval(secs => 60 + pg_temp.pick(o.seed || '/last', 600))
        END AS last_attempt_at,
        CASE o.status
            WHEN 'completed' THEN o.created_at + make_interval(
                secs => (20 + pg_temp.pick(o.seed || '/latency', 2000)) / 1000.0)
                + CASE WHEN pg_temp.pick(o.seed || '/retried', 40) = 0
                       THEN make_interval(mins => 1 + pg_temp.pick(o.seed || '/backoff', 30))
                       ELSE interval '0' END
            WHEN 'dead' THEN o.created_at + make_interval(
                mins => 90 + pg_temp.pick(o.seed || '/gave-up', 600))
        END AS processed_at
) AS x
ORDER BY o.created_at;

-- The event log: events spread over 60 days, oldest first so seq_no follows created_at. Each
-- belongs to the stream of its aggregate; one in 250 is a catalogue-wide event with no stream.
INSERT INTO event_log (stream_id, stream_seq, tenant_id, event_type, payload, metadata, created_at)
SELECT e.stream_id,
       CASE WHEN e.stream_id IS NOT NULL
            THEN row_number() OVER (PARTITION BY e.stream_id ORDER BY e.created_at, e.i) END,
       e.tenant_id,
       e.event_type,
       e.payload,
       jsonb_build_object('producer', e.producer, 'schema_version', 1,
                          'trace_id', md5(e.seed || '/trace')),
       e.created_at
FROM (
    SELECT i, seed, producer, created_at,
           CASE WHEN catalogue THEN NULL ELSE aggregate_id END AS stream_id,
           CASE WHEN catalogue THEN NULL ELSE pg_temp.tenant_of(aggregate_id) END AS tenant_id,
           CASE WHEN catalogue THEN 'CatalogPublished' ELSE event_type END AS event_type,
           CASE WHEN catalogue
                THEN jsonb_build_object('catalog_id', 'cat-' || (2000 + i / 250),
                                        'products', 1200 + pg_temp.pick(seed || '/products', 300),
                                        'price_changes', pg_temp.pick(seed || '/prices', 80),
                                        'published_by', 'merchandising',
                                        'channels', jsonb_build_array('web', 'ios', 'android'))
                ELSE pg_temp.payload(event_type, aggregate_id, seed) END AS payload
    FROM (
        SELECT i, 'log/' || i AS seed, t.event_type, t.producer, i % 250 = 0 AS catalogue,
               t.id_prefix || '-' || (100000 + pg_temp.pick('log/' || i || '/aggregate', t.aggregates))
                   AS aggregate_id,
               now() - interval '60 days' + (interval '60 days' - interval '90 seconds') * i / 5000
                   + make_interval(secs => pg_temp.pick('log/' || i || '/micros', 1000000) / 1e6)
                   AS created_at
        FROM generate_series(1, 5000) AS i
        JOIN sample_type AS t
            ON pg_temp.pick('log/' || i || '/type', 100) BETWEEN t.share_from AND t.share_to
    ) AS raw
) AS e
ORDER BY e.created_at, e.i;

-- Consumers: one at the head, one a few events behind, one stalled for nine days, and one just
-- created that has acknowledged nothing.
INSERT INTO event_consumers (consumer, position, updated_at)
SELECT 'billing-projector', max(seq_no), now() - interval '4 seconds' FROM event_log
UNION ALL
SELECT 'search-indexer', max(seq_no) - 25, now() - interval '50 seconds' FROM event_log
UNION ALL
SELECT 'analytics-export', coalesce(max(seq_no), 0), now() - interval '9 days 2 hours'
FROM event_log WHERE created_at < now() - interval '9 days 2 hours'
UNION ALL
SELECT 'fraud-detector-v2', 0, now() - interval '3 hours';

COMMIT;

ANALYZE outbox;
ANALYZE event_log;
ANALYZE event_consumers;
