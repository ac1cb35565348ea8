#include "event_row.h"
#include "eventctl/error.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/low_watermark.h"
#include "eventctl/log/seek.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "log/consumer_sql.h"
#include "seek_support.h"
#include "sql/statement.h"

#include <algorithm>
#include <map>

namespace eventctl {

namespace {

std::vector<std::string> requested_names(const SeekOptions& options) {
    std::vector<std::string> names;
    if (options.saved) {
        for (const auto& move : *options.saved) {
            names.push_back(move.consumer);
        }
    } else {
        names = options.consumers;
    }
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    return names;
}

// The lowest seq_no created at or after a time. "+ 0" keeps the planner from walking the seq_no
// index until the first match, which on a large log means most of it when the time is recent;
// through the created_at index the cost follows the events at or after the time instead.
std::optional<std::int64_t> first_seq_at_or_after(Session& session, pqxx::transaction_base& tx,
                                                  const LogSource& source, TimePoint time) {
    SqlParams params;
    auto seq = quote_identifier(*source.seq_column);
    auto where =
        log_rows(source, params) &&
        Condition(created_at_comparable(source) + " >= " +
                  time_operand(params.bind(format_rfc3339(time)), source.created_at_format));
    auto rows = session.exec(tx,
                             "SELECT pg_catalog.min(" + seq + " + 0) FROM " + source.table.sql() +
                                 " WHERE " + where.sql(),
                             params);
    if (rows[0][0].is_null()) {
        return std::nullopt;
    }
    return rows[0][0].as<std::int64_t>();
}

// Whether this session may read the audit table; a seek without it judges liveness by the
// update time alone.
bool can_read(Session& session, pqxx::transaction_base& tx,
              const std::optional<QualifiedName>& table) {
    if (!table) {
        return false;
    }
    SqlParams params;
    auto rows = session.exec(tx,
                             "SELECT pg_catalog.has_table_privilege(pg_catalog.to_regclass(" +
                                 params.bind(table->sql()) + "), 'SELECT')",
                             params);
    return !rows[0][0].is_null() && rows[0][0].as<bool>();
}

// Whether a recent update of the consumer row c was a seek's own: a seek writes updated_at =
// now() and its audit record (occurred_at = now()) in one transaction, naming the position it
// wrote. A consumer that acknowledged since has another updated_at or position.
std::string moved_by_seek(const ConsumerTable& consumers, const QualifiedName& audit,
                          std::chrono::milliseconds window, SqlParams& params) {
    auto updated_at = "c." + quote_identifier(*consumers.updated_at_column);
    return fmt::format(R"(CASE WHEN {updated_at} > pg_catalog.now() - {window}
    THEN EXISTS (SELECT FROM {audit} AS a
                 WHERE a.command = {seek} AND a.occurred_at = {updated_at}
                   AND a.result -> 'moves' @> pg_catalog.jsonb_build_array(
                       pg_catalog.jsonb_build_object('consumer', {name}, 'to', {position})))
    ELSE false END)",
                       "updated_at"_a = updated_at, "window"_a = seconds_interval(params, window),
                       "audit"_a = audit.sql(),
                       "seek"_a = params.bind(std::string(audit_name(Command::log_seek))),
                       "name"_a = consumer_name(consumers, params, "c"),
                       "position"_a = position_value(consumers, "c"));
}

// Whether a unique index covers the consumers' key columns, and besides them at most columns
// the row filter pins (a key that includes a store or category column): what lets --create
// insert a consumer without racing the library (ON CONFLICT needs one). Read from the catalog,
// before anything is written.
bool has_unique_key(Session& session, pqxx::transaction_base& tx, const ConsumerTable& consumers) {
    SqlParams params;
    auto key = consumers.key();
    auto allowed = key;
    for (const auto& condition : consumers.filter) {
        if (condition.kind == LayoutCondition::Kind::equals) {
            allowed.push_back(condition.column);
        }
    }
    auto sql = fmt::format(R"(SELECT EXISTS (
    SELECT FROM pg_catalog.pg_index i
    CROSS JOIN LATERAL (SELECT pg_catalog.array_agg(a.attname::text) AS names
                        FROM pg_catalog.pg_attribute a
                        WHERE a.attrelid = i.indrelid AND a.attnum = ANY(i.indkey)) AS c
    WHERE i.indrelid = pg_catalog.to_regclass({table}) AND i.indisunique AND i.indpred IS NULL
      AND i.indexprs IS NULL AND c.names @> {key} AND c.names <@ {allowed}))",
                           "table"_a = params.bind(consumers.table.sql()),
                           "key"_a = params.bind_text_array(key),
                           "allowed"_a = params.bind_text_array(allowed));
    return session.exec(tx, sql, params)[0][0].as<bool>();
}

std::optional<std::int64_t> saved_from(const SeekOptions& options, const std::string& consumer) {
    for (const auto& move : *options.saved) {
        if (move.consumer == consumer) {
            return move.from;
        }
    }
    return std::nullopt;
}

} // namespace

void validate_seek_options(const SeekOptions& options) {
    int selections =
        (options.consumers.empty() ? 0 : 1) + (options.all ? 1 : 0) + (options.saved ? 1 : 0);
    if (selections != 1) {
        throw UsageError("log seek needs exactly one of: a CONSUMER, --all or --from-file FILE");
    }
    if (options.create && options.all) {
        throw UsageError("--create makes the consumers named: it cannot go with --all");
    }
    for (const auto& name : requested_names(options)) {
        if (name.empty()) {
            throw UsageError("a consumer name cannot be empty");
        }
    }
}

