-- The queue "golden" as pgmq.create makes it (pgmq 1.10 on: last_read_at and headers), one message
-- in each state: visible, delayed, held by a reader, archived.
CREATE SCHEMA IF NOT EXISTS pgmq;
CREATE TABLE pgmq.meta (
    queue_name varchar UNIQUE NOT NULL,
    is_partitioned boolean NOT NULL,
    is_unlogged boolean NOT NULL,
    created_at timestamp with time zone DEFAULT now() NOT NULL
);
CREATE TABLE pgmq.q_golden (
    msg_id bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY,
    read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
    last_read_at timestamp with time zone,
    vt timestamp with time zone NOT NULL,
    message jsonb,
    headers jsonb
);
CREATE INDEX q_golden_vt_idx ON pgmq.q_golden (vt ASC);
CREATE TABLE pgmq.a_golden (
    msg_id bigint PRIMARY KEY,
    read_ct int DEFAULT 0 NOT NULL,
    enqueued_at timestamp with time zone DEFAULT now() NOT NULL,
    last_read_at timestamp with time zone,
    archived_at timestamp with time zone DEFAULT now() NOT NULL,
    vt timestamp with time zone NOT NULL,
    message jsonb,
    headers jsonb
);
CREATE INDEX archived_at_idx_golden ON pgmq.a_golden (archived_at);
INSERT INTO pgmq.meta (queue_name, is_partitioned, is_unlogged) VALUES ('golden', false, false);
INSERT INTO pgmq.q_golden (read_ct, enqueued_at, last_read_at, vt, message, headers) VALUES
  (0, now() - interval '40 days', NULL, now() - interval '40 days', '{"n": 1}', NULL),
  (0, now() - interval '40 days', NULL, now() + interval '1 hour', '{"n": 2}', NULL),
  (1, now() - interval '40 days', now() - interval '1 minute', now() + interval '1 minute', '{"n": 3}', NULL);
INSERT INTO pgmq.a_golden (msg_id, read_ct, enqueued_at, last_read_at, archived_at, vt, message, headers) VALUES
  (4, 1, now() - interval '40 days', now() - interval '40 days', now() - interval '40 days', now() - interval '40 days', '{"n": 4}', NULL);
