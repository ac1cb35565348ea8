#include "eventctl/log/consumers.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/horizon.h"
#include "eventctl/log/low_watermark.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "log/consumer_sql.h"
#include "seek_support.h"
#include "sql/statement.h"

namespace eventctl {

namespace {

std::int64_t seconds_between(TimePoint earlier, TimePoint later) {
    return std::chrono::duration_cast<std::chrono::seconds>(later - earlier).count();
}

HealthFacts facts_of(const ConsumersResult& result, const ConsumerPosition& consumer) {
    HealthFacts facts;
    facts.position = consumer.position;
    facts.lag = consumer.lag;
    facts.latest = result.latest;
    facts.low_watermark = result.low_watermark;
    facts.first_possible_seq = result.first_possible_seq;
    if (consumer.updated_age_seconds) {
        facts.since_moved = std::chrono::seconds(*consumer.updated_age_seconds);
    }
    facts.lag_seconds = consumer.lag_seconds;
    return facts;
}

} // namespace

ConsumersResult list_consumers(Session& session, const LogSource& layout_source,
                               const ConsumersOptions& options) {
    require_consumers(layout_source, "log consumers");
    auto source = open_log_source(session, layout_source);
    const auto& consumers = *source.consumers;
    LogSnapshot snapshot(session, source);
    const auto& horizon = *snapshot.horizon();
    ConsumersResult result;
    result.layout = source.layout;
    result.table = source.table.display();
    result.consumers_table = consumers.table.display();
    result.database = session.target();
    result.head = horizon.head;
    result.latest = horizon.latest;
    auto watermark = read_low_watermark(session, snapshot.tx(), source);
    result.low_watermark = watermark.lowest;
    result.first_possible_seq = watermark.first_possible;
    // The oldest event a consumer has not acknowledged is the first after its position: one step
    // of the seq_no index each.
    SqlParams params;
    auto seq = "e." + quote_identifier(*source.seq_column);
    auto oldest_unacknowledged = fmt::format(
        R"((SELECT {created_at} FROM {log} AS e
     WHERE {seq} > {position} AND {seq} <= {head}::bigint
     ORDER BY {seq} LIMIT 1))",
        "created_at"_a = time_epoch_micros("e." + quote_identifier(source.created_at_column),
                                           source.created_at_format),
        "log"_a = source.table.sql(), "seq"_a = seq, "position"_a = position_value(consumers, "c"),
        "head"_a = params.bind(std::to_string(horizon.head)));
    auto sql = select_consumers(consumers, params, {oldest_unacknowledged});
    auto rows = session.exec(snapshot.tx(), sql, params);
    if (rows.empty()) {
        // No row carried the server's time.
        result.read_at = from_epoch_micros(
            session.exec(snapshot.tx(), "SELECT " + epoch_micros("pg_catalog.now()"))[0][0]
                .as<std::int64_t>());
    }
    snapshot.commit();
    for (const auto& row : rows) {
        ConsumerPosition consumer;
        consumer.consumer = row[0].as<std::string>();
        auto read = read_consumer_row(row);
        consumer.position = read.position;
        consumer.lag = consumer_lag(result.head, consumer.position);
        if (read.updated_micros) {
            consumer.updated_at = from_epoch_micros(*read.updated_micros);
        }
        result.read_at = from_epoch_micros(row[3].as<std::int64_t>());
        if (consumer.updated_at) {
            consumer.updated_age_seconds =
                std::max<std::int64_t>(0, seconds_between(*consumer.updated_at, result.read_at));
        }
        if (consumer.lag == 0) {
            consumer.lag_seconds = 0;
        } else if (!row[4].is_null()) {
            consumer.lag_seconds = std::max<std::int64_t>(
                0, seconds_between(from_epoch_micros(row[4].as<std::int64_t>()), result.read_at));
        }
        consumer.status = evaluate_consumer(facts_of(result, consumer), options.stalled_after);
        result.consumers.push_back(std::move(consumer));
    }
    return result;
}

void add_rates(ConsumersResult& later, const ConsumersResult& earlier,
               const ConsumersOptions& options) {
    std::chrono::duration<double> elapsed = later.read_at - earlier.read_at;
    if (elapsed.count() <= 0) {
        return;
    }
    double seconds = elapsed.count();
    later.sample_seconds = seconds;
    double written = static_cast<double>(later.head - earlier.head) / seconds;
    later.written_per_second = written;
    for (auto& consumer : later.consumers) {
        consumer.consumed_per_second.reset();
        consumer.drain_seconds.reset();
        const ConsumerPosition* before = nullptr;
        for (const auto& candidate : earlier.consumers) {
            if (candidate.consumer == consumer.consumer) {
                before = &candidate;
            }
        }
        if (before == nullptr) {
            continue; // created between the readings: no rate yet
        }
        double consumed = static_cast<double>(consumer.position - before->position) / seconds;
        consumer.consumed_per_second = consumed;
        if (consumer.lag == 0) {
            consumer.drain_seconds = 0.0;
        } else if (consumed > written) {
            consumer.drain_seconds = static_cast<double>(consumer.lag) / (consumed - written);
        }
        auto facts = facts_of(later, consumer);
        facts.lag_before = before->lag;
        consumer.status = evaluate_consumer(facts, options.stalled_after);
    }
}

} // namespace eventctl
