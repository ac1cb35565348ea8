#include "eventctl/log/consumers.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/horizon.h"
#include "eventctl/session/transactions.h"

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
    facts.since_moved = std::chrono::seconds(consumer.updated_age_seconds);
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
    result.head = horizon.head;
    result.latest = horizon.latest;
    if (horizon.first) {
        result.low_watermark = *horizon.first - 1;
    }
    // The oldest event a consumer has not acknowledged is the first after its position: one step
    // of the seq_no index each.
    auto seq = quote_identifier(*source.seq_column);
    SqlParams params;
    auto head = params.bind(std::to_string(horizon.head));
    auto oldest_waiting = "(SELECT " +
                          time_epoch_micros("e." + quote_identifier(source.created_at_column),
                                            source.created_at_format) +
                          " FROM " + source.table.sql() + " e WHERE e." + seq + " > " +
                          position_value(consumers, "c") + " AND e." + seq + " <= " + head +
                          "::bigint ORDER BY e." + seq + " LIMIT 1)";
    auto rows =
        session.exec(snapshot.tx(),
                     "SELECT c." + quote_identifier(consumers.name_column) + ", " +
                         position_value(consumers, "c") + ", " +
                         epoch_micros_of("c." + quote_identifier(consumers.updated_at_column)) +
                         ", " + epoch_micros_of("pg_catalog.now()") + ", " + oldest_waiting +
                         " FROM " + consumers.table.sql() + " c ORDER BY c." +
                         quote_identifier(consumers.name_column) + " COLLATE \"C\"",
                     params);
    if (rows.empty()) {
        // No row carried the server's time.
        result.read_at = from_epoch_micros(
            session.exec(snapshot.tx(), "SELECT " + epoch_micros_of("pg_catalog.now()"))[0][0]
                .as<std::int64_t>());
    }
    snapshot.commit();
    for (const auto& row : rows) {
        ConsumerPosition consumer;
        consumer.consumer = row[0].as<std::string>();
        consumer.position = row[1].as<std::int64_t>();
        consumer.lag = consumer_lag(result.head, consumer.position);
        consumer.updated_at = from_epoch_micros(row[2].as<std::int64_t>());
        result.read_at = from_epoch_micros(row[3].as<std::int64_t>());
        consumer.updated_age_seconds =
            std::max<std::int64_t>(0, seconds_between(consumer.updated_at, result.read_at));
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
