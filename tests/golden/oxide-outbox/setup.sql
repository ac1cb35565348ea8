-- The crate's tables (see tests/support/seed_schemas.cpp), one entry in each state.
CREATE TYPE public.status AS ENUM ('Pending', 'Processing', 'Sent');
CREATE TABLE public.outbox_events (
    id                uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
    idempotency_token text        UNIQUE,
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL,
    created_at        timestamptz NOT NULL DEFAULT now(),
    locked_until      timestamptz NOT NULL DEFAULT '-infinity',
    status            public.status NOT NULL DEFAULT 'Pending'
);
CREATE TABLE public.outbox_dead_letters (
    id                uuid        PRIMARY KEY,
    idempotency_token text,
    event_type        text        NOT NULL,
    payload           jsonb       NOT NULL,
    original_status   public.status NOT NULL,
    created_at        timestamptz NOT NULL,
    locked_until      timestamptz NOT NULL,
    failure_count     integer     NOT NULL,
    quarantined_at    timestamptz NOT NULL DEFAULT now(),
    last_error        text
);
CREATE INDEX outbox_dead_letters_quarantined_at_idx ON public.outbox_dead_letters (quarantined_at DESC);
CREATE INDEX outbox_dead_letters_event_type_idx ON public.outbox_dead_letters (event_type);
INSERT INTO public.outbox_events (id, event_type, payload, status, locked_until, created_at)
VALUES ('00000000-0000-4000-8000-000000000001', 'Golden', '{"n": 1}', 'Pending', '-infinity',
        now() - interval '40 days'),
       ('00000000-0000-4000-8000-000000000002', 'Golden', '{"n": 2}', 'Processing',
        now() - interval '1 hour', now() - interval '40 days'),
       ('00000000-0000-4000-8000-000000000003', 'Golden', '{"n": 3}', 'Sent', '-infinity',
        now() - interval '40 days');
INSERT INTO public.outbox_dead_letters (id, event_type, payload, original_status, created_at,
                                        locked_until, failure_count, quarantined_at, last_error)
VALUES ('00000000-0000-4000-8000-000000000005', 'Golden', '{"n": 5}', 'Processing',
        now() - interval '40 days', now() - interval '39 days', 10, now() - interval '39 days',
        'HTTP 400');
