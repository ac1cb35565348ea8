#pragma once

// A layout maps tables that some library created onto eventctl's canonical model (DESIGN 3).
// It is data, never SQL: column names, value spellings and the shapes of conditions, all of
// which reach SQL only as quoted identifiers and bound values. eventctl-layout(5) is the format.

#include "eventctl/log/source.h"
#include "eventctl/outbox/entry.h"
#include "eventctl/sql/sql.h"

#include <array>
#include <chrono>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// The canonical outbox fields a layout can map to columns (DESIGN 2.1).
enum class OutboxField {
    id,
    event_type,
    payload,
    created_at,
    tenant_id,
    aggregate_type,
    aggregate_id,
    sequence,
    idempotency_key,
    metadata,
    attempts,
    max_attempts,
    last_error,
    scheduled_at,
    locked_by,
    locked_until,
    locked_at,
    processed_at,
    updated_at,
};

// Every field, in the order of DESIGN 2.1.
extern const std::vector<OutboxField> all_outbox_fields;

// The field's canonical name, as layouts and the JSON output spell it.
std::string_view to_string(OutboxField field);

// The field of a canonical name, if there is one.
std::optional<OutboxField> parse_outbox_field(std::string_view name);

// Whether a field holds a point in time (timestamptz, timestamp or RFC 3339 text).
bool is_time_field(OutboxField field);

// A value a layout writes into a column: a constant, NULL, the current time, or another column.
struct LayoutValue {
    enum class Kind { constant, null, now, column };
    Kind kind = Kind::null;
    std::string text; // the constant as text (bound, typed by the column), or the column's name

    bool operator==(const LayoutValue& other) const {
        return kind == other.kind && text == other.text;
    }
};

// One test a row must pass to be in a state.
struct LayoutCondition {
    enum class Kind {
        equals,          // column = value
        one_of,          // column = any of values
        is_null,         // column IS NULL
        is_not_null,     // column IS NOT NULL
        in_future,       // column > now(): a lease still held
        not_in_future,   // column IS NULL OR column <= now(): no lease held
        at_least_column, // column >= other column (an attempts counter reaching its maximum)
        below_column,    // column < other column
    };
    Kind kind = Kind::equals;
    std::string column;
    std::vector<std::string> values; // equals: one; one_of: several (bound as text, typed by SQL)
    std::string other_column;        // at_least_column, below_column
};

// Column assignments that put a row in a state, in the order given.
using LayoutAssignments = std::vector<std::pair<std::string, LayoutValue>>;

// How one canonical state is expressed: the conditions a row meets (all of them), or living in
// the dead-letter table; and how eventctl puts a row there, when it can.
struct StateRule {
    bool in_dead_letters = false;
    std::vector<LayoutCondition> when;
    // Empty when the layout gives no way into the state: the commands that need it are refused.
    std::optional<LayoutAssignments> set;
};

// A separate table the dead entries live in, with its own column names.
struct DeadLetterTable {
    QualifiedName table;
    std::map<OutboxField, std::string> columns;
};

// The outbox half of a layout.
struct OutboxLayout {
    QualifiedName table;
    std::string id_type = "uuid"; // uuid, text or bigint: how ids given by users are checked
    std::map<OutboxField, std::string> columns;
    std::array<std::optional<StateRule>, 5> states; // by Status
    std::optional<DeadLetterTable> dead_letters;
    // What locked_until holds while no lease is held (NULL unless the table says otherwise,
    // e.g. '-infinity' for a NOT NULL column).
    LayoutValue unlocked_until;
    // For locks recorded by when they were taken (locked_at) rather than when they end: a claim
    // older than this is stale. Empty: only --older-than says.
    std::optional<std::chrono::seconds> stale_after;

    // The column a field maps to, if any.
    const std::string* column(OutboxField field) const;
    // Whether the field is mapped.
    bool has(OutboxField field) const { return column(field) != nullptr; }
    // The rule of a state, if the layout has that state.
    const StateRule* state(Status status) const;
    // Whether eventctl can put a row into the state.
    bool can_enter(Status status) const;
};

// A whole layout: what it is called, and the outbox, log and audit tables it describes.
struct Layout {
    std::string name;
    std::string description;
    std::string origin; // "built-in" or the file it was read from
    std::string schema = "public";
    std::optional<OutboxLayout> outbox;
    std::optional<LogSource> log;
    std::optional<QualifiedName> audit;
};

// Table names given on the command line; each replaces the layout's own when set.
struct TableOverrides {
    std::optional<std::string> schema;
    std::optional<std::string> outbox;
    std::optional<std::string> dead_letters;
    std::optional<std::string> event_log;
    std::optional<std::string> consumers;
    std::optional<std::string> audit;
};

// The layout with the overrides applied: --schema moves every table, a table option renames
// one (an audit table given for a layout that has none adds one).
Layout apply_overrides(Layout layout, const TableOverrides& overrides);

} // namespace eventctl
