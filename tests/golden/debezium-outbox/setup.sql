-- The outbox table of the Debezium Quarkus extension (Hibernate leaves OutboxEvent unquoted), one
-- event: a row carries no state.
CREATE TABLE outboxevent (
    id uuid NOT NULL,
    aggregatetype varchar(255) NOT NULL,
    aggregateid varchar(255) NOT NULL,
    type varchar(255) NOT NULL,
    "timestamp" timestamp NOT NULL,
    payload varchar(8000),
    tracingspancontext varchar(256),
    PRIMARY KEY (id)
);
INSERT INTO outboxevent VALUES
  ('00000000-0000-4000-8000-000000000001', 'Order', '17', 'golden', now() - interval '40 days', '{"id": 17}', NULL);
