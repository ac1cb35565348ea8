#include "event_row.h"
#include "eventctl/error.h"
#include "eventctl/log/low_watermark.h"
#include "eventctl/log/replay.h"
#include "eventctl/option_ranges.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/session/transactions.h"
#include "log/consumer_sql.h"
#include "replay_sql.h"

#include <limits>

namespace eventctl {

bool ReplayOptions::unbounded() const {
    return !from_seq && !after_seq && !from_time && !consumer && !to_seq && !to_time && !stream &&
           !tenant && types.empty() && limit == 0;
}

void validate_replay_options(const LogSource& source, const ReplayOptions& options) {
    int starts = (options.from_seq ? 1 : 0) + (options.after_seq ? 1 : 0) +
                 (options.from_time ? 1 : 0) + (options.consumer ? 1 : 0);
    if (starts > 1) {
        throw UsageError(
            "give at most one start: --from-seq, --after-seq, --from-time or --consumer");
    }
    if (options.to_seq && options.to_time) {
        throw UsageError("give at most one end: --to-seq or --to-time");
    }
    // An inverted range selects nothing, ever: a typo to say, not an empty result to print.
    // --after-seq N --to-seq N is empty but not inverted: a consumer at its target replays
    // nothing, as a script computing the range expects.
    if (options.to_seq && ((options.from_seq && *options.from_seq > *options.to_seq) ||
                           (options.after_seq && *options.after_seq > *options.to_seq))) {
        throw UsageError("the range ends before it starts: --to-seq " +
                         std::to_string(*options.to_seq) + " is before " +
                         (options.from_seq ? "--from-seq " + std::to_string(*options.from_seq)
                                           : "--after-seq " + std::to_string(*options.after_seq)));
    }
    if (options.from_time && options.to_time && *options.from_time > *options.to_time) {
        throw UsageError("the range ends before it starts: --to-time " +
                         format_rfc3339(*options.to_time) + " is before --from-time " +
                         format_rfc3339(*options.from_time));
    }
    require_in_range("--limit", options.limit, ranges::limit);
    if (options.stream) {
        if (options.stream->empty()) {
            throw UsageError("--stream needs a stream id");
        }
        if (options.consumer) {
            throw UsageError("--consumer starts at a global position, --stream replays one stream "
                             "by its own positions: give --after-seq N with --stream");
        }
        if (!source.has_streams()) {
            throw UsageError("layout " + source.layout + " has no streams, which --stream needs");
        }
    } else {
        require_global_position(source, "log replay without --stream");
    }
    if (options.consumer) {
        require_consumers(source, "log replay --consumer");
    }
    if (options.tenant && !source.has_tenants()) {
        // Without a tenant column every event's tenant is null: the filter would match nothing.
        throw UsageError("layout " + source.layout +
                             " lacks a tenant_id column, which --tenant "
                             "needs",
                         "leave --tenant out, or map tenant_id in a layout file "
                         "(eventctl-layout(5))");
    }
    for (const auto& type : options.types) {
        if (type.empty()) {
            throw UsageError("--type needs event type names, such as --type OrderPlaced,OrderPaid");
        }
    }
}

std::string replay_position_column(const LogSource& source, const ReplayRange& range) {
    return quote_identifier(range.by_stream ? *source.stream_seq_column : *source.seq_column);
}

std::string replay_conditions(const LogSource& source, const ReplayOptions& options,
                              const ReplayRange& range,
                              const std::optional<std::int64_t>& after_position,
                              SqlParams& params) {
    auto position = replay_position_column(source, range);
    std::vector<std::string> conditions;
    if (auto rows = log_rows(source, params); !rows.is_always()) {
        conditions.push_back(rows.sql());
    }
    if (range.by_stream) {
        // A stream's events without a position cannot be ordered; seq_no is never null.
        conditions.push_back(quote_identifier(*source.stream_column) + " = " +
                             params.bind(*options.stream));
        conditions.push_back(position + " IS NOT NULL");
    }
    if (auto lower = after_position ? after_position : range.after) {
        conditions.push_back(position + " > " + params.bind(std::to_string(*lower)) + "::bigint");
    }
    if (range.through) {
        conditions.push_back(position + " <= " + params.bind(std::to_string(*range.through)) +
                             "::bigint");
    }
    if (options.tenant) {
        conditions.push_back(tenant_value(source, params) + " = " + params.bind(*options.tenant));
    }
    if (options.types.size() == 1) {
        conditions.push_back(quote_identifier(source.type_column) + " = " +
                             params.bind(options.types.front()));
    } else if (!options.types.empty()) {
        conditions.push_back(quote_identifier(source.type_column) + " = ANY(" +
                             params.bind_text_array(options.types) + ")");
    }
    if (conditions.empty()) {
        return "TRUE";
    }
    std::string sql;
    for (const auto& condition : conditions) {
        sql += (sql.empty() ? "" : " AND ") + condition;
    }
    return sql;
}

namespace {

std::optional<std::int64_t> scalar_position(Session& session, pqxx::transaction_base& tx,
                                            const std::string& sql, const SqlParams& params) {
    auto rows = session.exec(tx, sql, params);
    if (rows.empty() || rows[0][0].is_null()) {
        return std::nullopt;
    }
    return rows[0][0].as<std::int64_t>();
}

std::string stream_scope(const LogSource& source, const ReplayOptions& options,
                         const ReplayRange& range, SqlParams& params) {
    auto rows = log_rows(source, params);
    if (!range.by_stream) {
        return rows.sql();
    }
    return (rows && Condition(quote_identifier(*source.stream_column) + " = " +
                              params.bind(*options.stream)))
        .sql();
}

// "+ 0" keeps the planner from walking the position index until the first match (most of a
// large log for a recent time); through the created_at index the cost follows the events at or
// after the time, which the replay reads next anyway.
std::optional<std::int64_t> first_at_or_after(Session& session, pqxx::transaction_base& tx,
                                              const LogSource& source, const ReplayOptions& options,
                                              const ReplayRange& range, TimePoint time) {
    SqlParams params;
    auto sql = "SELECT pg_catalog.min(" + replay_position_column(source, range) + " + 0) FROM " +
               source.table.sql() + " WHERE " + stream_scope(source, options, range, params) +
               " AND " + created_at_comparable(source) +
               " >= " + time_operand(params.bind(format_rfc3339(time)), source.created_at_format);
    return scalar_position(session, tx, sql, params);
}

// Walking the position index back from the end stops at the first event at or before the time:
// cheap for the recent ends a replay usually has.
std::optional<std::int64_t> last_at_or_before(Session& session, pqxx::transaction_base& tx,
                                              const LogSource& source, const ReplayOptions& options,
                                              const ReplayRange& range, TimePoint time) {
    SqlParams params;
    auto position = replay_position_column(source, range);
    auto sql = "SELECT pg_catalog.max(" + position + ") FROM " + source.table.sql() + " WHERE " +
               stream_scope(source, options, range, params) + " AND " +
               created_at_comparable(source) +
               " <= " + time_operand(params.bind(format_rfc3339(time)), source.created_at_format);
    if (range.after) {
        sql += " AND " + position + " > " + params.bind(std::to_string(*range.after)) + "::bigint";
    }
    return scalar_position(session, tx, sql, params);
}

std::int64_t consumer_position(Session& session, pqxx::transaction_base& tx,
                               const LogSource& source, const std::string& consumer) {
    const auto& consumers = *source.consumers;
    SqlParams params;
    auto where = consumer_named(consumers, consumer, params) && consumer_rows(consumers, params);
    auto position = scalar_position(session, tx,
                                    "SELECT " + position_value(consumers) + " FROM " +
                                        consumers.table.sql() + " WHERE " + where.sql(),
                                    params);
    if (!position) {
        throw DataError("no consumer named " + in_quotes(consumer) + " in " +
                            consumers.table.display(),
                        "check the name with 'eventctl log consumers'");
    }
    return *position;
}

} // namespace

ReplayRange resolve_replay_range(Session& session, LogSnapshot& snapshot, const LogSource& source,
                                 const ReplayOptions& options) {
    validate_replay_options(source, options);
    auto& tx = snapshot.tx();
    ReplayRange range;
    range.by_stream = options.stream.has_value();
    if (options.from_seq) {
        range.after = *options.from_seq == std::numeric_limits<std::int64_t>::min()
                          ? *options.from_seq
                          : *options.from_seq - 1;
    } else if (options.after_seq) {
        range.after = *options.after_seq;
    } else if (options.consumer) {
        range.after = consumer_position(session, tx, source, *options.consumer);
    } else if (options.from_time) {
        auto first = first_at_or_after(session, tx, source, options, range, *options.from_time);
        range.empty = !first;
        range.after = first ? *first - 1 : 0;
    }
    if (!range.by_stream && range.after &&
        *range.after < std::numeric_limits<std::int64_t>::max()) {
        // A start below the low watermark would begin at the first event left, silently
        // leaving out the ones log purge deleted.
        std::string what = options.from_seq    ? "--from-seq " + std::to_string(*options.from_seq)
                           : options.after_seq ? "--after-seq " + std::to_string(*options.after_seq)
                           : options.consumer  ? "consumer \"" + *options.consumer + "\" at " +
                                                    std::to_string(*range.after)
                                              : "--from-time";
        refuse_below_watermark(read_low_watermark(session, tx, source), *range.after + 1, what);
    }
    if (options.to_seq) {
        range.through = *options.to_seq;
    } else if (options.to_time) {
        auto last = last_at_or_before(session, tx, source, options, range, *options.to_time);
        range.empty = range.empty || !last;
        range.through = last;
    }
    if (range.by_stream) {
        // A stream's positions are its writers' own: a unique (stream, position) index makes a
        // later position wait for an earlier one to commit, so a stream has no horizon to mind.
        return range;
    }
    range.horizon = snapshot.horizon();
    if (!range.horizon) {
        throw Error(ExitCode::internal, "the replay's snapshot read no horizon");
    }
    auto head = range.horizon->head;
    if (!range.through) {
        range.through = head;
        if (range.horizon->latest > head && !range.empty) {
            range.warnings.push_back(
                "replay stops at the stable head, seq_no " + std::to_string(head) +
                ": events up to " + std::to_string(range.horizon->latest) +
                " are visible, but a transaction older than them is still in flight; give "
                "--to-seq to read past it");
        }
    } else if (*range.through > head && range.horizon->latest > head && !range.empty) {
        range.warnings.push_back("the end, seq_no " + std::to_string(*range.through) +
                                 ", is past the stable head, " + std::to_string(head) +
                                 ": an event of a transaction still in flight below it would be "
                                 "missing from this replay");
    }
    return range;
}

nlohmann::json replay_selection_json(const ReplayOptions& options, const ReplayRange& range) {
    nlohmann::json selection = nlohmann::json::object();
    auto set_if = [&selection](const char* key, const auto& value) {
        if (value) {
            selection[key] = *value;
        }
    };
    set_if("from_seq", options.from_seq);
    set_if("after_seq", options.after_seq);
    if (options.from_time) {
        selection["from_time"] = format_rfc3339(*options.from_time);
    }
    set_if("consumer", options.consumer);
    set_if("to_seq", options.to_seq);
    if (options.to_time) {
        selection["to_time"] = format_rfc3339(*options.to_time);
    }
    set_if("stream", options.stream);
    set_if("tenant", options.tenant);
    if (!options.types.empty()) {
        selection["type"] = options.types;
    }
    if (options.limit != 0) {
        selection["limit"] = options.limit;
    }
    // What the options resolved to, so the record says which events exactly.
    nlohmann::json positions = {{"by", range.by_stream ? "stream_seq" : "seq_no"}};
    positions["after"] = range.after ? nlohmann::json(*range.after) : nlohmann::json();
    positions["through"] = range.through ? nlohmann::json(*range.through) : nlohmann::json();
    positions["empty"] = range.empty;
    selection["positions"] = positions;
    return selection;
}

} // namespace eventctl
