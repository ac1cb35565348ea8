#include "eventctl/schema/schema.h"
#include "eventctl/session/transactions.h"

#include <utility>

namespace eventctl {

namespace {

struct IndexDefinition {
    std::string name;
    std::string definition; // everything after ON <table>
};

std::string index_name(const std::string& table, const std::string& suffix) {
    return table + "_" + suffix;
}

// Indexes per table, chosen for the commands that read it (DESIGN 6):
// - actionable: stats counts the non-completed states and finds the oldest pending entry,
//   list --status pages them, all without touching the completed majority;
// - created_at: keyset paging of an unfiltered list, any page as fast as the first;
// - actionable_status: stats' exact counts of the non-completed states. Its key repeats, so
//   B-tree deduplication packs it into posting lists: on 5 M rows (250,000 actionable) it is
//   237 pages against the actionable index's 2,164, and the count takes 36 ms instead of 63;
// - lock_expiry: stats' stale-lock count and unlock-stale's selection read only the expired
//   leases. Through the actionable index they fetched every processing row from the heap:
//   on 5 M rows (25,000 processing) 27 ms of the 94 ms stats took, against 0.3 ms;
// - dead: check --new-dead reads when each dead entry died (processed_at, else updated_at).
//   Through the actionable index it fetched every dead row from the heap: on 1 M rows (5,000
//   dead) 82 ms, against 1.2 ms from this index alone.
std::vector<IndexDefinition> outbox_indexes(const std::string& table) {
    const std::string actionable = "WHERE status IN ('pending', 'processing', 'failed', 'dead')";
    return {
        {index_name(table, "actionable_idx"), "(status, created_at, id) " + actionable},
        {index_name(table, "created_at_idx"), "(created_at, id)"},
        {index_name(table, "actionable_status_idx"), "(status) " + actionable},
        {index_name(table, "lock_expiry_idx"), "(locked_until) WHERE status = 'processing'"},
        {index_name(table, "dead_idx"), "(processed_at, updated_at) WHERE status = 'dead'"},
    };
}

// - stream: per-stream replay in order, and the uniqueness writers rely on;
// - created_at: seek --to-time and replay --from-time find their first event directly.
std::vector<IndexDefinition> event_log_indexes(const std::string& table) {
    return {
        {index_name(table, "stream_idx"), "(stream_id, stream_seq) WHERE stream_id IS NOT NULL"},
        {index_name(table, "created_at_idx"), "(created_at)"},
    };
}

std::string create_indexes(const QualifiedName& table, const std::vector<IndexDefinition>& indexes,
                           bool unique_first) {
    std::string sql;
    bool first = true;
    for (const auto& index : indexes) {
        sql += std::string("CREATE ") + (unique_first && first ? "UNIQUE " : "") +
               "INDEX IF NOT EXISTS " + quote_identifier(index.name) + "\n    ON " + table.sql() +
               " " + index.definition + ";\n";
        first = false;
    }
    return sql;
}

std::string outbox_ddl(const TableNames& tables) {
    auto table = tables.outbox_table();
    return "CREATE TABLE IF NOT EXISTS " + table.sql() + R"( (
    id              uuid        PRIMARY KEY DEFAULT pg_catalog.gen_random_uuid(),
    tenant_id       text,
    aggregate_type  text,
    aggregate_id    text,
    sequence        bigint,
    event_type      text        NOT NULL,
    idempotency_key text        UNIQUE,
    payload         jsonb       NOT NULL,
    metadata        jsonb,
    status          text        NOT NULL DEFAULT 'pending'
                    CHECK (status IN ('pending', 'processing', 'completed', 'failed', 'dead')),
    attempts        integer     NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    max_attempts    integer     NOT NULL DEFAULT 10 CHECK (max_attempts > 0),
    last_error      text,
    scheduled_at    timestamptz NOT NULL DEFAULT pg_catalog.now(),
    locked_by       text,
    locked_until    timestamptz,
    created_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    updated_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    processed_at    timestamptz
);
)" + create_indexes(table, outbox_indexes(tables.outbox), false);
}

