#pragma once

// How an outbox entry is read: the select list and the row it yields, shared by list and show.

#include "eventctl/list_cursor.h"
#include "eventctl/outbox_entry.h"
#include "eventctl/sql.h"

#include <pqxx/row>
#include <string>

namespace eventctl {

// The select list for an entry, timestamps as epoch microseconds so no text format is parsed;
// payload and metadata only when asked for, since they dominate the row size.
std::string entry_select_list(bool with_payload);

// Reads a row produced by entry_select_list.
OutboxEntry read_entry(const pqxx::row& row, bool with_payload);

// An expression yielding a timestamp column as epoch microseconds (bigint).
std::string epoch_micros(const std::string& column);

// The keyset condition "after this cursor" in the cursor's direction over (created_at, id).
std::string after_cursor(const ListCursor& cursor, SqlParams& params);

// The ORDER BY matching after_cursor, for a direction.
std::string keyset_order(SortOrder order);

} // namespace eventctl
