#include "eventctl/error.h"
#include "eventctl/outbox_mutation.h"
#include "transition.h"

namespace eventctl {

MutationResult retry_entries(Session& session, const TableNames& tables,
                             const OutboxSelection& selection, const RetryOptions& retry,
                             const MutationOptions& options) {
    Transition transition;
    transition.command = "outbox retry";
    transition.from = {Status::failed, Status::dead};
    if (retry.include_completed) {
        transition.from.push_back(Status::completed);
    }
    transition.assignments = [&retry](SqlParams& params) {
        return "status = 'pending', attempts = 0, locked_by = NULL, locked_until = NULL, "
               "processed_at = NULL, updated_at = pg_catalog.now(), scheduled_at = "
               "pg_catalog.now() + " +
               seconds_interval(params, retry.delay);
    };
    if (retry.delay.count() > 0) {
        transition.selection_extra["delay"] = format_duration(retry.delay);
    }
    return run_transition(session, tables, selection, transition, options);
}

MutationResult mark_dead_entries(Session& session, const TableNames& tables,
                                 const OutboxSelection& selection, const std::string& reason,
                                 const MutationOptions& options) {
    if (reason.empty()) {
        throw UsageError("mark-dead needs a --reason: it is kept in last_error for whoever looks "
                         "at the entry next");
    }
    Transition transition;
    transition.command = "outbox mark-dead";
    transition.from = {Status::pending, Status::failed};
    transition.assignments = [&reason](SqlParams& params) {
        return "status = 'dead', last_error = " + params.bind(reason) +
               ", locked_by = NULL, locked_until = NULL, processed_at = pg_catalog.now(), "
               "updated_at = pg_catalog.now()";
    };
    transition.selection_extra["reason"] = reason;
    return run_transition(session, tables, selection, transition, options);
}

MutationResult unlock_stale_entries(Session& session, const TableNames& tables,
                                    const OutboxSelection& selection,
                                    std::optional<std::chrono::seconds> older_than,
                                    const MutationOptions& options) {
    Transition transition;
    transition.command = "outbox unlock-stale";
    transition.from = {Status::processing};
    // A lease that ran out means the worker died; --older-than also takes claims (updated_at)
    // older than that, for relays that set long leases.
    transition.condition = [&older_than](SqlParams& params) {
        std::string expired = "locked_until < pg_catalog.now()";
        if (!older_than) {
            return expired;
        }
        return "(" + expired + " OR updated_at < pg_catalog.now() - " +
               seconds_interval(params, *older_than) + ")";
    };
    transition.assignments = [](SqlParams&) {
        return std::string("status = 'pending', locked_by = NULL, locked_until = NULL, "
                           "updated_at = pg_catalog.now()");
    };
    auto result = run_transition(session, tables, selection, transition, options);
    result.selection["lock"] =
        older_than ? "expired, or claimed over " + format_duration(*older_than) + " ago"
                   : std::string("expired");
    return result;
}

} // namespace eventctl