std::string event_log_ddl(const TableNames& tables) {
    auto table = tables.event_log_table();
    // txid records the writing transaction, so "the end of the log" can stop below every
    // transaction still in flight (DESIGN 2.4).
    return "CREATE TABLE IF NOT EXISTS " + table.sql() + R"( (
    seq_no      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   text,
    stream_seq  bigint,
    tenant_id   text,
    event_type  text        NOT NULL,
    payload     jsonb       NOT NULL,
    metadata    jsonb,
    created_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    txid        xid8        NOT NULL DEFAULT pg_catalog.pg_current_xact_id()
);
)" + create_indexes(table, event_log_indexes(tables.event_log), true);
}

std::string consumers_ddl(const TableNames& tables) {
    return "CREATE TABLE IF NOT EXISTS " + tables.consumers_table().sql() + R"( (
    consumer    text        PRIMARY KEY,
    position    bigint      NOT NULL DEFAULT 0 CHECK (position >= 0),
    updated_at  timestamptz NOT NULL DEFAULT pg_catalog.now()
);
)";
}

std::string audit_ddl(const TableNames& tables) {
    return "CREATE TABLE IF NOT EXISTS " + tables.audit_table().sql() + R"( (
    id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    occurred_at  timestamptz NOT NULL DEFAULT pg_catalog.now(),
    command      text        NOT NULL,
    command_line text        NOT NULL,
    db_user      text        NOT NULL DEFAULT CURRENT_USER,
    os_user      text,
    dry_run      boolean     NOT NULL,
    matched      bigint      NOT NULL,
    changed      bigint      NOT NULL,
    selection    jsonb       NOT NULL,
    result       jsonb
);
)";
}

} // namespace

std::string canonical_tables_sql(const TableNames& tables) {
    return outbox_ddl(tables) + "\n" + event_log_ddl(tables) + "\n" + consumers_ddl(tables) + "\n" +
           audit_ddl(tables);
}

std::string canonical_schema_sql(const TableNames& tables) {
    return "CREATE SCHEMA IF NOT EXISTS " + quote_identifier(tables.schema) + ";\n\n" +
           canonical_tables_sql(tables);
}

namespace {

std::vector<std::pair<std::string, std::string>> canonical_objects(const TableNames& tables) {
    std::vector<std::pair<std::string, std::string>> objects;
    objects.emplace_back("table", tables.outbox);
    for (const auto& index : outbox_indexes(tables.outbox)) {
        objects.emplace_back("index", index.name);
    }
    objects.emplace_back("table", tables.event_log);
    for (const auto& index : event_log_indexes(tables.event_log)) {
        objects.emplace_back("index", index.name);
    }
    objects.emplace_back("table", tables.consumers);
    objects.emplace_back("table", tables.audit);
    return objects;
}

bool relation_exists(Session& session, pqxx::transaction_base& tx, const QualifiedName& name) {
    SqlParams params;
    auto sql = "SELECT pg_catalog.to_regclass(" + params.bind(name.sql()) + ") IS NOT NULL";
    return session.exec(tx, sql, params)[0][0].as<bool>();
}

} // namespace

SchemaInitResult init_schema(Session& session, const TableNames& tables) {
    SchemaInitResult result{tables.schema, {}};
    WriteTransaction tx(session.connection());
    // Two concurrent inits would race on CREATE ... IF NOT EXISTS; one waits for the other.
    session.exec(
        tx, "SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtext('eventctl schema init'))");
    auto objects = canonical_objects(tables);
    for (const auto& [kind, name] : objects) {
        result.objects.push_back({kind, QualifiedName{tables.schema, name}.display(),
                                  !relation_exists(session, tx, {tables.schema, name})});
    }
    // CREATE SCHEMA IF NOT EXISTS checks CREATE on the database even when the schema exists;
    // a role that may create tables only inside its schema must still be able to run init.
    SqlParams params;
    auto schema_exists =
        session
            .exec(tx,
                  "SELECT EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = " +
                      params.bind(tables.schema) + ")",
                  params)[0][0]
            .as<bool>();
    session.exec_script(tx, schema_exists ? canonical_tables_sql(tables)
                                          : canonical_schema_sql(tables));
    tx.commit();
    return result;
}

} // namespace eventctl
