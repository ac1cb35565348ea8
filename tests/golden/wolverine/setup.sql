-- Wolverine's envelope tables as its PostgreSQL persistence creates them in the schema wolverine
-- (Weasel: varchar without length, nullable unless the key), one envelope in each state.
CREATE SCHEMA IF NOT EXISTS wolverine;
CREATE TABLE wolverine.wolverine_outgoing_envelopes (
    id uuid NOT NULL,
    owner_id integer NOT NULL,
    destination varchar NOT NULL,
    deliver_by timestamp with time zone,
    body bytea NOT NULL,
    attempts integer DEFAULT 0,
    message_type varchar NOT NULL,
    "timestamp" timestamp with time zone DEFAULT (now() at time zone 'utc'),
    CONSTRAINT pkey_wolverine_outgoing_envelopes_id PRIMARY KEY (id)
);
CREATE INDEX idx_wolverine_outgoing_envelopes_owner
    ON wolverine.wolverine_outgoing_envelopes (owner_id) WHERE owner_id <> 0;
CREATE TABLE wolverine.wolverine_dead_letters (
    id uuid NOT NULL,
    execution_time timestamp with time zone DEFAULT NULL,
    body bytea NOT NULL,
    message_type varchar NOT NULL,
    received_at varchar,
    source varchar,
    exception_type varchar,
    exception_message varchar,
    sent_at timestamp with time zone,
    replayable boolean,
    CONSTRAINT pkey_wolverine_dead_letters_id PRIMARY KEY (id)
);
CREATE INDEX idx_wolverine_dead_letters_replayable
    ON wolverine.wolverine_dead_letters (replayable) WHERE replayable = true;
INSERT INTO wolverine.wolverine_outgoing_envelopes VALUES
  ('00000000-0000-4000-8000-000000000001', 0, 'rabbitmq://queue/orders', NULL, '\x01', 0, 'golden', now() - interval '40 days'),
  ('00000000-0000-4000-8000-000000000002', 3, 'rabbitmq://queue/orders', NULL, '\x02', 1, 'golden', now() - interval '40 days');
INSERT INTO wolverine.wolverine_dead_letters VALUES
  ('00000000-0000-4000-8000-000000000003', NULL, '\x03', 'golden', 'local://orders/', 'orders-api',
   'System.InvalidOperationException', 'no such order', now() - interval '40 days', false);
