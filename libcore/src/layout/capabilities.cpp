#include "eventctl/layout/capabilities.h"

#include "eventctl/error.h"

namespace eventctl {

namespace {

// What a command lacks in this layout; empty when it has everything.
using Check = std::string (*)(const Layout&);

std::string outbox_lacking(const Layout& layout) {
    return layout.outbox ? "" : "an outbox table";
}

std::string retry_lacking(const Layout& layout) {
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

std::string republish_lacking(const Layout& layout) {
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

std::string mark_dead_lacking(const Layout& layout) {
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

std::string unlock_stale_lacking(const Layout& layout) {
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

std::string purge_lacking(const Layout& layout) {
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

std::string consumers_lacking(const Layout& layout) {
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

std::string replay_lacking(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->has_global_position()) {
        return "a global position (seq_no; replay one stream with --stream ID)";
    }
    return "";
}

std::string replay_stream_lacking(const Layout& layout) {
    if (!layout.log) {
        return "an event log table";
    }
    if (!layout.log->has_streams()) {
        return "streams (stream_id and stream_seq)";
    }
    return "";
}

std::string into_outbox_lacking(const Layout& layout) {
    if (auto lacking = replay_lacking(layout); !lacking.empty()) {
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

struct CommandCheck {
    const char* command;
    Check lacking;
};

constexpr CommandCheck checks[] = {
    {"outbox stats", outbox_lacking},
    {"outbox list", outbox_lacking},
    {"outbox show", outbox_lacking},
    {"outbox retry", retry_lacking},
    {"outbox retry --include-completed", republish_lacking},
    {"outbox mark-dead", mark_dead_lacking},
    {"outbox unlock-stale", unlock_stale_lacking},
    {"outbox purge", purge_lacking},
    {"log consumers", consumers_lacking},
    {"log seek", consumers_lacking},
    {"log replay", replay_lacking},
    {"log replay --stream", replay_stream_lacking},
    {"log replay --into-outbox", into_outbox_lacking},
};

[[noreturn]] void refuse(const Layout& layout, const std::string& lacking,
                         const std::string& what) {
    throw UsageError("layout " + layout.name + " lacks " + lacking + ", which " + what + " needs",
                     "see what the layout supports with 'eventctl doctor', or describe the table "
                     "in a layout file (eventctl-layout(5))");
}

} // namespace

std::vector<Capability> layout_capabilities(const Layout& layout) {
    std::vector<Capability> capabilities;
    for (const auto& check : checks) {
        auto lacking = check.lacking(layout);
        capabilities.push_back({check.command, lacking.empty(), lacking});
    }
    return capabilities;
}

void require_capability(const Layout& layout, const std::string& command) {
    for (const auto& check : checks) {
        if (command == check.command) {
            auto lacking = check.lacking(layout);
            if (!lacking.empty()) {
                refuse(layout, lacking, command);
            }
            return;
        }
    }
    throw Error(ExitCode::internal, "no capability check for " + command);
}

const OutboxLayout& require_outbox(const Layout& layout, const std::string& command) {
    if (!layout.outbox) {
        refuse(layout, "an outbox table", command);
    }
    return *layout.outbox;
}

const LogSource& require_log(const Layout& layout, const std::string& command) {
    if (!layout.log) {
        refuse(layout, "an event log table", command);
    }
    return *layout.log;
}

void require_outbox_field(const Layout& layout, OutboxField field, const std::string& what) {
    const auto& outbox = require_outbox(layout, what);
    if (!outbox.has(field)) {
        refuse(layout, "a " + std::string(to_string(field)) + " column", what);
    }
}

void require_outbox_state(const Layout& layout, Status status, const std::string& what) {
    const auto& outbox = require_outbox(layout, what);
    if (!outbox.state(status)) {
        refuse(layout, "a " + std::string(to_string(status)) + " state", what);
    }
}

} // namespace eventctl
