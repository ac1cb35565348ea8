#include "eventctl/error.h"
#include "eventctl/session/transactions.h"
#include "redrive.h"
#include "sql/statement.h"

#include <unordered_set>

namespace eventctl {

namespace {

// The lock that says a redrive's record is in use: by the redrive itself while it runs, and by
// whoever resumes it. Keyed by the record's id, under a name of its own.
std::string redrive_lock_key(SqlParams& params, std::int64_t audit_id) {
    return "pg_catalog.hashtextextended('eventctl redrive ' || " +
           params.bind(std::to_string(audit_id)) + ", 0)";
}

std::string record_name(std::int64_t audit_id) {
    return "audit record " + std::to_string(audit_id);
}

[[noreturn]] void cannot_resume(std::int64_t audit_id, const std::string& why,
                                std::string hint = {}) {
    throw UsageError("cannot resume " + record_name(audit_id) + ": " + why, std::move(hint));
}

RetryOptions retry_from(const nlohmann::json& plan) {
    RetryOptions retry;
    retry.include_completed = plan.value("include_completed", false);
    retry.delay = std::chrono::seconds(plan.value("delay_seconds", std::int64_t{0}));
    retry.in_order = plan.value("in_order", false);
    if (plan.contains("canary") && plan.at("canary").is_object()) {
        const auto& canary = plan.at("canary");
        CanaryOptions options;
        options.entries = canary.value("entries", std::int64_t{0});
        options.wait = std::chrono::seconds(canary.value("wait_seconds", std::int64_t{0}));
        options.max_failed_again = canary.value("max_failed_again", std::int64_t{0});
        retry.canary = options;
    }
    return retry;
}

} // namespace

nlohmann::json position_json(const RedrivePosition& position) {
    return {{"part", position.part},
            {"created_at_micros", position.after.created_at_micros},
            {"id", position.after.id}};
}

nlohmann::json redrive_plan_json(const RedriveStart& start, const MutationOptions& options) {
    const auto& retry = start.retry;
    nlohmann::json plan = {
        {"version", 1},
        {"filter", selection_json(start.selection.filter)},
        {"all", start.selection.all},
        {"ids", start.selection.ids.size()},
        {"include_completed", retry.include_completed},
        {"delay_seconds", retry.delay.value_or(std::chrono::seconds(0)).count()},
        {"in_order", retry.in_order},
    };
    auto limit = start.limit ? *start.limit : options.limit.value_or(0);
    plan["limit"] = limit == 0 ? nlohmann::json() : nlohmann::json(limit);
    if (retry.canary) {
        plan["canary"] = {{"entries", retry.canary->entries},
                          {"wait_seconds", retry.canary->wait.count()},
                          {"max_failed_again", retry.canary->max_failed_again}};
    }
    if (start.position) {
        plan["position"] = position_json(*start.position);
    }
    if (start.resumed_from) {
        plan["resumed_from"] = *start.resumed_from;
    }
    return plan;
}

void hold_redrive_lock(Session& session, std::int64_t audit_id) {
    WriteTransaction tx(session.connection());
    SqlParams params;
    session.exec(tx,
                 "SELECT pg_catalog.pg_advisory_lock(" + redrive_lock_key(params, audit_id) + ")",
                 params);
    tx.commit();
}

RedriveStart load_redrive(Session& session, const QualifiedName& audit_table,
                          std::int64_t audit_id) {
    WriteTransaction tx(session.connection());
    SqlParams lock_params;
    bool locked = session
                      .exec(tx,
                            "SELECT pg_catalog.pg_try_advisory_lock(" +
                                redrive_lock_key(lock_params, audit_id) + ")",
                            lock_params)[0][0]
                      .as<bool>();
    if (!locked) {
        throw RefusedError("the redrive of " + record_name(audit_id) +
                               " is still running, or being resumed: nothing was changed",
                           "wait for it to end, or stop it (Ctrl-C, SIGTERM) and resume it then");
    }
    SqlParams params;
    auto rows = session.exec(tx,
                             fmt::format(R"(SELECT command, selection::text, result::text, matched
FROM {table}
WHERE id = {id}::bigint)",
                                         "table"_a = audit_table.sql(),
                                         "id"_a = params.bind(std::to_string(audit_id))),
                             params);
    tx.commit();
    if (rows.empty()) {
        throw DataError(record_name(audit_id) + " does not exist in " + audit_table.display(),
                        "list the redrives with 'eventctl audit list --command \"outbox retry\"'");
    }
    const auto& row = rows[0];
    auto command = row[0].as<std::string>();
    if (command != audit_name(Command::outbox_retry)) {
        cannot_resume(audit_id, "it is an " + command + ", and only outbox retry can be resumed");
    }
    auto selection = nlohmann::json::parse(row[1].as<std::string>());
    auto result = row[2].is_null() ? nlohmann::json::object()
                                   : nlohmann::json::parse(row[2].as<std::string>());
    if (!result.contains("redrive")) {
        cannot_resume(audit_id, "it keeps no redrive (a dry run, or a retry by an older eventctl)");
    }
    if (result.contains("resumed_by")) {
        cannot_resume(audit_id,
                      "it was resumed already, by audit record " + result["resumed_by"].dump(),
                      "resume that one instead");
    }
    bool unfinished = result.value("unfinished", false);
    if (!unfinished && !result.contains("stopped_by")) {
        cannot_resume(audit_id, "it ran to its end; there is nothing left to retry");
    }
    const auto& plan = result.at("redrive");
    if (result.value("stopped_by", "") == "canary" ||
        plan.value(nlohmann::json::json_pointer("/canary/state"), "") == "failed") {
        cannot_resume(audit_id, "its canary failed again, which stopped it on purpose",
                      "see the failures with 'eventctl audit show " + std::to_string(audit_id) +
                          "'; once they are fixed, start a new retry (it selects what is left)");
    }

