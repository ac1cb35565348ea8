#include "seek_support.h"

#include "event_row.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/sql/expressions.h"
#include "log/consumer_sql.h"
#include "sql/statement.h"

#include <algorithm>

namespace eventctl {

std::string consumer_columns(const ConsumerTable& consumers, SqlParams& params,
                             const std::string& alias) {
    return consumer_name(consumers, params, alias) + ", " + position_value(consumers, alias) +
           ", " + consumer_updated_micros(consumers, alias);
}

ConsumerRow read_consumer_row(const pqxx::row& row) {
    ConsumerRow consumer;
    consumer.position = row[1].as<std::int64_t>();
    if (!row[2].is_null()) {
        consumer.updated_micros = row[2].as<std::int64_t>();
    }
    return consumer;
}

// Byte order, as the server's COLLATE "C": the same plan whatever the database's locale.
std::string name_order(const ConsumerTable& consumers, SqlParams& params,
                       const std::string& alias) {
    return consumer_name(consumers, params, alias) + " COLLATE \"C\"";
}

std::string select_consumers(const ConsumerTable& consumers, SqlParams& params,
                             const std::vector<std::string>& extra, const Condition& where) {
    auto columns =
        consumer_columns(consumers, params, "c") + ", " + epoch_micros("pg_catalog.now()");
    for (const auto& item : extra) {
        columns += ",\n    " + item;
    }
    auto rows = consumer_rows(consumers, params, "c") && where;
    return fmt::format(R"(SELECT {columns}
FROM {table} AS c{where}
ORDER BY {order})",
                       "columns"_a = columns, "table"_a = consumers.table.sql(),
                       "where"_a = rows.clause("\nWHERE "),
                       "order"_a = name_order(consumers, params, "c"));
}

SeekTarget target_for(const SeekOptions& options, const std::string& consumer) {
    if (!options.saved) {
        return options.target;
    }
    for (const auto& move : *options.saved) {
        if (move.consumer == consumer) {
            return {SeekTargetKind::position, move.to, {}};
        }
    }
    return options.target;
}

std::string position_text(const std::optional<std::int64_t>& position) {
    return position ? std::to_string(*position) : "absent";
}

void count_changed(SeekPlan& plan) {
    plan.changed = std::count_if(plan.moves.begin(), plan.moves.end(), [](const SeekMove& move) {
        return !move.from || *move.from != move.to;
    });
}

std::string in_quotes_list(const std::vector<std::string>& names) {
    std::vector<std::string> shown;
    for (const auto& name : names) {
        shown.push_back(in_quotes(name));
    }
    return joined(shown);
}

} // namespace eventctl
