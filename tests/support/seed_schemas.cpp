#include "seed_schemas.h"

namespace eventctl::test {

const char* const oxide_outbox_ddl = R"(
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
)";

const char* const klauthed_ddl = R"(
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
)";

const char* const openctem_ddl = R"(
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
)";

const char* const execution_store_ddl = R"(
CREATE TABLE public.execution_events (
    execution_id text        NOT NULL,
    sequence     bigint      NOT NULL,
    tenant_id    text        NOT NULL,
    event_type   text        NOT NULL,
    event        jsonb       NOT NULL,
    "timestamp"  timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (execution_id, sequence)
);
)";

} // namespace eventctl::test
