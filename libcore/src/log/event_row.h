#pragma once

// How an event is read: the select list over a LogSource and the LogEvent a row yields, shared
// by replay and the horizon's neighbours.

#include "eventctl/log/event.h"
#include "eventctl/log/source.h"
#include "eventctl/session/transactions.h"
#include "eventctl/sql/condition.h"

#include <optional>
#include <pqxx/row>
#include <string>

namespace eventctl {

// A column of the source, quoted, or a typed NULL where the source lacks it.
std::string column_or_null(const std::optional<std::string>& column, const std::string& type);

// created_at as comparable with time_operand (the bare column but for RFC 3339 text).
std::string created_at_comparable(const LogSource& source);

// The select list of an event; payload and metadata as jsonb text, always valid JSON.
std::string event_select_list(const LogSource& source, SqlParams& params);

// The event's tenant as text: its column or its JSON key; NULL::text where the log has none.
std::string tenant_value(const LogSource& source, SqlParams& params);

// The rows of the log table that are the layout's log (its row filter; always for none).
Condition log_rows(const LogSource& source, SqlParams& params);

// Reads a row produced by event_select_list for the source.
LogEvent read_event(const pqxx::row& row, const LogSource& source);

} // namespace eventctl
