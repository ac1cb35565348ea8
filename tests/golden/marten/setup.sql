-- Marten's event tables (mt_streams, mt_events, mt_event_progression, as Weasel creates them
-- with string stream identity), a few events, the daemon's high-water mark and the consumer the
-- golden invocations name.
CREATE TABLE public.mt_streams (
    id          varchar     NOT NULL,
    type        varchar,
    version     bigint,
    timestamp   timestamptz NOT NULL DEFAULT now(),
    created     timestamptz NOT NULL DEFAULT now(),
    tenant_id   varchar     DEFAULT '*DEFAULT*',
    is_archived bool        DEFAULT FALSE,
    CONSTRAINT pkey_mt_streams_id PRIMARY KEY (id)
);
CREATE SEQUENCE public.mt_events_sequence;
CREATE TABLE public.mt_events (
    seq_id         bigint       NOT NULL DEFAULT nextval('public.mt_events_sequence'),
    id             uuid         NOT NULL,
    stream_id      varchar      REFERENCES public.mt_streams (id) ON DELETE CASCADE,
    version        bigint       NOT NULL,
    data           jsonb        NOT NULL,
    type           varchar(500) NOT NULL,
    timestamp      timestamptz  NOT NULL DEFAULT '(now())',
    tenant_id      varchar      DEFAULT '*DEFAULT*',
    mt_dotnet_type varchar,
    is_archived    bool         DEFAULT FALSE,
    CONSTRAINT pkey_mt_events_seq_id PRIMARY KEY (seq_id),
    CONSTRAINT pk_mt_events_stream_and_version UNIQUE (stream_id, version)
);
CREATE TABLE public.mt_event_progression (
    name         varchar NOT NULL,
    last_seq_id  bigint,
    last_updated timestamptz DEFAULT (transaction_timestamp()),
    CONSTRAINT pk_mt_event_progression PRIMARY KEY (name)
);
INSERT INTO public.mt_streams (id, type, version) VALUES ('s-1', 'order', 2), ('s-2', 'order', 1);
INSERT INTO public.mt_events (id, stream_id, version, data, type, timestamp)
VALUES ('00000000-0000-4000-8000-000000000001', 's-1', 1, '{"n": 1}', 'order_placed', now() - interval '2 hours'),
       ('00000000-0000-4000-8000-000000000002', 's-1', 2, '{"n": 2}', 'order_paid', now() - interval '1 hour'),
       ('00000000-0000-4000-8000-000000000003', 's-2', 1, '{"n": 3}', 'order_placed', now());
INSERT INTO public.mt_event_progression (name, last_seq_id) VALUES ('HighWaterMark', 3), ('golden', 1);
