-- A second outbox in the sandbox, as another library makes it: Rust outbox-postgres's tables in
-- the schema oxide, for trying a built-in layout (eventctl --layout oxide-outbox --schema oxide).
--   oxide.outbox_events        400 events: the enum type oxide.status (Pending, Processing,
--                              Sent), a locked_until lease that reads -infinity when free, some
--                              Processing rows whose lease ran out
--   oxide.outbox_dead_letters  12 events the relay gave up on
-- Deterministic like sandbox-data.sql; scripts/sandbox.sh start loads it once, when the schema
-- does not exist yet.

BEGIN;

CREATE SCHEMA oxide;
CREATE TYPE oxide.status AS ENUM ('Pending', 'Processing', 'Sent');
CREATE TABLE oxide.outbox_events (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    idempotency_token text        UNIQUE,
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    locked_until      timestamptz NOT NULL DEFAULT '-infinity',
    status            oxide.status NOT NULL DEFAULT 'Pending'
);
CREATE TABLE oxide.outbox_dead_letters (
    id                uuid        PRIMARY KEY,
    idempotency_token text,
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL,
    original_status   oxide.status NOT NULL,
    created_at        timestamptz NOT NULL,
    locked_until      timestamptz NOT NULL,
    failure_count     integer     NOT NULL,
    quarantined_at    timestamptz NOT NULL DEFAULT now(),
    last_error        text
);
CREATE INDEX outbox_dead_letters_quarantined_at_idx ON oxide.outbox_dead_letters (quarantined_at DESC);
CREATE INDEX outbox_dead_letters_event_type_idx ON oxide.outbox_dead_letters (event_type);

-- Every three hours an event over the last 50 days, Sent; the last 26 within the last 40
-- minutes: 6 Processing (every other one with a lease that ran out), then 20 still Pending.
INSERT INTO oxide.outbox_events (idempotency_token, event_type, payload, created_at, status,
                                 locked_until)
SELECT 'shipment-' || i,
       (ARRAY['ShipmentBooked', 'ShipmentPicked', 'ShipmentDelivered'])[1 + i % 3],
       jsonb_build_object('shipment', 'shp-' || (20000 + i), 'parcels', 1 + i % 4),
       now() - (400 - i) * CASE WHEN i > 374 THEN interval '90 seconds' ELSE interval '3 hours' END,
       CASE WHEN i > 380 THEN 'Pending' WHEN i > 374 THEN 'Processing' ELSE 'Sent' END::oxide.status,
       CASE WHEN i > 374 AND i <= 380 THEN
                now() + CASE WHEN i % 2 = 0 THEN interval '2 minutes' ELSE interval '-8 minutes' END
            ELSE '-infinity' END
FROM generate_series(1, 400) AS i;

INSERT INTO oxide.outbox_dead_letters (id, idempotency_token, event_type, payload,
                                       original_status, created_at, locked_until, failure_count,
                                       quarantined_at, last_error)
SELECT md5('dead-' || i)::uuid, 'shipment-dead-' || i, 'ShipmentBooked',
       jsonb_build_object('shipment', 'shp-' || (30000 + i)), 'Processing',
       now() - (13 - i) * interval '1 day', now() - (13 - i) * interval '1 day' + interval '50 minutes',
       10, now() - (13 - i) * interval '1 day' + interval '1 hour',
       'carrier API: 422 unknown postcode'
FROM generate_series(1, 12) AS i;

COMMIT;

ANALYZE oxide.outbox_events;
ANALYZE oxide.outbox_dead_letters;
