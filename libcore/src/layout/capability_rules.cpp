#include "layout/capability_rules.h"

#include <algorithm>

namespace eventctl {

namespace {

// Why the layout refuses a change outright (the library keeps what it needs elsewhere), as
// what the layout lacks.
std::string refused(const OutboxLayout& outbox, OutboxTransition transition) {
    const auto* writes = outbox.transition(transition);
    if (writes == nullptr || !writes->refused) {
        return "";
    }
    auto name = std::string(to_string(transition));
    std::replace(name.begin(), name.end(), '_', '-');
    return "a " + name + " eventctl can make safely (" + *writes->refused + ")";
}

// Whether the change has a way to write rows into its target state: its own writes, or the
// state's set.
bool can_write(const OutboxLayout& outbox, OutboxTransition transition, Status target) {
    const auto* writes = outbox.transition(transition);
    return (writes != nullptr && writes->set) || outbox.can_enter(target);
}

// Whether a row filter pins what rows written into its table must hold (or there is none).
bool filter_writable(const std::vector<LayoutCondition>& filter) {
    return std::all_of(filter.begin(), filter.end(), [](const LayoutCondition& condition) {
        return condition.kind == LayoutCondition::Kind::equals ||
               condition.kind == LayoutCondition::Kind::is_null;
    });
}

bool holds_reason(const std::optional<LayoutAssignments>& writes) {
    return writes && std::any_of(writes->begin(), writes->end(), [](const auto& assignment) {
               return assignment.second.kind == LayoutValue::Kind::reason;
           });
}

// Whether mark-dead keeps its --reason somewhere: the layout's writes, a last_error column no
// state tests, or the audit record.
bool keeps_reason(const Layout& layout) {
    const auto& outbox = *layout.outbox;
    if (layout.audit) {
        return true;
    }
    if (const auto* writes = outbox.transition(OutboxTransition::mark_dead);
        writes != nullptr && writes->set) {
        return holds_reason(writes->set);
    }
    const auto* dead = outbox.state(Status::dead);
    if (dead != nullptr && holds_reason(dead->set)) {
        return true;
    }
    bool in_dead_letters = dead != nullptr && dead->in_dead_letters && outbox.dead_letters;
    const auto& columns = in_dead_letters ? outbox.dead_letters->columns : outbox.columns;
    auto error = columns.find(OutboxField::last_error);
    if (error == columns.end()) {
        return false;
    }
    if (in_dead_letters) {
        return true;
    }
    for (auto status : all_statuses) {
        if (const auto* rule = outbox.state(status)) {
            auto tested = condition_columns(rule->when);
            if (std::find(tested.begin(), tested.end(), error->second) != tested.end()) {
                return false;
            }
        }
    }
    return true;
}

// Whether rows moved out of the dead-letter table land in the outbox's rows (its filter pins
// them), or stay where they are (retry in place).
bool dead_letters_return(const OutboxLayout& outbox) {
    const auto* dead = outbox.state(Status::dead);
    if (dead == nullptr || !dead->in_dead_letters) {
        return true;
    }
    const auto* writes = outbox.transition(OutboxTransition::retry);
    return (writes != nullptr && writes->in_place) || filter_writable(outbox.filter);
}

} // namespace

std::string needs_outbox(const Layout& layout) {
    return layout.outbox ? "" : "an outbox table";
}

std::string needs_to_retry(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (auto why = refused(outbox, OutboxTransition::retry); !why.empty()) {
        return why;
    }
    if (!outbox.state(Status::failed) && !outbox.state(Status::dead)) {
        return "a failed or dead state to retry from (--include-completed re-publishes "
               "completed entries)";
    }
    const auto* writes = outbox.transition(OutboxTransition::retry);
    bool only_in_place = writes != nullptr && writes->in_place && !outbox.state(Status::failed);
    if (!only_in_place && !can_write(outbox, OutboxTransition::retry, Status::pending)) {
        return "a way back to pending (a \"set\" for the pending state)";
    }
    if (!dead_letters_return(outbox)) {
        return "a row filter that pins the values of rows moved back into the outbox";
    }
    return "";
}

std::string needs_to_republish(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (auto why = refused(outbox, OutboxTransition::retry); !why.empty()) {
        return why;
    }
    if (!outbox.state(Status::completed)) {
        return "a completed state";
    }
    if (!can_write(outbox, OutboxTransition::retry, Status::pending)) {
        return "a way back to pending (a \"set\" for the pending state)";
    }
    return "";
}

std::string needs_to_mark_dead(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (auto why = refused(outbox, OutboxTransition::mark_dead); !why.empty()) {
        return why;
    }
    if (!outbox.state(Status::dead)) {
        return "a dead state";
    }
    if (!can_write(outbox, OutboxTransition::mark_dead, Status::dead)) {
        return "a way into the dead state (a \"set\" for it)";
    }
    const auto* dead = outbox.state(Status::dead);
    if (dead->in_dead_letters && !filter_writable(outbox.dead_letters->filter)) {
        return "a dead-letter row filter that pins the values of rows moved there";
    }
    if (!keeps_reason(layout)) {
        return "a place to keep the --reason (a last_error column, a reason in its writes, or "
               "an audit table: --audit-table)";
    }
    return "";
}

std::string needs_to_unlock_stale(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (auto why = refused(outbox, OutboxTransition::unlock_stale); !why.empty()) {
        return why;
    }
    if (!outbox.state(Status::processing)) {
        return "a processing state";
    }
    if (!outbox.column(OutboxField::locked_until) && !outbox.column(OutboxField::locked_at)) {
        return "a lock column (locked_until or locked_at)";
    }
    if (!can_write(outbox, OutboxTransition::unlock_stale, Status::pending)) {
        return "a way back to pending (a \"set\" for the pending state)";
    }
    return "";
}

std::string needs_to_purge(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (!outbox.state(Status::completed) && !outbox.state(Status::failed) &&
        !outbox.state(Status::dead)) {
        return "a completed, failed or dead state";
    }
    return "";
}

std::string needs_error_groups(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (!outbox.state(Status::failed) && !outbox.state(Status::dead)) {
        return "a failed or dead state";
    }
    bool in_dead_letters =
        outbox.dead_letters && outbox.dead_letters->columns.count(OutboxField::last_error) != 0;
    if (!outbox.has(OutboxField::last_error) && !in_dead_letters) {
        return "a last_error column (what entries are grouped by)";
    }
    return "";
}

std::string needs_aggregates(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (!outbox.has(OutboxField::aggregate_id)) {
        return "an aggregate_id column (what an ordered relay keeps entries in order by)";
    }
    if (!outbox.state(Status::failed) && !outbox.state(Status::dead)) {
        return "a failed or dead state (what would hold an aggregate up)";
    }
    return "";
}

std::string needs_audit_table(const Layout& layout) {
    return layout.audit ? "" : "an audit table (\"audit\" in the layout, or --audit-table)";
}

std::string needs_to_create_consumers(const Layout& layout) {
    if (auto lacking = needs_consumers(layout); !lacking.empty()) {
        return lacking;
    }
    if (!filter_writable(layout.log->consumers->filter)) {
        return "a consumers row filter that pins the values of the rows it would insert";
    }
    return "";
}

std::string needs_consumers(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->consumers) {
        return layout.log->has_global_position()
                   ? "a consumers table"
                   : "consumers (and the global position, seq_no, they would keep)";
    }
    return "";
}

