#include "eventctl/log/binding.h"

#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "sql/catalog_checker.h"

namespace eventctl {

namespace {

struct LogBinding {
    LogSource source;
    std::vector<std::string> problems;
};

LogBinding bind(const LogSource& source, const std::vector<CatalogTable>& catalog) {
    LogBinding binding{source, {}};
    CatalogChecker check;
    auto missing = CatalogTable{source.table, false, {}, {}};
    const auto& table = catalog.empty() ? missing : catalog[0];
    if (!check.table(table, "the event log")) {
        binding.problems = check.problems();
        return binding;
    }
    auto integer = [&](const std::optional<std::string>& name, const char* role) {
        if (name) {
            const auto* column = check.column(table, *name, role);
            check.expect(table, column, column && column->kind == ColumnKind::integer, role,
                         "an integer type");
        }
    };
    integer(source.seq_column, "seq_no");
    if (source.stream_column) {
        check.column(table, *source.stream_column, "stream_id");
    }
    integer(source.stream_seq_column, "stream_seq");
    if (source.tenant_column) {
        check.column(table, *source.tenant_column, "tenant_id");
    }
    check.column(table, source.type_column, "event_type");
    if (const auto* payload = check.column(table, source.payload_column, "payload")) {
        check.expect(table, payload, stores_json(payload->kind), "payload",
                     "jsonb, json or JSON text");
        binding.source.payload_format = json_format_of(payload->kind);
    }
    if (source.metadata_column) {
        if (const auto* metadata = check.column(table, *source.metadata_column, "metadata")) {
            check.expect(table, metadata, stores_json(metadata->kind), "metadata",
                         "jsonb, json or JSON text");
            binding.source.metadata_format = json_format_of(metadata->kind);
        }
    }
    if (const auto* created = check.column(table, source.created_at_column, "created_at")) {
        check.expect(table, created, stores_time(created->kind), "created_at",
                     "timestamptz, timestamp or RFC 3339 text");
        binding.source.created_at_format = time_format_of(created->kind);
    }
    if (source.txid_column) {
        const auto* txid = check.column(table, *source.txid_column, "txid");
        check.expect(table, txid, txid && txid->kind == ColumnKind::xid8, "txid",
                     "xid8 (default pg_current_xact_id())");
    }
    if (source.consumers) {
        const auto& consumers = *source.consumers;
        auto absent = CatalogTable{consumers.table, false, {}, {}};
        const auto& positions = catalog.size() < 2 ? absent : catalog[1];
        if (check.table(positions, "the consumers")) {
            check.column(positions, consumers.name_column, "consumer");
            const auto* position = check.column(positions, consumers.position_column, "position");
            if (consumers.position_width > 0) {
                check.expect(positions, position, position && position->kind == ColumnKind::text,
                             "position", "text, as position_width says");
            } else {
                check.expect(positions, position, position && position->kind == ColumnKind::integer,
                             "position", "an integer type (or text with position_width)");
            }
            const auto* updated =
                check.column(positions, consumers.updated_at_column, "updated_at");
            check.expect(positions, updated, updated && updated->kind == ColumnKind::timestamptz,
                         "updated_at", "timestamptz");
        }
    }
    binding.problems = check.problems();
    return binding;
}

} // namespace

std::vector<QualifiedName> log_catalog_tables(const LogSource& source) {
    std::vector<QualifiedName> tables{source.table};
    if (source.consumers) {
        tables.push_back(source.consumers->table);
    }
    return tables;
}

std::vector<std::string> log_problems(const LogSource& source,
                                      const std::vector<CatalogTable>& catalog) {
    return bind(source, catalog).problems;
}

LogSource bind_log_source(const LogSource& source, const std::vector<CatalogTable>& catalog) {
    auto binding = bind(source, catalog);
    if (!binding.problems.empty()) {
        refuse_mismatch(source.layout, binding.problems, catalog);
    }
    return binding.source;
}

LogSource open_log_source(Session& session, const LogSource& source) {
    ReadTransaction tx(session.connection());
    auto catalog = read_catalog(session, tx, log_catalog_tables(source));
    tx.commit();
    return bind_log_source(source, catalog);
}

} // namespace eventctl
