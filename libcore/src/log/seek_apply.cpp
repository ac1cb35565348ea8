#include "event_row.h"
#include "eventctl/audit/audit.h"
#include "eventctl/error.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/seek.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "log/consumer_sql.h"
#include "seek_support.h"
#include "sql/rule_sql.h"

#include <algorithm>
#include <map>

namespace eventctl {

namespace {

// Whether a consumer row's update time is still the one the plan read (both absent where the
// layout maps none).
bool same_time(const std::optional<std::int64_t>& micros, const std::optional<TimePoint>& planned) {
    if (!micros || !planned) {
        return !micros && !planned;
    }
    return *micros == to_epoch_micros(*planned);
}

std::map<std::string, ConsumerRow> lock_consumers(Session& session, pqxx::transaction_base& tx,
                                                  const ConsumerTable& consumers,
                                                  const std::vector<std::string>& names) {
    SqlParams params;
    // Locked in name order, so two seeks of overlapping sets cannot deadlock.
    auto columns = consumer_columns(consumers, params);
    auto where = consumer_named_any(consumers, names, params) && consumer_rows(consumers, params);
    auto rows =
        session.exec(tx,
                     "SELECT " + columns + " FROM " + consumers.table.sql() + " WHERE " +
                         where.sql() + " ORDER BY " + name_order(consumers, params) + " FOR UPDATE",
                     params);
    std::map<std::string, ConsumerRow> locked;
    for (const auto& row : rows) {
        locked[row[0].as<std::string>()] = read_consumer_row(row);
    }
    return locked;
}

// What a seek writes besides the position: the update time (never a heartbeat: that is the
// consumer's own) and the layout's reset_on_seek columns.
std::vector<std::pair<std::string, std::string>> seek_writes(const ConsumerTable& consumers,
                                                             SqlParams& params) {
    std::vector<std::pair<std::string, std::string>> writes;
    if (consumers.updated_at_column) {
        writes.emplace_back(*consumers.updated_at_column, "pg_catalog.now()");
    }
    TimeFormatOf formats = [&consumers](const std::string& column) {
        auto found = consumers.time_formats.find(column);
        return found == consumers.time_formats.end() ? TimeFormat::timestamptz : found->second;
    };
    ValueSource source;
    source.target_formats = &formats;
    for (const auto& [column, value] : consumers.reset_on_seek) {
        writes.emplace_back(column, value_sql(column, value, source, params));
    }
    return writes;
}

bool insert_consumer(Session& session, pqxx::transaction_base& tx, const ConsumerTable& consumers,
                     const SeekMove& move) {
    SqlParams params;
    std::vector<std::string> columns;
    std::vector<std::string> values;
    auto key = consumers.key();
    auto parts = consumer_key_values(consumers, move.consumer);
    for (std::size_t i = 0; i < key.size(); ++i) {
        columns.push_back(quote_identifier(key[i]));
        values.push_back(params.bind(parts[i]));
    }
    columns.push_back(quote_identifier(consumers.position_column));
    values.push_back(
        position_written(consumers, params.bind(std::to_string(move.to)) + "::bigint"));
    for (const auto& [column, value] : seek_writes(consumers, params)) {
        columns.push_back(quote_identifier(column));
        values.push_back(value);
    }
    // A consumer created in a table shared by several logs is one of this layout's.
    for (const auto& condition : consumers.filter) {
        columns.push_back(quote_identifier(condition.column));
        values.push_back(condition.kind == LayoutCondition::Kind::is_null
                             ? std::string("NULL")
                             : params.bind(condition.values.front()));
    }
    // The unique key the plan found may hold the filter's columns too, so no conflict target
    // is named: the only conflict that key allows is the consumer's own row.
    auto sql = "INSERT INTO " + consumers.table.sql() + " (" + joined(columns) + ") VALUES (" +
               joined(values) + ") ON CONFLICT DO NOTHING";
    return session.exec(tx, sql, params).affected_rows() == 1;
}

// The position and last update are rechecked in the UPDATE itself, on top of the row lock.
bool update_consumer(Session& session, pqxx::transaction_base& tx, const ConsumerTable& consumers,
                     const SeekMove& move) {
    SqlParams params;
    std::string set =
        quote_identifier(consumers.position_column) + " = " +
        position_written(consumers, params.bind(std::to_string(move.to)) + "::bigint");
    for (const auto& [column, value] : seek_writes(consumers, params)) {
        set += ", " + quote_identifier(column) + " = " + value;
    }
    auto where = consumer_named(consumers, move.consumer, params) &&
                 consumer_rows(consumers, params) &&
                 Condition(position_value(consumers) + " = " +
                           params.bind(std::to_string(*move.from)) + "::bigint");
    if (move.updated_at) {
        where = where && Condition(consumer_updated_micros(consumers) + " = " +
                                   params.bind(std::to_string(to_epoch_micros(*move.updated_at))) +
                                   "::bigint");
    }
    auto sql = "UPDATE " + consumers.table.sql() + " SET " + set + " WHERE " + where.sql();
    return session.exec(tx, sql, params).affected_rows() == 1;
}

// The moves that changed something: a consumer already where the seek would put it did not
// move, and the record says only what did.
nlohmann::json applied_json(const SeekPlan& plan) {
    nlohmann::json moves = nlohmann::json::array();
    for (const auto& move : plan.moves) {
        if (move.from && *move.from == move.to) {
            continue;
        }
        moves.push_back({{"consumer", move.consumer},
                         {"from", move.from ? nlohmann::json(*move.from) : nlohmann::json()},
                         {"to", move.to}});
    }
    return {{"head", plan.horizon.head}, {"moves", moves}};
}

} // namespace

SeekPlan apply_seek(Session& session, const LogSource& layout_source, const SeekOptions& options,
                    SeekPlan plan) {
    require_consumers(layout_source, "log seek");
    auto source = open_log_source(session, layout_source);
    const auto& consumers = *source.consumers;
    plan.dry_run = false;
    if (!plan.live.empty() && !options.force) {
        std::vector<std::string> described;
        for (const auto& move : plan.moves) {
            if (std::find(plan.live.begin(), plan.live.end(), move.consumer) != plan.live.end()) {
                described.push_back(
                    in_quotes(move.consumer) +
                    (move.age_seconds && *move.age_seconds * 1000 < options.active_window.count()
                         ? " (moved " + std::to_string(*move.age_seconds) + "s ago)"
                         : std::string(" (live by the layout's liveness rule)")));
            }
        }
        throw RefusedError("refusing to move live consumers, updated within the last " +
                               format_duration_ms(options.active_window) + ": " +
                               joined(described) + "; nothing was changed",
                           "stop the consumer first (it would overwrite the new position), or "
                           "add --force");
    }

    // A consumer already at its target is left alone: not locked, not rechecked, not written,
    // and a plan of only such moves writes nothing, not even an audit record.
    auto no_op = [](const SeekMove& move) { return move.from && *move.from == move.to; };
    count_changed(plan);
    if (plan.changed == 0) {
        return plan;
    }
    WriteTransaction tx(session.connection());
    std::vector<std::string> names;
    for (const auto& move : plan.moves) {
        if (!no_op(move)) {
            names.push_back(move.consumer);
        }
    }
    auto locked = lock_consumers(session, tx, consumers, names);

    // A consumer that moved between the plan and the lock is live after all: its own next
    // acknowledgement would undo the seek.
    SeekBounds bounds{plan.horizon.beginning(), plan.horizon.head};
    std::vector<std::string> moved;
    for (auto& move : plan.moves) {
        if (no_op(move)) {
            continue;
        }
        auto now = locked.find(move.consumer);
        bool exists = now != locked.end();
        bool same = exists == move.from.has_value() &&
                    (!exists || (now->second.position == *move.from &&
                                 same_time(now->second.updated_micros, move.updated_at)));
        if (same) {
            continue;
        }
        moved.push_back(in_quotes(move.consumer) + " (planned at " + position_text(move.from) +
                        ", now " +
                        position_text(exists ? std::optional<std::int64_t>(now->second.position)
                                             : std::nullopt) +
                        ")");
        if (!options.force) {
            continue;
        }
        if (!exists && !options.create) {
            throw DataError("consumer " + in_quotes(move.consumer) +
                            " was deleted while the seek was planned");
        }
        move.from = exists ? std::optional<std::int64_t>(now->second.position) : std::nullopt;
        move.updated_at =
            exists && now->second.updated_micros
                ? std::optional<TimePoint>(from_epoch_micros(*now->second.updated_micros))
                : std::nullopt;
        auto resolved = resolve_target(target_for(options, move.consumer), move.consumer, move.from,
                                       bounds, plan.first_at_time);
        move.to = resolved.position;
        if (resolved.warning) {
            plan.warnings.push_back(*resolved.warning);
        }
    }
    if (!moved.empty()) {
        if (!options.force) {
            throw RefusedError("consumers moved while the seek was being planned, so they are "
                               "live: " +
                                   joined(moved) + "; nothing was changed",
                               "stop the consumer first, or add --force");
        }
        plan.warnings.push_back(
            "moved while the seek was being planned, replanned under --force: " + joined(moved));
    }

    for (const auto& move : plan.moves) {
        if (!move.from) {
            if (!insert_consumer(session, tx, consumers, move)) {
                throw RefusedError(
                    "consumer " + in_quotes(move.consumer) +
                        " was created by someone else meanwhile; nothing was changed",
                    "run the seek again");
            }
        } else if (*move.from != move.to && !update_consumer(session, tx, consumers, move)) {
            throw RefusedError("consumer " + in_quotes(move.consumer) +
                               " changed under the row lock; nothing was changed");
        }
    }
    count_changed(plan);

    AuditRecord audit;
    audit.command = Command::log_seek;
    audit.command_line = options.command_line;
    audit.matched = static_cast<std::int64_t>(plan.moves.size());
    audit.changed = plan.changed;
    audit.selection = seek_selection_json(options);
    audit.result = applied_json(plan);
    audit.result["outcome"] = "complete"; // one transaction: all of it or, failing, nothing
    if (options.audit_table) {
        write_audit(session, tx, *options.audit_table, audit);
    } else {
        note_audit(session, audit);
    }
    tx.commit();
    return plan;
}

} // namespace eventctl
