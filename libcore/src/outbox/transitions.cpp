#include "eventctl/error.h"
#include "eventctl/outbox_mutation.h"
#include "transition.h"

namespace eventctl {

MutationResult retry_entries(Session& session, const TableNames& tables,
                             const OutboxSelection& selection, const RetryOptions& retry,
                             const MutationOptions& options) {
    if (retry.payload_contains &&
        nlohmann::json::parse(*retry.payload_contains, nullptr, false).is_discarded()) {
        throw UsageError("--payload-contains: \"" + *retry.payload_contains +
                         "\" is not JSON; give an object such as '{\"order_id\": 42}'");
    }
    Transition transition;
    transition.command = "outbox retry";
    transition.from = {Status::failed, Status::dead};
    if (retry.include_completed) {
        transition.from.push_back(Status::completed);
    }
    if (retry.payload_contains) {
        transition.condition = [&retry](SqlParams& params) {
            return "payload @> " + params.bind(*retry.payload_contains) + "::jsonb";
        };
    }
    transition.assignments = [&retry](SqlParams& params) {
        return "status = 'pending', attempts = 0, locked_by = NULL, locked_until = NULL, "
               "processed_at = NULL, updated_at = pg_catalog.now(), scheduled_at = "
               "pg_catalog.now() + " +
               seconds_interval(params, retry.delay);
    };
    auto result = run_transition(session, tables, selection, transition, options);
    if (retry.payload_contains) {
        result.selection["payload_contains"] = nlohmann::json::parse(*retry.payload_contains);
    }
    return result;
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
    auto result = run_transition(session, tables, selection, transition, options);
    result.selection["reason"] = reason;
    return result;
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
