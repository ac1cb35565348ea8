#include "eventctl/log/binding.h"

#include "eventctl/error.h"
#include "eventctl/session/transactions.h"

namespace eventctl {

namespace {

struct LogBinding {
    LogSource source;
    std::vector<std::string> problems;
};

LogBinding bind(const LogSource& source, const std::vector<CatalogTable>& catalog) {
    LogBinding binding{source, {}};
    auto& problems = binding.problems;
    if (catalog.empty() || !catalog[0].exists) {
        problems.push_back("relation \"" + source.table.display() + "\" does not exist");
        return binding;
    }
    const auto& table = catalog[0];
    auto column = [&](const CatalogTable& in, const std::string& name,
                      const std::string& role) -> const CatalogColumn* {
        const auto* found = in.column(name);
        if (found == nullptr) {
            problems.push_back("table " + in.name.display() + " has no column \"" + name + "\" (" +
                               role + ")");
        }
        return found;
    };
    auto expect = [&](const CatalogTable& in, const CatalogColumn* found, bool fits,
                      const std::string& role, const std::string& expected) {
        if (found != nullptr && !fits) {
            problems.push_back("column " + in.name.display() + "." + found->name + " (" + role +
                               ") is " + found->type + "; expected " + expected);
        }
    };
    if (source.seq_column) {
        const auto* seq = column(table, *source.seq_column, "seq_no");
        expect(table, seq, seq && seq->kind == ColumnKind::integer, "seq_no", "an integer type");
    }
    if (source.stream_column) {
        column(table, *source.stream_column, "stream_id");
    }
    if (source.stream_seq_column) {
        const auto* seq = column(table, *source.stream_seq_column, "stream_seq");
        expect(table, seq, seq && seq->kind == ColumnKind::integer, "stream_seq",
               "an integer type");
    }
    if (source.tenant_column) {
        column(table, *source.tenant_column, "tenant_id");
    }
    column(table, source.type_column, "event_type");
    if (const auto* payload = column(table, source.payload_column, "payload")) {
        expect(table, payload, stores_json(payload->kind), "payload", "jsonb, json or JSON text");
        binding.source.payload_format = json_format_of(payload->kind);
    }
    if (source.metadata_column) {
        if (const auto* metadata = column(table, *source.metadata_column, "metadata")) {
            expect(table, metadata, stores_json(metadata->kind), "metadata",
                   "jsonb, json or JSON text");
            binding.source.metadata_format = metadata->kind == ColumnKind::json ? JsonFormat::json
                                             : metadata->kind == ColumnKind::text
                                                 ? JsonFormat::text
                                                 : JsonFormat::jsonb;
        }
    }
    if (const auto* created = column(table, source.created_at_column, "created_at")) {
        expect(table, created, stores_time(created->kind), "created_at",
               "timestamptz, timestamp or RFC 3339 text");
        binding.source.created_at_format =
            created->kind == ColumnKind::timestamp ? TimeFormat::timestamp
            : created->kind == ColumnKind::text    ? TimeFormat::rfc3339_text
                                                   : TimeFormat::timestamptz;
    }
    if (source.txid_column) {
        const auto* txid = column(table, *source.txid_column, "txid");
        expect(table, txid, txid && txid->kind == ColumnKind::xid8, "txid",
               "xid8 (default pg_current_xact_id())");
    }
    if (source.consumers) {
        const auto& consumers = *source.consumers;
        if (catalog.size() < 2 || !catalog[1].exists) {
            problems.push_back("relation \"" + consumers.table.display() +
                               "\" does not exist (the consumers)");
            return binding;
        }
        const auto& positions = catalog[1];
        column(positions, consumers.name_column, "consumer");
        const auto* position = column(positions, consumers.position_column, "position");
        if (consumers.position_width > 0) {
            expect(positions, position, position && position->kind == ColumnKind::text, "position",
                   "text, as position_width says");
        } else {
            expect(positions, position, position && position->kind == ColumnKind::integer,
                   "position", "an integer type (or text with position_width)");
        }
        const auto* updated = column(positions, consumers.updated_at_column, "updated_at");
        expect(positions, updated, updated && updated->kind == ColumnKind::timestamptz,
               "updated_at", "timestamptz");
    }
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
