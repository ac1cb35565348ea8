#pragma once

// The vocabulary every statement is written in: how a table stores a time or a JSON document
// and the SQL that reads and writes it that way (the catalog tells which, see catalog.h), the
// server's clock, and intervals. Expressions take quoted columns and placeholders, never values.

#include "eventctl/sql/sql.h"

#include <chrono>
#include <string>
#include <string_view>

namespace eventctl {

// A point in time: timestamptz, timestamp (read as UTC), or RFC 3339 text.
enum class TimeFormat { timestamptz, timestamp, rfc3339_text };

// A JSON document: jsonb, json, or text that should hold JSON.
enum class JsonFormat { jsonb, json, text };

// The format's name, for doctor and messages.
std::string_view to_string(TimeFormat format);
std::string_view to_string(JsonFormat format);

// The column as timestamptz.
std::string time_value(const std::string& column, TimeFormat format);

// A timestamptz expression as microseconds since the Unix epoch (bigint), NULL for an infinite
// time: what eventctl reads every instant as, so no text format is parsed.
std::string epoch_micros(const std::string& timestamptz);

// The column as microseconds since the Unix epoch (bigint), so no text format is parsed.
std::string time_epoch_micros(const std::string& column, TimeFormat format);

// A bound RFC 3339 instant (a placeholder) as the column stores times, so that comparing it
// with the bare column can use the column's index (text columns compare as timestamptz).
std::string time_operand(const std::string& placeholder, TimeFormat format);

// The bare column, or, for text, the column read as timestamptz: the left side of comparisons
// with time_operand.
std::string time_comparable(const std::string& column, TimeFormat format);

// now() as time_comparable(column) compares: the right side of "column < now()".
std::string now_comparable(TimeFormat format);

// A bound duration as an interval, to the millisecond, for arithmetic on the server's clock.
// Seconds convert implicitly, so callers pass whichever unit their option has.
std::string seconds_interval(SqlParams& params, std::chrono::milliseconds duration);

// An expression of timestamptz (such as now()) in the column's format, for writing.
std::string time_written(const std::string& timestamptz, TimeFormat format);

// The document as one line of text (jsonb's canonical form); text columns as they are, for the
// reader to check.
std::string json_text_of(const std::string& column, JsonFormat format);

// The document as jsonb, for @> (fails on a text column that does not hold JSON).
std::string json_value(const std::string& column, JsonFormat format);

// A jsonb expression written into the column's format.
std::string json_written(const std::string& jsonb, JsonFormat format);

} // namespace eventctl
