#pragma once

// The columns outbox list shows as a table: by default the ones that pick an entry (and the
// tenant and aggregate ones when the listing filters by them, so the rows show what they were
// chosen by); --columns names them one by one.

#include "eventctl/outbox/filter.h"

#include <string>
#include <vector>

namespace eventctl {

// Every column --columns takes, in the order the help lists them.
const std::vector<std::string>& entry_column_names();

// Parses --columns (names separated by commas); throws UsageError naming the known columns for
// an unknown or repeated one. Nothing runs before.
std::vector<std::string> parse_entry_columns(const std::vector<std::string>& names);

// The columns a listing with this filter shows without --columns.
std::vector<std::string> default_entry_columns(const OutboxFilter& filter);

} // namespace eventctl
