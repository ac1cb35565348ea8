#pragma once

// How an event is read: the select list over a LogSource and the LogEvent a row yields, shared
// by replay and the horizon's neighbours.

#include "eventctl/log/event.h"
#include "eventctl/log/source.h"
#include "eventctl/session/transactions.h"

#include <optional>
#include <pqxx/row>
#include <string>

namespace eventctl {

// A column of the source, quoted, or a typed NULL where the source lacks it.
std::string column_or_null(const std::optional<std::string>& column, const std::string& type);

// created_at as comparable with time_operand (the bare column but for RFC 3339 text).
std::string created_at_comparable(const LogSource& source);

// The select list of an event; payload and metadata as jsonb text, always valid JSON.
std::string event_select_list(const LogSource& source);

// Reads a row produced by event_select_list for the source.
LogEvent read_event(const pqxx::row& row, const LogSource& source);

} // namespace eventctl
