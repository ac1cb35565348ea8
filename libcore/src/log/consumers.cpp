#include "eventctl/log/consumers.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/horizon.h"
#include "eventctl/session/transactions.h"

namespace eventctl {

ConsumersResult list_consumers(Session& session, const LogSource& layout_source) {
    require_consumers(layout_source, "log consumers");
    auto source = open_log_source(session, layout_source);
    const auto& consumers = *source.consumers;
    LogSnapshot snapshot(session, source);
    ConsumersResult result;
    result.head = snapshot.horizon()->head;
    result.table = consumers.table.display();
    result.database = session.target();
    auto rows = session.exec(snapshot.tx(),
                             "SELECT " + quote_identifier(consumers.name_column) + ", " +
                                 position_value(consumers) + ", " +
                                 epoch_micros_of(quote_identifier(consumers.updated_at_column)) +
                                 " FROM " + consumers.table.sql() + " ORDER BY " +
                                 quote_identifier(consumers.name_column) + " COLLATE \"C\"");
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
