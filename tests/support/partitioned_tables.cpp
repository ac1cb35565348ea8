#include "partitioned_tables.h"

namespace eventctl::test {

namespace {

// The canonical outbox's columns (schema init), with a key that holds the partition key.
std::string outbox_columns(const std::string& key) {
    return R"(
    id              uuid        NOT NULL DEFAULT gen_random_uuid(),
    tenant_id       text,
    aggregate_type  text,
    aggregate_id    text,
    sequence        bigint,
    event_type      text        NOT NULL,
    idempotency_key text,
    payload         jsonb       NOT NULL,
    metadata        jsonb,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0,
    max_attempts    integer     NOT NULL DEFAULT 10,
    last_error      text,
    scheduled_at    timestamptz NOT NULL DEFAULT now(),
    locked_by       text,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now(),
    processed_at    timestamptz,
    PRIMARY KEY ()" +
           key + "))";
}

const char* outbox_indexes = R"(
CREATE INDEX outbox_actionable_idx ON outbox (status, created_at, id)
    WHERE status IN ('pending', 'processing', 'failed', 'dead');
CREATE INDEX outbox_created_at_idx ON outbox (created_at, id);
)";

} // namespace

void partition_weekly(const TestDatabase& db, const std::string& table, int weeks_back,
                      int weeks_ahead) {
    db.exec("DO $$ DECLARE w int; start timestamptz := date_trunc('week', now()); BEGIN "
            "FOR w IN -" +
            std::to_string(weeks_ahead) + " .. " + std::to_string(weeks_back) +
            " LOOP EXECUTE format('CREATE TABLE %I PARTITION OF %I FOR VALUES FROM (%L) TO "
            "(%L)', CASE WHEN w < 0 THEN '" +
            table + "_a' || -w ELSE '" + table + "_w' || w END, '" + table +
            "', start - w * interval '1 week', start - (w - 1) * interval '1 week'); END LOOP; "
            "END $$");
}

void partition_outbox_weekly(const TestDatabase& db, int weeks_back, int weeks_ahead,
                             bool with_default) {
    db.exec("DROP TABLE outbox");
    db.exec("CREATE TABLE outbox (" + outbox_columns("id, created_at") +
            " PARTITION BY RANGE (created_at)");
    partition_weekly(db, "outbox", weeks_back, weeks_ahead);
    if (with_default) {
        db.exec("CREATE TABLE outbox_default PARTITION OF outbox DEFAULT");
    }
    db.exec(outbox_indexes);
}

void partition_outbox_by(const TestDatabase& db, const std::string& strategy) {
    db.exec("DROP TABLE outbox");
    if (strategy == "list") {
        db.exec("CREATE TABLE outbox (" + outbox_columns("id, status") +
                " PARTITION BY LIST (status)");
        db.exec("CREATE TABLE outbox_unfinished PARTITION OF outbox FOR VALUES IN ('pending', "
                "'processing', 'failed')");
        // Two levels: the finished ones again by hash.
        db.exec("CREATE TABLE outbox_finished PARTITION OF outbox FOR VALUES IN ('completed', "
                "'dead') PARTITION BY HASH (id)");
        db.exec("CREATE TABLE outbox_finished_0 PARTITION OF outbox_finished FOR VALUES WITH "
                "(MODULUS 2, REMAINDER 0)");
        db.exec("CREATE TABLE outbox_finished_1 PARTITION OF outbox_finished FOR VALUES WITH "
                "(MODULUS 2, REMAINDER 1)");
    } else {
        db.exec("CREATE TABLE outbox (" + outbox_columns("id") + " PARTITION BY HASH (id)");
        for (int r = 0; r < 4; ++r) {
            db.exec("CREATE TABLE outbox_h" + std::to_string(r) +
                    " PARTITION OF outbox FOR VALUES WITH (MODULUS 4, REMAINDER " +
                    std::to_string(r) + ")");
        }
    }
    db.exec(outbox_indexes);
}

void partition_event_log_by_seq(const TestDatabase& db, std::int64_t per_partition,
                                int partitions) {
    db.exec("DROP TABLE event_log");
    db.exec(R"(CREATE TABLE event_log (
    seq_no      bigint      GENERATED ALWAYS AS IDENTITY,
    stream_id   text,
    stream_seq  bigint,
    tenant_id   text,
    event_type  text        NOT NULL,
    payload     jsonb       NOT NULL,
    metadata    jsonb,
    created_at  timestamptz NOT NULL DEFAULT now(),
    txid        xid8        NOT NULL DEFAULT pg_current_xact_id(),
    PRIMARY KEY (seq_no)
) PARTITION BY RANGE (seq_no))");
    for (int p = 0; p < partitions; ++p) {
        auto from = 1 + p * per_partition;
        db.exec("CREATE TABLE event_log_p" + std::to_string(p + 1) +
                " PARTITION OF event_log FOR VALUES FROM (" + std::to_string(from) + ") TO (" +
                std::to_string(from + per_partition) + ")");
    }
    db.exec("CREATE INDEX event_log_stream_idx ON event_log (stream_id, stream_seq) "
            "WHERE stream_id IS NOT NULL");
    db.exec("CREATE INDEX event_log_created_at_idx ON event_log (created_at)");
    db.exec("DROP TABLE event_consumers");
    db.exec("CREATE TABLE event_consumers (consumer text PRIMARY KEY, position bigint NOT NULL "
            "DEFAULT 0, updated_at timestamptz NOT NULL DEFAULT now()) PARTITION BY HASH "
            "(consumer)");
    db.exec("CREATE TABLE event_consumers_0 PARTITION OF event_consumers FOR VALUES WITH "
            "(MODULUS 2, REMAINDER 0)");
    db.exec("CREATE TABLE event_consumers_1 PARTITION OF event_consumers FOR VALUES WITH "
            "(MODULUS 2, REMAINDER 1)");
}

std::string partitions_of(const TestDatabase& db, const std::string& table) {
    return db.scalar("SELECT COALESCE(string_agg(c.relname, ',' ORDER BY c.relname), '') FROM "
                     "pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = '" +
                     table + "'::regclass");
}

} // namespace eventctl::test
