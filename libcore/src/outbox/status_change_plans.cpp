#include "eventctl/error.h"
#include "eventctl/layout/capabilities.h"
#include "eventctl/option_ranges.h"
#include "eventctl/outbox/status_change.h"
#include "eventctl/render/human_text.h"
#include "redrive.h"
#include "transition.h"

#include <algorithm>

namespace eventctl {

namespace {

// The states of from that the layout has: a transition starts only from those.
std::vector<Status> present(const OutboxLayout& layout, std::initializer_list<Status> from) {
    std::vector<Status> statuses;
    for (auto status : from) {
        if (layout.state(status)) {
            statuses.push_back(status);
        }
    }
    return statuses;
}

// The layout's own writes for a change, if it gives them (format 2).
void use_layout_writes(const Layout& layout, OutboxTransition which, Transition& transition) {
    const auto* writes = layout.outbox->transition(which);
    if (writes == nullptr) {
        return;
    }
    transition.changes.writes = writes->set;
    transition.changes.in_place = writes->in_place;
}

bool writes_delay(const std::optional<LayoutAssignments>& writes) {
    return writes && std::any_of(writes->begin(), writes->end(), [](const auto& assignment) {
               return assignment.second.kind == LayoutValue::Kind::now &&
                      assignment.second.after_delay;
           });
}

std::string states_text(const std::vector<Status>& statuses) {
    std::string text;
    for (std::size_t i = 0; i < statuses.size(); ++i) {
        text += (i == 0                     ? ""
                 : i + 1 == statuses.size() ? " and "
                                            : ", ") +
                std::string(to_string(statuses[i]));
    }
    return text;
}

// A --status the change never starts from would select nothing and report success: refused,
// with what would select it.
void require_changeable_statuses(const Transition& transition, const OutboxFilter& filter,
                                 bool include_completed) {
    const std::string command(invoked_name(transition.command));
    for (auto status : filter.statuses) {
        if (std::find(transition.from.begin(), transition.from.end(), status) !=
            transition.from.end()) {
            continue;
        }
        std::string hint;
        if (status == Status::completed && transition.to == Status::pending) {
            hint = "add --include-completed to publish completed entries again";
        } else if (status == Status::processing && transition.to == Status::dead) {
            hint = "a processing entry belongs to its worker: free it with outbox unlock-stale "
                   "first";
        }
        throw UsageError(command + " changes " + states_text(transition.from) +
                             " entries: --status " + std::string(to_string(status)) +
                             " would select none",
                         hint);
    }
    if (include_completed && !filter.statuses.empty() &&
        std::find(filter.statuses.begin(), filter.statuses.end(), Status::completed) ==
            filter.statuses.end()) {
        throw UsageError("--include-completed adds completed entries, which --status leaves out",
                         "add completed to --status, or leave --include-completed out");
    }
}

// Everything a status change checks before it connects: the layout can do it, the ids are of
// the layout's id type, the filters name states and columns it has, the pacing makes sense.
StatusChange planned(const Layout& layout, OutboxSelection selection, Transition transition,
                     const MutationOptions& options,
                     std::shared_ptr<const Redrive> redrive = nullptr) {
    require_capability(layout, transition.command);
    validate_selection(selection, layout.outbox->id_type);
    require_filter_support(layout, selection.filter);
    require_changeable_statuses(transition, selection.filter,
                                transition.command == Command::outbox_retry_completed);
    require_in_range("--limit", options.limit.value_or(0), ranges::limit);
    require_in_range("--batch-size", options.batch_size, ranges::change_batch_size);
    if (options.rate && (*options.rate < ranges::min_rate || *options.rate > ranges::max_rate)) {
        throw UsageError("--rate must be 1/m to 1000000/s");
    }
    return StatusChange(layout, std::move(selection),
                        std::make_shared<const Transition>(std::move(transition)), options,
                        std::move(redrive));
}

void validate_canary(const CanaryOptions& canary) {
    if (canary.entries <= 0) {
        throw UsageError("--canary must be a positive number of entries");
    }
    if (canary.wait.count() <= 0) {
        throw UsageError("--canary needs --canary-wait DURATION: how long to wait for the relay "
                         "to publish (or fail) the canary before going on");
    }
    if (canary.max_failed_again < 0) {
        throw UsageError("--max-refail must be 0 or positive");
    }
}

// retry --resume ID: the record has the selection and the options, so none may be given, only
// the pace and the batch size.
StatusChange plan_resumed_retry(const Layout& layout, OutboxSelection selection,
                                const RetryOptions& retry, const MutationOptions& options) {
    if (!layout.audit) {
        throw UsageError("retry --resume reads the redrive from its audit record, and layout " +
                             layout.name + " has no audit table",
                         "name it with --audit-table, or in the layout (eventctl-layout(5))");
    }
    std::vector<std::string> given;
    if (selection.names_ids()) {
        given.emplace_back("ids");
    }
    if (!selection.filter.empty()) {
        given.emplace_back("filters");
    }
    if (selection.all) {
        given.emplace_back("--all");
    }
    if (retry.include_completed) {
        given.emplace_back("--include-completed");
    }
    if (retry.delay) {
        given.emplace_back("--delay");
    }
    if (retry.in_order) {
        given.emplace_back("--in-order");
    }
    if (retry.canary) {
        given.emplace_back("--canary");
    }
    if (options.limit) {
        given.emplace_back("--limit");
    }
    if (!given.empty()) {
        throw UsageError("retry --resume continues a redrive with the selection and options its "
                         "audit record kept; it takes no " +
                             joined(given),
                         "give only --resume AUDIT_ID (and --rate, --batch-size, --dry-run, "
                         "--yes)");
    }
    if (options.batch_size <= 0) {
        throw UsageError("--batch-size must be positive");
    }
    auto redrive = std::make_shared<Redrive>();
    redrive->retry = retry;
    // Checked again against the record, once read: a retry of completed entries needs more.
    auto transition = retry_transition(layout, RetryOptions{});
    return StatusChange(layout, std::move(selection),
                        std::make_shared<const Transition>(std::move(transition)), options,
                        std::move(redrive));
}

} // namespace

Transition retry_transition(const Layout& layout, const RetryOptions& retry) {
    Transition transition;
    transition.command =
        retry.include_completed ? Command::outbox_retry_completed : Command::outbox_retry;
    require_capability(layout, transition.command);
    use_layout_writes(layout, OutboxTransition::retry, transition);
    if (retry.delay && retry.delay->count() > 0) {
        const auto* writes = layout.outbox->transition(OutboxTransition::retry);
        if (writes != nullptr && writes->set) {
            // The layout's retry writes everything retry writes: the delay goes where it says.
            if (!writes_delay(writes->set) || writes->in_place) {
                throw UsageError("layout " + layout.name +
                                     "'s retry writes no time that holds --delay",
                                 "leave --delay out, or write {\"now\": true, \"plus_delay\": "
                                 "true} in its transitions.retry (eventctl-layout(5))");
            }
        } else {
            require_outbox_field(layout, OutboxField::scheduled_at, "outbox retry --delay");
        }
    }
    transition.from = present(*layout.outbox, {Status::failed, Status::dead});
    if (retry.include_completed) {
        transition.from.push_back(Status::completed);
    }
    transition.to = Status::pending;
    transition.changes.reset_attempts = true;
    transition.changes.clear_lock = true;
    transition.changes.finished = EntryChanges::Finished::clear;
    transition.changes.schedule_in = retry.delay.value_or(std::chrono::seconds(0));
    if (retry.delay && retry.delay->count() > 0) {
        transition.selection_extra["delay"] = format_duration(*retry.delay);
    }
    return transition;
}

StatusChange plan_retry(const Layout& layout, OutboxSelection selection, const RetryOptions& retry,
                        const MutationOptions& options) {
    if (retry.resume) {
        return plan_resumed_retry(layout, std::move(selection), retry, options);
    }
    auto transition = retry_transition(layout, retry);
    if (selection.filter.payload_contains) {
        validate_payload_filter(*selection.filter.payload_contains);
    }
    if (retry.in_order) {
        require_outbox_field(layout, OutboxField::aggregate_id, "outbox retry --in-order");
    }
    if (retry.canary) {
        validate_canary(*retry.canary);
    }
    auto redrive = std::make_shared<Redrive>();
    redrive->retry = retry;
    redrive->selection = selection;
    return planned(layout, std::move(selection), std::move(transition), options,
                   std::move(redrive));
}

StatusChange plan_mark_dead(const Layout& layout, OutboxSelection selection,
                            const std::string& reason, const MutationOptions& options) {
    if (reason.empty()) {
        throw UsageError("mark-dead needs a --reason: it is kept in last_error for whoever looks "
                         "at the entry next");
    }
    require_capability(layout, Command::outbox_mark_dead);
    Transition transition;
    transition.command = Command::outbox_mark_dead;
    use_layout_writes(layout, OutboxTransition::mark_dead, transition);
    transition.from = present(*layout.outbox, {Status::pending, Status::failed});
    transition.to = Status::dead;
    transition.changes.clear_lock = true;
    transition.changes.finished = EntryChanges::Finished::now;
    transition.changes.last_error = reason;
    transition.selection_extra["reason"] = reason;
    return planned(layout, std::move(selection), std::move(transition), options);
}

StatusChange plan_unlock_stale(const Layout& layout, OutboxSelection selection,
                               std::optional<std::chrono::seconds> older_than,
                               const MutationOptions& options) {
    require_capability(layout, Command::outbox_unlock_stale);
    // What the layout cannot honour first: a longer --older-than would not help.
    const auto& outbox = *layout.outbox;
    bool lease = outbox.has(OutboxField::locked_until);
    auto claim_age = older_than ? older_than : outbox.stale_after;
    if (!lease && !claim_age && !outbox.stale_after_column) {
        throw UsageError("layout " + layout.name + " records when a lock was taken (" +
                             *outbox.column(OutboxField::locked_at) +
                             "), not when it ends: give --older-than DURATION",
                         "or set \"stale_after\" in the layout (eventctl-layout(5))");
    }
    if (lease && older_than && !outbox.column(OutboxField::locked_at) &&
        !outbox.column(OutboxField::updated_at)) {
        // An expired lease is all the layout can tell: --older-than would be echoed and ignored.
        throw UsageError("layout " + layout.name + " records no claim time (locked_at or " +
                             "updated_at), which --older-than needs",
                         "leave --older-than out: unlock-stale frees every lease that ran out");
    }
    bool young = older_than && *older_than < ranges::force_below;
    if (options.force && !young) {
        // Echoed in the result and the audit record, it would read as a forced unlock.
        throw UsageError("--force lets through an --older-than under " +
                             format_duration(ranges::force_below) + ", and none is given",
                         "leave --force out");
    }
    if (young && !options.force) {
        throw UsageError("--older-than " + format_duration(*older_than) +
                             " would unlock entries a live worker claimed moments ago (under " +
                             format_duration(ranges::force_below) +
                             "): it would publish them again while the worker still does",
                         "give a longer --older-than (at least the relay's longest publish), or "
                         "--force if the workers are gone");
    }
    Transition transition;
    transition.command = Command::outbox_unlock_stale;
    use_layout_writes(layout, OutboxTransition::unlock_stale, transition);
    transition.from = {Status::processing};
    transition.to = Status::pending;
    transition.changes.clear_lock = true;
    // A lease that ran out means the worker died. --older-than also takes claims older than
    // that (updated_at, or locked_at where the layout records when the lock was taken), for
    // relays that set long leases; a layout with only locked_at counts its stale_after.
    transition.condition = [older_than](const OutboxTable& outbox, const OutboxPart& part,
                                        SqlParams& params, const std::string& alias) {
        return outbox.stale_lock(part, params, alias, older_than);
    };
    if (options.force) {
        transition.selection_extra["force"] = true;
    }
    if (lease) {
        transition.selection_extra["lock"] =
            older_than ? "expired, or claimed over " + format_duration(*older_than) + " ago"
                       : std::string("expired");
    } else if (claim_age) {
        transition.selection_extra["lock"] = "claimed over " + format_duration(*claim_age) + " ago";
    } else {
        transition.selection_extra["lock"] =
            "claimed longer ago than its own lease (" + *outbox.stale_after_column + " seconds)";
    }
    return planned(layout, std::move(selection), std::move(transition), options);
}

} // namespace eventctl
