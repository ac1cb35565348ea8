-- Spring Modulith's event_publication, schema v2 (schemas/v2/schema-postgresql.sql), one
-- publication in each state it has.
CREATE TABLE IF NOT EXISTS event_publication
(
  id                     UUID NOT NULL,
  listener_id            TEXT NOT NULL,
  event_type             TEXT NOT NULL,
  serialized_event       TEXT NOT NULL,
  publication_date       TIMESTAMP WITH TIME ZONE NOT NULL,
  completion_date        TIMESTAMP WITH TIME ZONE,
  status                 TEXT,
  completion_attempts    INT,
  last_resubmission_date TIMESTAMP WITH TIME ZONE,
  PRIMARY KEY (id)
);
CREATE INDEX IF NOT EXISTS event_publication_serialized_event_hash_idx ON event_publication USING hash(serialized_event);
CREATE INDEX IF NOT EXISTS event_publication_by_completion_date_idx ON event_publication (completion_date);
INSERT INTO event_publication VALUES
  ('00000000-0000-4000-8000-000000000001', 'golden.Listener.on', 'golden.Event', '{"n": 1}',
   now() - interval '40 days', NULL, 'PUBLISHED', 1, now() - interval '40 days'),
  ('00000000-0000-4000-8000-000000000002', 'golden.Listener.on', 'golden.Event', '{"n": 2}',
   now() - interval '40 days', NULL, 'PROCESSING', 1, now() - interval '40 days'),
  ('00000000-0000-4000-8000-000000000003', 'golden.Listener.on', 'golden.Event', '{"n": 3}',
   now() - interval '40 days', now() - interval '39 days', 'COMPLETED', 1,
   now() - interval '40 days'),
  ('00000000-0000-4000-8000-000000000004', 'golden.Listener.on', 'golden.Event', '{"n": 4}',
   now() - interval '40 days', NULL, 'FAILED', 1, now() - interval '40 days');
