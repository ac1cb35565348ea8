-- klauthed-data's SqlOutbox table (see tests/support/seed_schemas.cpp), one pending, one done.
CREATE TABLE public.outbox (
    id             TEXT    PRIMARY KEY,
    aggregate_type TEXT    NOT NULL,
    aggregate_id   TEXT    NOT NULL,
    event_type     TEXT    NOT NULL,
    sequence       BIGINT  NOT NULL,
    payload        TEXT    NOT NULL,
    occurred_at    TEXT    NOT NULL,
    published      INTEGER NOT NULL DEFAULT 0,
    published_at   TEXT
);
INSERT INTO public.outbox VALUES
    ('evt-1', 'order', 'o-1', 'Golden', 1, '{"n": 1}', '2026-01-01T00:00:00Z', 0, NULL),
    ('evt-3', 'order', 'o-2', 'Golden', 1, '{"n": 3}', '2026-01-01T00:00:00Z', 1,
     '2026-01-02T00:00:00Z');