    RedriveStart start;
    try {
        start.selection.filter = filter_from_json(plan.at("filter"));
        start.selection.all = plan.value("all", false);
        if (selection.contains("id_list")) {
            start.selection.ids = selection.at("id_list").get<std::vector<std::string>>();
        }
        start.retry = retry_from(plan);
        if (plan.contains("position")) {
            const auto& position = plan.at("position");
            start.position =
                RedrivePosition{position.at("part").get<int>(),
                                ListCursor{SortOrder::ascending,
                                           position.at("created_at_micros").get<std::int64_t>(),
                                           position.at("id").get<std::string>(),
                                           {}}};
        }
        if (plan.contains("limit") && !plan.at("limit").is_null()) {
            start.limit = plan.at("limit").get<std::int64_t>();
        }
        if (plan.contains("canary")) {
            auto state = plan.at("canary").value("state", "");
            if (state == "waiting") {
                start.unwatched_canary =
                    plan.at("canary").at("ids").get<std::vector<std::string>>();
            } else if (state == "passed") {
                start.retry.canary.reset(); // watched: the rest goes on without one
            }
        }
    } catch (const nlohmann::json::exception& e) {
        throw DataError(record_name(audit_id) +
                        " holds a redrive eventctl cannot read: " + e.what());
    }
    start.resumed_from = audit_id;
    start.resumed_matched = row[3].as<std::int64_t>();
    if (start.limit && start.resumed_matched >= *start.limit) {
        cannot_resume(audit_id, "it took the " + std::to_string(*start.limit) +
                                    " entries its --limit allowed");
    }
    return start;
}

void mark_resumed(Session& session, pqxx::transaction_base& tx, const QualifiedName& audit_table,
                  std::int64_t resumed, std::int64_t by) {
    SqlParams params;
    session.exec(tx,
                 fmt::format(R"(UPDATE {table}
SET result = COALESCE(result, '{{}}'::jsonb) || pg_catalog.jsonb_build_object('resumed_by', {by}::bigint)
WHERE id = {id}::bigint)",
                             "table"_a = audit_table.sql(),
                             "by"_a = params.bind(std::to_string(by)),
                             "id"_a = params.bind(std::to_string(resumed))),
                 params);
}

std::vector<std::string> in_walk_order(Session& session, const OutboxTable& outbox,
                                       const std::vector<std::string>& ids) {
    std::vector<std::string> ordered;
    if (ids.empty()) {
        return ordered;
    }
    ReadTransaction tx(session.connection());
    for (const auto* part : outbox.parts()) {
        SqlParams params;
        auto rows =
            session.exec(tx,
                         fmt::format(R"(SELECT {id}::text
FROM {table}
WHERE {where}
ORDER BY {order})",
                                     "id"_a = part->value(OutboxField::id, "text"),
                                     "table"_a = part->table().sql(),
                                     "where"_a = outbox.id_in(*part, ids, params),
                                     "order"_a = outbox.keyset_order(*part, SortOrder::ascending)),
                         params);
        for (const auto& row : rows) {
            ordered.push_back(row[0].as<std::string>());
        }
    }
    tx.commit();
    // Ids the table does not hold stay in the selection, last: they change nothing, and the
    // result counts them as not found rather than losing them.
    std::unordered_set<std::string> found(ordered.begin(), ordered.end());
    for (const auto& id : ids) {
        if (found.insert(id).second) {
            ordered.push_back(id);
        }
    }
    return ordered;
}

} // namespace eventctl