std::string needs_global_position(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->has_global_position()) {
        return "a global position (seq_no; replay one stream with --stream ID)";
    }
    return "";
}

std::string needs_streams(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->has_streams()) {
        return "streams (stream_id and stream_seq)";
    }
    return "";
}

std::string needs_to_replay_into_outbox(const Layout& layout) {
    if (auto lacking = needs_global_position(layout); !lacking.empty()) {
        return lacking;
    }
    if (!layout.outbox) {
        return "an outbox table";
    }
    if (!layout.outbox->column(OutboxField::idempotency_key)) {
        return "an idempotency_key column in the outbox (what makes a second run enqueue "
               "nothing)";
    }
    if (!layout.outbox->column(OutboxField::payload)) {
        return "a payload column in the outbox";
    }
    if (!layout.outbox->can_enter(Status::pending)) {
        return "a way into pending (a \"set\" for the pending state)";
    }
    if (!filter_writable(layout.outbox->filter)) {
        return "a row filter that pins the values of the rows it would insert";
    }
    return "";
}

// The floor log purge keeps is a position: a log without seq_no has none. An event store keyed
// by stream and sequence has none either, and its events are its source of truth.
std::string needs_to_purge_log(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->has_global_position()) {
        return "a global position (seq_no) to purge up to; the events of an event store are its "
               "source of truth, not a log to trim";
    }
    return "";
}

// metrics and check: whatever of the two the layout has, but one of them.
std::string needs_outbox_or_consumers(const Layout& layout) {
    if (layout.outbox || (layout.log && layout.log->consumers)) {
        return "";
    }
    return "an outbox table or an event log with consumers";
}

} // namespace eventctl
