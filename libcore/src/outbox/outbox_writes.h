#pragma once

// How eventctl writes an entry into a state: the state's own assignments from the layout, then
// the canonical columns the change touches (attempts, lock, schedule, finishing time, error,
// updated_at) where the layout maps them and no state condition tests them.

#include "outbox_table.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// The canonical side effects of a change, or the writes a layout gives it instead.
struct EntryChanges {
    bool reset_attempts = false;
    bool clear_lock = false;
    std::optional<std::chrono::seconds> schedule_in; // scheduled_at = now() + this
    enum class Finished { keep, now, clear } finished = Finished::keep; // processed_at
    std::optional<std::string> last_error;                              // mark-dead's --reason
    // The transition's own writes (format 2): everything it writes, no side effect added.
    std::optional<LayoutAssignments> writes;
    // Retry from the dead-letter table in place: what it writes there.
    std::optional<LayoutAssignments> in_place;
};

// The constant values a row filter pins (equals conditions), for rows written into the table;
// empty when the filter cannot be written (a comparison, a range).
std::optional<LayoutAssignments> filter_assignments(const std::vector<LayoutCondition>& filter);

// The SET list of an UPDATE of part that puts rows into the state; alias names the updated
// row for columns the values copy.
std::string update_assignments(const OutboxTable& outbox, const OutboxPart& part, Status state,
                               const EntryChanges& changes, SqlParams& params,
                               const std::string& alias);

// The columns and values of an INSERT into `to` of rows moved from `from` (aliased
// source_alias in the INSERT's SELECT): the dead-letter table and back.
struct MovedColumns {
    std::vector<std::string> columns; // quoted
    std::vector<std::string> values;
};
MovedColumns moved_row_values(const OutboxTable& outbox, const OutboxPart& from,
                              const OutboxPart& to, Status state, const EntryChanges& changes,
                              SqlParams& params, const std::string& source_alias);

// The INSERT that enqueues the rows of `rows` (a FROM item with the columns tenant_id text,
// aggregate_id text, sequence bigint, event_type text, payload jsonb, metadata jsonb,
// idempotency_key text and at timestamptz) as pending entries of the outbox, in `order`; a row
// whose key the outbox has already is left alone (ON CONFLICT DO NOTHING). It returns each
// inserted entry's created_at as epoch microseconds, as column created_micros.
std::string enqueue_insert(const OutboxTable& outbox, const std::string& rows,
                           const std::string& order, SqlParams& params);

} // namespace eventctl
