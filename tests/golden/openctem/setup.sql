-- The OpenCTEM notification outbox (see tests/support/seed_schemas.cpp), one entry per state.
CREATE TABLE public.notification_outbox (
    id             UUID          PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id      UUID          NOT NULL,
    event_type     VARCHAR(100)  NOT NULL,
    aggregate_type VARCHAR(100)  NOT NULL,
    aggregate_id   UUID,
    title          VARCHAR(500)  NOT NULL,
    body           TEXT,
    severity       VARCHAR(20)   NOT NULL DEFAULT 'info',
    url            VARCHAR(1000),
    metadata       JSONB         DEFAULT '{}',
    status         VARCHAR(20)   NOT NULL DEFAULT 'pending'
                   CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead')),
    retry_count    INTEGER       NOT NULL DEFAULT 0,
    max_retries    INTEGER       NOT NULL DEFAULT 3,
    last_error     TEXT,
    scheduled_at   TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    locked_at      TIMESTAMPTZ,
    locked_by      VARCHAR(100),
    created_at     TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    updated_at     TIMESTAMPTZ   NOT NULL DEFAULT NOW(),
    processed_at   TIMESTAMPTZ
);
INSERT INTO public.notification_outbox (id, tenant_id, event_type, aggregate_type, title, body,
                                        status, retry_count, last_error, locked_at, locked_by,
                                        created_at, processed_at)
SELECT ('00000000-0000-4000-8000-00000000000' || n)::uuid,
       '00000000-0000-4000-8000-0000000000aa', 'Golden', 'scan', 'Golden', '{"n": 1}', s,
       CASE WHEN s IN ('failed', 'dead') THEN 3 ELSE 0 END,
       CASE WHEN s IN ('failed', 'dead') THEN 'HTTP 503' END,
       CASE WHEN s = 'processing' THEN now() - interval '1 hour' END,
       CASE WHEN s = 'processing' THEN 'worker-1' END,
       now() - interval '40 days',
       CASE WHEN s IN ('completed', 'dead') THEN now() - interval '39 days' END
FROM (VALUES (1, 'pending'), (2, 'processing'), (3, 'completed'), (4, 'failed'),
             (5, 'dead')) AS states(n, s);
