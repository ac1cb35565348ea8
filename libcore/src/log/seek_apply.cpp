#include "event_row.h"
#include "eventctl/audit/audit.h"
#include "eventctl/error.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/seek.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "seek_support.h"

#include <algorithm>
#include <map>

namespace eventctl {

namespace {

std::map<std::string, ConsumerRow> lock_consumers(Session& session, pqxx::transaction_base& tx,
                                                  const ConsumerTable& consumers,
                                                  const std::vector<std::string>& names) {
    SqlParams params;
    // Locked in name order, so two seeks of overlapping sets cannot deadlock.
    auto rows = session.exec(
        tx,
        "SELECT " + consumer_columns(consumers) + " FROM " + consumers.table.sql() + " WHERE " +
            quote_identifier(consumers.name_column) + " = ANY(" + params.bind_text_array(names) +
            ") ORDER BY " + name_order(consumers) + " FOR UPDATE",
        params);
    std::map<std::string, ConsumerRow> locked;
    for (const auto& row : rows) {
        locked[row[0].as<std::string>()] = {row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
    }
    return locked;
}

bool insert_consumer(Session& session, pqxx::transaction_base& tx, const ConsumerTable& consumers,
                     const SeekMove& move) {
    SqlParams params;
    auto sql =
        "INSERT INTO " + consumers.table.sql() + " (" + quote_identifier(consumers.name_column) +
        ", " + quote_identifier(consumers.position_column) + ", " +
        quote_identifier(consumers.updated_at_column) + ") VALUES (" + params.bind(move.consumer) +
        ", " + position_written(consumers, params.bind(std::to_string(move.to)) + "::bigint") +
        ", pg_catalog.now()) ON CONFLICT (" + quote_identifier(consumers.name_column) +
        ") DO NOTHING";
    return session.exec(tx, sql, params).affected_rows() == 1;
}

// The position and last update are rechecked in the UPDATE itself, on top of the row lock.
bool update_consumer(Session& session, pqxx::transaction_base& tx, const ConsumerTable& consumers,
                     const SeekMove& move) {
    SqlParams params;
    auto sql =
        "UPDATE " + consumers.table.sql() + " SET " + quote_identifier(consumers.position_column) +
        " = " + position_written(consumers, params.bind(std::to_string(move.to)) + "::bigint") +
        ", " + quote_identifier(consumers.updated_at_column) + " = pg_catalog.now() WHERE " +
        quote_identifier(consumers.name_column) + " = " + params.bind(move.consumer) + " AND " +
        position_value(consumers) + " = " + params.bind(std::to_string(*move.from)) +
        "::bigint AND " + epoch_micros(quote_identifier(consumers.updated_at_column)) + " = " +
        params.bind(std::to_string(to_epoch_micros(*move.updated_at))) + "::bigint";
    return session.exec(tx, sql, params).affected_rows() == 1;
}

nlohmann::json applied_json(const SeekPlan& plan) {
    nlohmann::json moves = nlohmann::json::array();
    for (const auto& move : plan.moves) {
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
                described.push_back(in_quotes(move.consumer) + " (moved " +
                                    std::to_string(move.age_seconds.value_or(0)) + "s ago)");
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
                                 now->second.updated_micros == to_epoch_micros(*move.updated_at)));
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
            exists ? std::optional<TimePoint>(from_epoch_micros(now->second.updated_micros))
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
