#include "eventctl/log/replay_outbox.h"

#include "../outbox/outbox_table.h"
#include "../outbox/outbox_writes.h"
#include "event_row.h"
#include "eventctl/audit/audit.h"
#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/log/binding.h"
#include "eventctl/session/transactions.h"
#include "replay_sql.h"

#include <algorithm>

namespace eventctl {

namespace {

constexpr const char* key_prefix = "eventctl-replay:";

// The key names the log too: two logs replayed into one outbox under one label do not collide.
std::string key_expression(const LogSource& source, const std::string& label,
                           const std::string& seq, SqlParams& params) {
    return params.bind(key_prefix + source.table.display() + ":" + label + ":") + " || " + seq +
           "::text";
}

std::string limit_clause(std::int64_t rows, SqlParams& params) {
    return rows > 0 ? " LIMIT " + params.bind(std::to_string(rows)) + "::bigint" : "";
}

// Counts what a run would do, in one read-only snapshot: the selected events, and those whose
// key no outbox entry has yet.
void count_dry(Session& session, const LogSource& source, const OutboxTable& outbox,
               const ReplayOptions& options, const ReplayRange& range, const std::string& label,
               IntoOutboxResult& result) {
    ReadTransaction tx(session.connection());
    SqlParams params;
    auto sql = "WITH selected AS (SELECT " + quote_identifier(*source.seq_column) +
               " AS seq FROM " + source.table.sql() + " WHERE " +
               replay_conditions(source, options, range, std::nullopt, params) + " ORDER BY " +
               replay_position_column(source, range) + limit_clause(options.limit, params) +
               ") SELECT pg_catalog.count(*), pg_catalog.count(*) FILTER (WHERE NOT EXISTS "
               "(SELECT 1 FROM " +
               outbox.main().table().sql() + " o WHERE " +
               outbox.main().value(OutboxField::idempotency_key, "text", "o") + " = " +
               key_expression(source, label, "s.seq", params) + ")) FROM selected s";
    auto row = session.exec(tx, sql, params)[0];
    tx.commit();
    result.matched = row[0].as<std::int64_t>();
    result.changed = row[1].as<std::int64_t>();
}

struct BatchOutcome {
    std::int64_t selected = 0;
    std::optional<std::int64_t> last_position;
    std::int64_t inserted = 0;
    std::optional<std::int64_t> last_created_micros;
};

// The selected events' columns, named as the outbox insert reads them.
std::string selected_columns(const LogSource& source, const ReplayRange& range) {
    return quote_identifier(*source.seq_column) + " AS seq, " +
           replay_position_column(source, range) + " AS position, " +
           column_or_null(source.stream_column, "text") + " AS stream_id, " +
           column_or_null(source.stream_seq_column, "bigint") + " AS stream_seq, " +
           column_or_null(source.tenant_column, "text") + " AS tenant_id, " +
           quote_identifier(source.type_column) + " AS event_type, " +
           json_value(quote_identifier(source.payload_column), source.payload_format) +
           " AS payload, " +
           (source.metadata_column
                ? json_value(quote_identifier(*source.metadata_column), source.metadata_format)
                : std::string("NULL::jsonb")) +
           " AS metadata";
}

// One batch: the next events past position `after`, inserted in position order (seq_no, or
// stream_seq for one stream). Their created_at and scheduled_at rise by a microsecond per event
// from the later of now and the previous batch's last, so a relay publishing in created_at
// order keeps the log's order.
BatchOutcome insert_batch(Session& session, pqxx::transaction_base& tx, const LogSource& source,
                          const OutboxTable& outbox, const ReplayOptions& options,
                          const ReplayRange& range, const std::string& label,
                          std::optional<std::int64_t> after, std::int64_t rows,
                          std::optional<std::int64_t> previous_micros) {
    SqlParams params;
    auto base = previous_micros ? "GREATEST(pg_catalog.now(), timestamptz 'epoch' + " +
                                      params.bind(std::to_string(*previous_micros)) +
                                      "::bigint * interval '1 microsecond')"
                                : std::string("pg_catalog.now()");
    auto selected = "SELECT " + selected_columns(source, range) + " FROM " + source.table.sql() +
                    " WHERE " + replay_conditions(source, options, range, after, params) +
                    " ORDER BY " + replay_position_column(source, range) + " LIMIT " +
                    params.bind(std::to_string(rows)) + "::bigint";
    auto ordered = "(SELECT s.position, s.tenant_id, s.stream_id AS aggregate_id, s.stream_seq AS "
                   "sequence, s.event_type, s.payload, s.metadata, " +
                   key_expression(source, label, "s.seq", params) + " AS idempotency_key, " + base +
                   " + pg_catalog.row_number() OVER (ORDER BY s.position) * interval '1 "
                   "microsecond' AS at FROM selected s)";
    auto insert = enqueue_insert(outbox, ordered, "r.position", params);
    auto sql = "WITH selected AS (" + selected + "), inserted AS (" + insert +
               ") SELECT (SELECT pg_catalog.count(*) FROM selected), (SELECT "
               "pg_catalog.max(position) FROM selected), (SELECT pg_catalog.count(*) FROM "
               "inserted), (SELECT pg_catalog.max(created_micros) FROM inserted)";
    auto row = session.exec(tx, sql, params)[0];
    BatchOutcome outcome;
    outcome.selected = row[0].as<std::int64_t>();
    if (!row[1].is_null()) {
        outcome.last_position = row[1].as<std::int64_t>();
    }
    outcome.inserted = row[2].as<std::int64_t>();
    if (!row[3].is_null()) {
        outcome.last_created_micros = row[3].as<std::int64_t>();
    }
    return outcome;
}

} // namespace

std::string replay_idempotency_key(const LogSource& source, const std::string& label,
                                   std::int64_t seq_no) {
    return key_prefix + source.table.display() + ":" + label + ":" + std::to_string(seq_no);
}

void validate_replay_label(const std::string& label) {
    if (label.empty()) {
        throw UsageError("--label needs a name, such as --label incident-4711");
    }
    if (std::any_of(label.begin(), label.end(),
                    [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; })) {
        throw UsageError("--label cannot hold control characters");
    }
}

IntoOutboxChange plan_replay_into_outbox(const Layout& layout, ReplayOptions options,
                                         IntoOutboxOptions into) {
    require_capability(layout, Command::log_replay_into_outbox);
    validate_replay_options(*layout.log, options);
    validate_replay_label(into.label);
    if (into.batch_size <= 0) {
        throw UsageError("the batch size must be positive");
    }
    if (options.unbounded() && !into.all) {
        throw UsageError("--into-outbox without a range or filter would enqueue the whole log",
                         "narrow it (--from-seq, --stream, --type, ...) or add --all");
    }
    return IntoOutboxChange(layout, std::move(options), std::move(into));
}

IntoOutboxChange::IntoOutboxChange(Layout layout, ReplayOptions options, IntoOutboxOptions into)
    : m_layout(std::move(layout)), m_options(std::move(options)), m_into(std::move(into)) {}

IntoOutboxPreview IntoOutboxChange::preview(Session& session, bool count) const {
    auto source = open_log_source(session, *m_layout.log);
    IntoOutboxPreview preview;
    preview.counted = count;
    auto& result = preview.result;
    result.dry_run = true;
    result.label = m_into.label;
    result.run = start_record(session.target());
    {
        LogSnapshot snapshot(session, source, !m_options.stream);
        preview.range = resolve_replay_range(session, snapshot, source, m_options);
        snapshot.commit();
    }
    result.selection = replay_selection_json(m_options, preview.range);
    result.warnings = preview.range.warnings;
    if (count && !preview.range.empty) {
        auto outbox = OutboxTable::open(session, m_layout);
        count_dry(session, source, outbox, m_options, preview.range, m_into.label, result);
    }
    finish_record(result.run);
    return preview;
}

ChangeSummary IntoOutboxChange::summary(const IntoOutboxPreview& preview) const {
    return {Command::log_replay_into_outbox, preview.result.changed, "events",
            m_layout.outbox->table, preview.result.selection};
}

IntoOutboxResult IntoOutboxChange::apply(Session& session, const IntoOutboxPreview& preview,
                                         const RunControl& control) const {
    auto source = open_log_source(session, *m_layout.log);
    auto outbox = OutboxTable::open(session, m_layout);
    const auto& options = m_options;
    const auto& range = preview.range;
    IntoOutboxResult result;
    result.label = m_into.label;
    result.selection = preview.result.selection;
    result.warnings = preview.result.warnings;
    result.run = start_record(session.target());
    if (preview.counted && preview.result.changed == 0) {
        finish_record(result.run);
        return result;
    }

    // Each batch commits on its own: a long transaction would hold back the stable horizon of
    // every reader of the log (and vacuum), and a batch interrupted is simply redone by a rerun.
    // The audit record is written first and advanced in each batch's transaction, so it counts
    // exactly what was committed, even when the process dies halfway.
    AuditRecord opening;
    opening.command = Command::log_replay_into_outbox;
    opening.command_line = m_into.command_line;
    opening.selection = result.selection;
    opening.result = {{"label", m_into.label}};
    AuditTrail trail(session, m_layout.audit, opening);
    std::optional<std::int64_t> after;
    std::optional<std::int64_t> previous_micros;
    bool done = range.empty;
    auto so_far = [&] {
        return nlohmann::json{{"label", m_into.label},
                              {"batches", result.batches},
                              {"matched", result.matched},
                              {"changed", result.changed}};
    };
    try {
        while (!done) {
            if (auto stop = control.stop.reason()) {
                result.run.stop(*stop);
                break;
            }
            auto rows = options.limit == 0
                            ? m_into.batch_size
                            : std::min(m_into.batch_size, options.limit - result.matched);
            WriteTransaction tx(session.connection());
            auto batch = insert_batch(session, tx, source, outbox, options, range, m_into.label,
                                      after, rows, previous_micros);
            trail.add(tx, batch.selected, batch.inserted);
            tx.commit();
            ++result.batches;
            result.matched += batch.selected;
            result.changed += batch.inserted;
            after = batch.last_position;
            if (batch.last_created_micros) {
                previous_micros = batch.last_created_micros;
            }
            ChangeProgress progress;
            progress.changed = result.changed;
            progress.skipped = result.matched - result.changed;
            progress.batches = result.batches;
            control.report(progress);
            done = batch.selected < rows || (options.limit != 0 && result.matched >= options.limit);
        }
    } catch (...) {
        trail.fail(so_far(), std::current_exception());
        throw;
    }
    finish_record(result.run);
    trail.finish(so_far(), result.run);
    return result;
}

} // namespace eventctl
