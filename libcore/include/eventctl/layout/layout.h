#pragma once

// A layout maps tables that some library created onto eventctl's canonical model (DESIGN 3).
// It is data, never SQL: column names, value spellings and the shapes of conditions, all of
// which reach SQL only as quoted identifiers and bound values. eventctl-layout(5) is the format.

#include "eventctl/layout/rules.h"
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

// Whether a field may be read from a key of a JSON column (text fields only: the rest are
// written, sorted or compared as what they are).
bool may_read_from_json(OutboxField field);

// How one canonical state is expressed: the conditions a row meets (all of them; none: every
// row), or living in the dead-letter table; and how eventctl puts a row there, when it can.
struct StateRule {
    bool in_dead_letters = false;
    std::vector<LayoutCondition> when;
    // Empty when the layout gives no way into the state: the commands that need it are refused.
    std::optional<LayoutAssignments> set;
    // The column purge ages entries of this state from (format 2); empty: processed_at, else
    // created_at.
    std::optional<std::string> age_column;
};

// The changes a layout can give writes of their own (format 2).
enum class OutboxTransition { retry, mark_dead, unlock_stale };

// Every transition, in the order of the manual.
inline constexpr std::array<OutboxTransition, 3> all_transitions = {
    OutboxTransition::retry, OutboxTransition::mark_dead, OutboxTransition::unlock_stale};

// The transition's name as layouts spell it: "retry", "mark_dead", "unlock_stale".
std::string_view to_string(OutboxTransition transition);

// What one change writes, in place of its target state's set. Its writes are everything it
// writes: no canonical side effect is added to them.
struct TransitionWrites {
    std::optional<LayoutAssignments> set;
    // retry only: dead letters are updated where they are instead of moved back (a replay flag
    // the library's own agent acts on).
    std::optional<LayoutAssignments> in_place;
    // Why eventctl must not make this change: the library keeps what it needs elsewhere.
    std::optional<std::string> refused;
};

// A separate table every entry of one state lives in, with its own column names: the dead
// letters, or (format 2) an archive of completed entries.
struct DeadLetterTable {
    QualifiedName table;
    // A table named per queue (format 2): this prefix and the queue of the outbox's name.
    std::optional<std::string> table_prefix;
    Status holds = Status::dead;
    std::map<OutboxField, std::string> columns;
    std::map<OutboxField, JsonKey> json_fields;
    // Constant conditions every row eventctl reads or writes there meets (format 2).
    std::vector<LayoutCondition> filter;
};

// The outbox half of a layout.
struct OutboxLayout {
    QualifiedName table;
    // A table named per queue (format 2), such as pgmq's q_<queue>: the name must be given with
    // --outbox-table and start with this prefix; the rest is the queue.
    std::optional<std::string> table_prefix;
    std::string id_type = "uuid"; // uuid, text or bigint: how ids given by users are checked
    std::map<OutboxField, std::string> columns;
    // Fields read from a key of a JSON column: read only (format 2).
    std::map<OutboxField, JsonKey> json_fields;
    // Constant conditions every row eventctl reads or writes meets: the rows of a table shared
    // with other outboxes (format 2).
    std::vector<LayoutCondition> filter;
    std::array<std::optional<StateRule>, 5> states; // by Status
    std::optional<DeadLetterTable> dead_letters;
    // What locked_until holds while no lease is held (NULL unless the table says otherwise,
    // e.g. '-infinity' for a NOT NULL column).
    LayoutValue unlocked_until;
    // For locks recorded by when they were taken (locked_at) rather than when they end: a claim
    // older than this is stale. Empty: only --older-than says.
    std::optional<std::chrono::seconds> stale_after;
    // The same per row: the column holding each claim's lease in seconds (format 2).
    std::optional<std::string> stale_after_column;
    // Writes of the changes that have their own (format 2), by OutboxTransition.
    std::array<std::optional<TransitionWrites>, 3> transitions;

    // The column a field maps to, if any (not a field read from JSON: that one is not written).
    const std::string* column(OutboxField field) const;
    // The JSON key a field is read from, if any.
    const JsonKey* json_field(OutboxField field) const;
    // Whether the field is mapped, to a column or a JSON key.
    bool has(OutboxField field) const { return column(field) != nullptr || json_field(field); }
    // The writes a transition has of its own, if any.
    const TransitionWrites* transition(OutboxTransition transition) const;
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
    int version = 1;    // the format the document is written in (eventctl-layout(5))
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
