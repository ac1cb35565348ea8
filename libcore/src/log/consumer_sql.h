#pragma once

// The SQL of a consumers table as a layout describes it: a consumer's name (one key column, or
// several joined), the rows that are consumers at all (the row filter), its position, when it
// last moved and whether it is live. Every consumer statement is built from these.

#include "eventctl/log/source.h"
#include "eventctl/sql/condition.h"
#include "eventctl/sql/sql.h"

#include <chrono>
#include <string>
#include <vector>

namespace eventctl {

// The consumer's name as text: its key column, or its key columns joined by the separator.
std::string consumer_name(const ConsumerTable& consumers, SqlParams& params,
                          const std::string& alias = "");

// The consumer named name, and any of names.
Condition consumer_named(const ConsumerTable& consumers, const std::string& name, SqlParams& params,
                         const std::string& alias = "");
Condition consumer_named_any(const ConsumerTable& consumers, const std::vector<std::string>& names,
                             SqlParams& params, const std::string& alias = "");

// The rows of the table that are the layout's consumers (its row filter; always for none).
Condition consumer_rows(const ConsumerTable& consumers, SqlParams& params,
                        const std::string& alias = "");

// The last update as epoch microseconds, NULL::bigint for a table without one.
std::string consumer_updated_micros(const ConsumerTable& consumers, const std::string& alias = "");

// Live by what the table records besides the update time: a heartbeat within the window, or
// the layout's live_when conditions (never, for none).
Condition consumer_live_otherwise(const ConsumerTable& consumers, std::chrono::milliseconds window,
                                  SqlParams& params, const std::string& alias = "");

// The key values of a consumer name: one per key column; throws DataError for a name without
// one part per column.
std::vector<std::string> consumer_key_values(const ConsumerTable& consumers,
                                             const std::string& name);

} // namespace eventctl
