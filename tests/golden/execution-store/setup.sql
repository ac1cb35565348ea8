-- A per-execution event store (see tests/support/seed_schemas.cpp), one execution of 3 steps.
CREATE TABLE public.execution_events (
    execution_id text        NOT NULL,
    sequence     bigint      NOT NULL,
    tenant_id    text        NOT NULL,
    event_type   text        NOT NULL,
    event        jsonb       NOT NULL,
    "timestamp"  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, sequence)
);
INSERT INTO public.execution_events (execution_id, sequence, tenant_id, event_type, event)
SELECT 's-1', i, 't-1', 'Step' || i, pg_catalog.jsonb_build_object('i', i)
FROM pg_catalog.generate_series(1, 3) AS i;
