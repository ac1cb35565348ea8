#pragma once

// What planning and applying a seek share: how consumer rows are read, and a few words for
// messages.

#include "eventctl/log/seek.h"

#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// A consumer row as read: position and last update in epoch microseconds.
struct ConsumerRow {
    std::int64_t position = 0;
    std::int64_t updated_micros = 0;
};

// The select list of a consumer row: name, position, updated_at as epoch microseconds.
std::string consumer_columns(const ConsumerTable& consumers);

// The ORDER BY of consumer names: byte order, whatever the database's locale.
std::string name_order(const ConsumerTable& consumers);

// The target of one consumer: its own position in a saved plan, the options' target otherwise.
SeekTarget target_for(const SeekOptions& options, const std::string& consumer);

// Counts the moves that change a position (or create a consumer) into plan.changed.
void count_changed(SeekPlan& plan);

// A position for a message; "absent" for a consumer that does not exist.
std::string position_text(const std::optional<std::int64_t>& position);

// Items joined with ", ", for one-line messages.
std::string joined(const std::vector<std::string>& items);

// Names quoted (terminal_text.h's in_quotes) and joined with ", ".
std::string in_quotes_list(const std::vector<std::string>& names);

} // namespace eventctl
