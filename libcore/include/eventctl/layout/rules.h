#pragma once

// The pieces layouts are made of, shared by the outbox and the log: values a layout writes into
// a column and conditions a row meets. Both are data: column names reach SQL quoted, constants
// as bound parameters (eventctl-layout(5)).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eventctl {

// A value a layout writes into a column.
struct LayoutValue {
    enum class Kind {
        constant, // text, bound and typed by the column
        null,
        now,    // the current time, plus after, plus a column's seconds, plus retry's --delay
        column, // another column of the row, plus add
        add,    // the column written, plus add (negative: minus)
        reason, // the operator's --reason: as text, or in a JSON object under json_key
    };
    LayoutValue() = default;
    LayoutValue(Kind kind_, std::string text_) : kind(kind_), text(std::move(text_)) {}

    Kind kind = Kind::null;
    std::string text;                        // constant: the value; column: the column's name
    std::int64_t add = 0;                    // column, add: the number added
    std::chrono::seconds after{0};           // now: a fixed duration later
    std::optional<std::string> after_column; // now: plus this column's seconds
    bool after_delay = false;                // now: plus retry's --delay
    std::optional<std::string> json_key;     // reason: {"json_key": reason}

    bool operator==(const LayoutValue& other) const {
        return kind == other.kind && text == other.text && add == other.add &&
               after == other.after && after_column == other.after_column &&
               after_delay == other.after_delay && json_key == other.json_key;
    }
};

// One test a row must pass.
struct LayoutCondition {
    enum class Kind {
        equals,        // column = value
        one_of,        // column = any of values
        is_null,       // column IS NULL
        is_not_null,   // column IS NOT NULL
        in_future,     // column > now(): a lease still held
        not_in_future, // column IS NULL OR column <= now(): no lease held
        compare,       // column OP value, or column OP other_column
        starts_with,   // the column's text starts with the value (negated: does not)
        any,           // any of groups, each a list of conditions that all hold
    };
    enum class Op { eq, ne, gt, ge, lt, le };
    Kind kind = Kind::equals;
    std::string column;
    std::vector<std::string> values; // equals, compare, starts_with: one; one_of: several
    std::string other_column;        // compare with a column (empty: with values[0])
    Op op = Op::eq;
    bool negated = false; // starts_with
    std::vector<std::vector<LayoutCondition>> groups;
};

// The SQL spelling of a comparison: "=", "<>", ">", ">=", "<", "<=".
const char* to_sql(LayoutCondition::Op op);

// A field read from a key (or a path of keys) of a JSON column: read only, as text.
struct JsonKey {
    std::string column;
    std::vector<std::string> path;
};

// Column assignments, in the order given.
using LayoutAssignments = std::vector<std::pair<std::string, LayoutValue>>;

// Every column a list of conditions reads, each once, in order.
std::vector<std::string> condition_columns(const std::vector<LayoutCondition>& conditions);

} // namespace eventctl
