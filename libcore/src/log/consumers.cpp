#include "eventctl/log/consumers.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/horizon.h"
#include "eventctl/log/low_watermark.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "seek_support.h"
#include "sql/statement.h"

namespace eventctl {

ConsumersResult list_consumers(Session& session, const LogSource& layout_source) {
    require_consumers(layout_source, "log consumers");
    auto source = open_log_source(session, layout_source);
    const auto& consumers = *source.consumers;
    LogSnapshot snapshot(session, source);
    ConsumersResult result;
    result.head = snapshot.horizon()->head;
    result.low_watermark = read_low_watermark(session, snapshot.tx(), source).lowest;
    auto sql = fmt::format("SELECT {columns} FROM {table} ORDER BY {order}",
                           "columns"_a = consumer_columns(consumers),
                           "table"_a = consumers.table.sql(), "order"_a = name_order(consumers));
    auto rows = session.exec(snapshot.tx(), sql);
    snapshot.commit();
    for (const auto& row : rows) {
        ConsumerPosition consumer;
        consumer.consumer = row[0].as<std::string>();
        consumer.position = row[1].as<std::int64_t>();
        consumer.lag = consumer_lag(result.head, consumer.position);
        consumer.updated_at = from_epoch_micros(row[2].as<std::int64_t>());
        result.consumers.push_back(std::move(consumer));
    }
    return result;
}

} // namespace eventctl
