#include "layout/capability_rules.h"

namespace eventctl {

std::string needs_outbox(const Layout& layout) {
    return layout.outbox ? "" : "an outbox table";
}

std::string needs_to_retry(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (!outbox.can_enter(Status::pending)) {
        return "a way back to pending (a \"set\" for the pending state)";
    }
    if (!outbox.state(Status::failed) && !outbox.state(Status::dead)) {
        return "a failed or dead state to retry from (--include-completed re-publishes "
               "completed entries)";
    }
    return "";
}

std::string needs_to_republish(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    if (!layout.outbox->can_enter(Status::pending)) {
        return "a way back to pending (a \"set\" for the pending state)";
    }
    if (!layout.outbox->state(Status::completed)) {
        return "a completed state";
    }
    return "";
}

std::string needs_to_mark_dead(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    if (!layout.outbox->state(Status::dead)) {
        return "a dead state";
    }
    if (!layout.outbox->can_enter(Status::dead)) {
        return "a way into the dead state (a \"set\" for it)";
    }
    return "";
}

std::string needs_to_unlock_stale(const Layout& layout) {
    if (!layout.outbox) {
        return "an outbox table";
    }
    const auto& outbox = *layout.outbox;
    if (!outbox.state(Status::processing)) {
        return "a processing state";
    }
    if (!outbox.has(OutboxField::locked_until) && !outbox.has(OutboxField::locked_at)) {
        return "a lock column (locked_until or locked_at)";
    }
    if (!outbox.can_enter(Status::pending)) {
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
    if (!layout.outbox->has(OutboxField::idempotency_key)) {
        return "an idempotency_key column in the outbox (what makes a second run enqueue "
               "nothing)";
    }
    if (!layout.outbox->has(OutboxField::payload)) {
        return "a payload column in the outbox";
    }
    if (!layout.outbox->can_enter(Status::pending)) {
        return "a way into pending (a \"set\" for the pending state)";
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
