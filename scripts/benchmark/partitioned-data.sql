-- The partitioned benchmark tables, in schema part (made by 'eventctl --schema part schema
-- init' first): part.outbox partitioned by week on created_at, 14 weeks back and 2 ahead plus
-- a DEFAULT partition, holding :rows entries created evenly over the last 98 days, all
-- completed but the last day's (pending, for the relay); part.event_log partitioned by range
-- on seq_no, :part_size positions a partition (500,000 at full size), holding :events events
-- over the same 98 days, with one live consumer near the head. The indexes are the canonical ones, made on the partitioned
-- tables (each partition gets its own).
-- psql -v rows=5000000 -v events=5000000 -v part_size=500000 -f partitioned-data.sql
\set ON_ERROR_STOP on
\ir payloads.sql
DROP TABLE part.outbox;
CREATE TABLE part.outbox (
    id uuid NOT NULL DEFAULT pg_catalog.gen_random_uuid(), tenant_id text, aggregate_type text,
    aggregate_id text, sequence bigint, event_type text NOT NULL, idempotency_key text,
    payload jsonb NOT NULL, metadata jsonb, status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead')),
    attempts integer NOT NULL DEFAULT 0, max_attempts integer NOT NULL DEFAULT 10,
    last_error text, scheduled_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    locked_by text, locked_until timestamptz,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at timestamptz NOT NULL DEFAULT pg_catalog.now(), processed_at timestamptz,
    PRIMARY KEY (id, created_at)
) PARTITION BY RANGE (created_at);
DO $$
DECLARE
    week_start timestamptz := pg_catalog.date_trunc('week', pg_catalog.now());
BEGIN
    FOR w IN -2 .. 14 LOOP
        EXECUTE pg_catalog.format('CREATE TABLE part.%I PARTITION OF part.outbox FOR VALUES '
                                  'FROM (%L) TO (%L)',
                                  CASE WHEN w < 0 THEN 'outbox_a' || -w ELSE 'outbox_w' || w END,
                                  week_start - w * interval '1 week',
                                  week_start - (w - 1) * interval '1 week');
    END LOOP;
END $$;
CREATE TABLE part.outbox_default PARTITION OF part.outbox DEFAULT;
INSERT INTO part.outbox (tenant_id, aggregate_type, aggregate_id, event_type, payload, metadata,
                         status, attempts, created_at, updated_at, processed_at)
SELECT 'tenant-' || (i % 50), 'order', 'o-' || i, 'OrderPlaced', p.payload, p.metadata,
       CASE WHEN t.created_at > pg_catalog.now() - interval '1 day' THEN 'pending'
            ELSE 'completed' END,
       1, t.created_at, t.created_at,
       CASE WHEN t.created_at <= pg_catalog.now() - interval '1 day'
            THEN t.created_at + interval '2 seconds' END
FROM pg_catalog.generate_series(1, :rows) AS i
CROSS JOIN LATERAL (SELECT pg_catalog.now() - interval '98 days'
                           + (i::float8 / :rows) * interval '98 days' AS created_at) AS t
JOIN bench_payloads AS p ON p.k = i % 10000;
CREATE INDEX outbox_actionable_idx ON part.outbox (status, created_at, id)
    WHERE status IN ('pending', 'processing', 'failed', 'dead');
CREATE INDEX outbox_created_at_idx ON part.outbox (created_at, id);

DROP TABLE part.event_log;
CREATE TABLE part.event_log (
    seq_no bigint GENERATED ALWAYS AS IDENTITY, stream_id text, stream_seq bigint,
    tenant_id text, event_type text NOT NULL, payload jsonb NOT NULL, metadata jsonb,
    created_at timestamptz NOT NULL DEFAULT pg_catalog.now(),
    txid xid8 NOT NULL DEFAULT pg_catalog.pg_current_xact_id(),
    PRIMARY KEY (seq_no)
) PARTITION BY RANGE (seq_no);
-- psql does not substitute variables inside the DO block's dollar quotes: a setting carries it.
SELECT pg_catalog.set_config('bench.part_size', :'part_size', false) \gset
DO $$
DECLARE
    size bigint := pg_catalog.current_setting('bench.part_size')::bigint;
BEGIN
    FOR n IN 0 .. 11 LOOP
        EXECUTE pg_catalog.format('CREATE TABLE part.%I PARTITION OF part.event_log FOR VALUES '
                                  'FROM (%s) TO (%s)', 'event_log_p' || (n + 1),
                                  1 + n * size, 1 + (n + 1) * size);
    END LOOP;
END $$;
INSERT INTO part.event_log (stream_id, stream_seq, tenant_id, event_type, payload, metadata,
                            created_at)
SELECT 'ord-' || ((i - 1) / 5), (i - 1) % 5 + 1, 'tenant-' || (i / 5 % 50), 'OrderPlaced',
       p.payload, p.metadata,
       pg_catalog.now() - interval '98 days' + (i::float8 / :events) * interval '98 days'
FROM pg_catalog.generate_series(1, :events) AS i
JOIN bench_payloads AS p ON p.k = i % 10000;
CREATE INDEX event_log_created_at_idx ON part.event_log (created_at);
INSERT INTO part.event_consumers (consumer, position, updated_at)
VALUES ('projector', :events - 1000, pg_catalog.now() - interval '5 seconds');
