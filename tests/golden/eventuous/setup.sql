-- Eventuous's tables as Scripts/1_Schema.sql creates them in the schema eventuous, a few events
-- and the consumer the golden invocations name.
CREATE SCHEMA IF NOT EXISTS eventuous;
CREATE TABLE IF NOT EXISTS eventuous.streams (
    stream_name varchar(1000) NOT NULL CONSTRAINT uq_streams_name UNIQUE,
    stream_id   integer       NOT NULL GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    version     integer       NOT NULL DEFAULT -1 CONSTRAINT ck_version_gte_negative_one CHECK (version >= -1)
);
CREATE TABLE IF NOT EXISTS eventuous.messages (
    message_id      uuid,
    message_type    varchar   NOT NULL,
    stream_id       integer   NOT NULL REFERENCES eventuous.streams (stream_id),
    stream_position integer   NOT NULL CONSTRAINT ck_stream_position_gte_zero CHECK (stream_position >= 0),
    global_position bigint    GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    json_data       jsonb     NOT NULL,
    json_metadata   jsonb,
    created         timestamp NOT NULL,
    CONSTRAINT uq_stream_id_and_stream_position UNIQUE (stream_id, stream_position),
    CONSTRAINT uq_stream_id_and_message_id UNIQUE (stream_id, message_id)
);
CREATE INDEX IF NOT EXISTS events_stream_idx ON eventuous.messages (stream_id);
CREATE TABLE IF NOT EXISTS eventuous.checkpoints (
    id       varchar NOT NULL PRIMARY KEY,
    position bigint
);
INSERT INTO eventuous.streams (stream_name, version) VALUES ('Order-1', 1), ('Order-2', 0);
INSERT INTO eventuous.messages (message_id, message_type, stream_id, stream_position, json_data,
                                json_metadata, created)
VALUES ('00000000-0000-4000-8000-000000000001', 'V1.OrderPlaced', 1, 0, '{"n": 1}', '{}',
        now() AT TIME ZONE 'UTC' - interval '2 hours'),
       ('00000000-0000-4000-8000-000000000002', 'V1.OrderPaid', 1, 1, '{"n": 2}', '{}',
        now() AT TIME ZONE 'UTC' - interval '1 hour'),
       ('00000000-0000-4000-8000-000000000003', 'V1.OrderPlaced', 2, 0, '{"n": 3}', NULL,
        now() AT TIME ZONE 'UTC');
INSERT INTO eventuous.checkpoints VALUES ('golden', 1);