SeekPlan preview_seek(Session& session, const LogSource& layout_source,
                      const SeekOptions& options) {
    validate_seek_options(options);
    require_consumers(layout_source, "log seek");
    auto source = open_log_source(session, layout_source);
    const auto& consumers = *source.consumers;
    auto names = requested_names(options);

    LogSnapshot snapshot(session, source);
    auto& tx = snapshot.tx();
    SeekPlan plan;
    plan.horizon = *snapshot.horizon();
    if (!options.saved && options.target.kind == SeekTargetKind::time) {
        plan.first_at_time = first_seq_at_or_after(session, tx, source, options.target.time);
    }
    if (options.create && !has_unique_key(session, tx, consumers)) {
        throw UsageError("table " + consumers.table.display() + " has no unique key on the " +
                             "consumer's name (" + joined(consumers.key()) + "), which log " +
                             "seek --create needs to add a consumer without racing its library",
                         "add one (CREATE UNIQUE INDEX), or let the library create the consumer "
                         "and seek it without --create");
    }
    if (!options.saved && options.target.kind == SeekTargetKind::seq) {
        // The next event delivered would be one that log purge deleted: say so, rather than
        // clamping to the first event left and skipping the gap in silence.
        refuse_below_watermark(read_low_watermark(session, tx, source), options.target.value,
                               "--to-seq " + std::to_string(options.target.value));
    }
    SqlParams params;
    auto own_move =
        consumers.updated_at_column && can_read(session, tx, options.audit_table)
            ? moved_by_seek(consumers, *options.audit_table, options.active_window, params)
            : std::string("false");
    auto live = consumer_live_otherwise(consumers, options.active_window, params, "c");
    auto named =
        options.all ? Condition::always() : consumer_named_any(consumers, names, params, "c");
    auto sql = select_consumers(
        consumers, params, {own_move, live.is_never() ? std::string("false") : live.sql()}, named);
    auto rows = session.exec(tx, sql, params);
    snapshot.commit();

    std::map<std::string, ConsumerRow> found;
    std::map<std::string, bool> seeked;
    std::map<std::string, bool> live_otherwise;
    std::int64_t now_micros = 0;
    for (const auto& row : rows) {
        auto name = row[0].as<std::string>();
        found[name] = read_consumer_row(row);
        now_micros = row[3].as<std::int64_t>();
        seeked[name] = row[4].as<bool>();
        live_otherwise[name] = !row[5].is_null() && row[5].as<bool>();
    }
    if (options.all) {
        names.clear();
        for (const auto& [name, row] : found) {
            names.push_back(name);
        }
    }
    std::vector<std::string> missing;
    for (const auto& name : names) {
        if (found.count(name) == 0) {
            missing.push_back(name);
        }
    }
    if (!missing.empty() && !options.create) {
        throw DataError("no consumer named " + in_quotes_list(missing) + " in " +
                            consumers.table.display(),
                        "check the name with 'eventctl log consumers', or add --create to make it");
    }

    SeekBounds bounds{plan.horizon.beginning(), plan.horizon.head};
    auto window_micros = static_cast<std::int64_t>(options.active_window.count()) * 1'000;
    for (const auto& name : names) {
        SeekMove move;
        move.consumer = name;
        bool recent = false;
        if (auto row = found.find(name); row != found.end()) {
            move.from = row->second.position;
            if (row->second.updated_micros) {
                move.updated_at = from_epoch_micros(*row->second.updated_micros);
                auto age_micros = now_micros - *row->second.updated_micros;
                move.age_seconds = age_micros / 1'000'000;
                // Eventctl's own last seek is not the consumer's activity.
                recent = age_micros < window_micros && !seeked[name];
            }
            // A heartbeat, an owner or a status the layout reads says so whatever the time.
            recent = recent || live_otherwise[name];
        }
        auto resolved =
            resolve_target(target_for(options, name), name, move.from, bounds, plan.first_at_time);
        move.to = resolved.position;
        // A consumer already where the seek would put it is not moved, so it cannot object,
        // and a rerun of a seek that went through is not refused.
        if (recent && *move.from != move.to) {
            plan.live.push_back(name);
        }
        if (resolved.warning) {
            plan.warnings.push_back(*resolved.warning);
        }
        if (options.saved) {
            auto planned = saved_from(options, name);
            if (planned != move.from) {
                plan.warnings.push_back("consumer " + in_quotes(name) + ": the plan has it at " +
                                        position_text(planned) + ", it is at " +
                                        position_text(move.from) + " now; moving it to " +
                                        std::to_string(move.to) + " all the same");
            }
        }
        plan.moves.push_back(std::move(move));
    }
    count_changed(plan);
    plan.dry_run = true;
    return plan;
}

nlohmann::json seek_selection_json(const SeekOptions& options) {
    nlohmann::json selection = nlohmann::json::object();
    if (options.all) {
        selection["all"] = true;
    } else if (options.saved) {
        selection["from_file"] = true;
    } else {
        selection["consumers"] = options.consumers;
    }
    if (!options.saved) {
        const auto& target = options.target;
        switch (target.kind) {
        case SeekTargetKind::beginning:
            selection["to"] = "beginning";
            break;
        case SeekTargetKind::end:
            selection["to"] = "end";
            break;
        case SeekTargetKind::seq:
            selection["to_seq"] = target.value;
            break;
        case SeekTargetKind::time:
            selection["to_time"] = format_rfc3339(target.time);
            break;
        case SeekTargetKind::shift:
            selection["shift_by"] = target.value;
            break;
        case SeekTargetKind::position:
            selection["to_position"] = target.value;
            break;
        }
    }
    selection["create"] = options.create;
    selection["force"] = options.force;
    auto window = options.active_window.count();
    selection["active_window_seconds"] =
        window % 1000 == 0 ? nlohmann::json(window / 1000) : nlohmann::json(window / 1000.0);
    return selection;
}

} // namespace eventctl
