#include "eventctl/log/consumers.h"

#include "event_row.h"
#include "eventctl/log/binding.h"
#include "eventctl/log/horizon.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/expressions.h"
#include "log/consumer_sql.h"
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
    SqlParams params;
    auto columns = consumer_columns(consumers, params);
    auto rows_of = consumer_rows(consumers, params);
    auto sql = fmt::format("SELECT {columns} FROM {table}{where} ORDER BY {order}",
                           "columns"_a = columns, "table"_a = consumers.table.sql(),
                           "where"_a = rows_of.is_always() ? "" : " WHERE " + rows_of.sql(),
                           "order"_a = name_order(consumers, params));
    auto rows = session.exec(snapshot.tx(), sql, params);
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
        result.consumers.push_back(std::move(consumer));
    }
    return result;
}

} // namespace eventctl
