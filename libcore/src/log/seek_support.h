#pragma once

// What planning and applying a seek share: how consumer rows are read, and a few words for
// messages.

#include "eventctl/log/seek.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/condition.h"

#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// A consumer row as read: position and last update in epoch microseconds (none where the
// layout maps no update time).
struct ConsumerRow {
    std::int64_t position = 0;
    std::optional<std::int64_t> updated_micros;
};

// The select list of a consumer row: name, position, updated_at as epoch microseconds.
std::string consumer_columns(const ConsumerTable& consumers, SqlParams& params,
                             const std::string& alias = "");

// Reads a row of consumer_columns from its first column on.
ConsumerRow read_consumer_row(const pqxx::row& row);

// The ORDER BY of consumer names: byte order, whatever the database's locale.
std::string name_order(const ConsumerTable& consumers, SqlParams& params,
                       const std::string& alias = "");

// The layout's consumers (as c) in name order: consumer_columns, the server's now() in epoch
// microseconds, then the extra select items, of the rows the layout counts as consumers that
// also meet where.
std::string select_consumers(const ConsumerTable& consumers, SqlParams& params,
                             const std::vector<std::string>& extra = {},
                             const Condition& where = Condition::always());

// The target of one consumer: its own position in a saved plan, the options' target otherwise.
SeekTarget target_for(const SeekOptions& options, const std::string& consumer);

// Counts the moves that change a position (or create a consumer) into plan.changed.
void count_changed(SeekPlan& plan);

// A position for a message; "absent" for a consumer that does not exist.
std::string position_text(const std::optional<std::int64_t>& position);

// Names quoted (terminal_text.h's in_quotes) and joined with ", ".
std::string in_quotes_list(const std::vector<std::string>& names);

} // namespace eventctl
