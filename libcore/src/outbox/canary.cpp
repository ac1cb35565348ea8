#include "error_fingerprint.h"
#include "eventctl/session/transactions.h"
#include "redrive.h"
#include "sql/statement.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <thread>

namespace eventctl {

namespace {

using SteadyClock = std::chrono::steady_clock;

// What became of one canary entry.
struct CanaryEntry {
    std::string status;
    std::string fingerprint;
    std::string pattern;
};

std::vector<CanaryEntry> canary_entries(Session& session, const OutboxTable& outbox,
                                        const std::vector<std::string>& ids) {
    SqlParams params;
    std::vector<std::string> parts;
    for (const auto* part : outbox.parts()) {
        auto message = part->value(OutboxField::last_error, "text") + "::text";
        parts.push_back(fmt::format(R"(SELECT {status} AS status, {pattern} AS pattern
FROM {table}
WHERE {where})",
                                    "status"_a = outbox.status_expression(*part, params),
                                    "pattern"_a = error_pattern(message, params),
                                    "table"_a = part->table().sql(),
                                    "where"_a = outbox.id_in(*part, ids, params)));
    }
    auto sql = fmt::format(R"(SELECT status, {fingerprint}, pattern FROM (
{parts}
) AS canary)",
                           "fingerprint"_a = error_fingerprint("pattern"),
                           "parts"_a = fmt::join(parts, "\nUNION ALL\n"));
    ReadTransaction tx(session.connection());
    auto rows = session.exec(tx, sql, params);
    tx.commit();
    std::vector<CanaryEntry> entries;
    for (const auto& row : rows) {
        entries.push_back({row[0].is_null() ? "" : row[0].as<std::string>(),
                           row[1].as<std::string>(), row[2].as<std::string>()});
    }
    return entries;
}

// Counts what the canary entries became. An entry no longer in the outbox was not failed again
// (a failure stays); some relays delete what they published.
void tally(CanaryReport& report, const std::vector<CanaryEntry>& entries) {
    report.completed = 0;
    report.failed_again = 0;
    report.unsettled = 0;
    std::map<std::string, FailureGroup> groups;
    for (const auto& entry : entries) {
        if (entry.status == "failed" || entry.status == "dead") {
            ++report.failed_again;
            auto& group = groups[entry.fingerprint];
            group.fingerprint = entry.fingerprint;
            group.pattern = entry.pattern;
            ++group.entries;
        } else if (entry.status == "completed") {
            ++report.completed;
        } else {
            ++report.unsettled;
        }
    }
    report.completed +=
        static_cast<std::int64_t>(report.ids.size()) - static_cast<std::int64_t>(entries.size());
    report.failed_again_groups.clear();
    for (auto& [fingerprint, group] : groups) {
        report.failed_again_groups.push_back(std::move(group));
    }
    std::stable_sort(
        report.failed_again_groups.begin(), report.failed_again_groups.end(),
        [](const FailureGroup& a, const FailureGroup& b) { return a.entries > b.entries; });
}

std::string waiting_note(const CanaryReport& report, SteadyClock::duration left) {
    auto seconds = std::chrono::duration_cast<std::chrono::seconds>(left);
    return "canary: " + std::to_string(report.completed) + " completed, " +
           std::to_string(report.failed_again) + " failed again, " +
           std::to_string(report.unsettled) + " waiting (" +
           format_duration(std::max(seconds, std::chrono::seconds(0))) + " left)";
}

} // namespace

CanaryReport watch_canary(Session& session, const OutboxTable& outbox,
                          const std::vector<std::string>& ids, const CanaryOptions& canary,
                          const RunControl& control, ChangeProgress progress) {
    CanaryReport report;
    report.ids = ids;
    report.max_failed_again = canary.max_failed_again;
    auto started = SteadyClock::now();
    auto deadline = started + canary.wait;
    // Often at first, when a healthy relay settles a canary within a second; then less, so a
    // long wait does not poll the server hard.
    auto interval = std::chrono::milliseconds(100);
    while (true) {
        tally(report, canary_entries(session, outbox, ids));
        auto now = SteadyClock::now();
        if (report.unsettled == 0 || now >= deadline || control.stop.reason() || !report.passed()) {
            break;
        }
        progress.note = waiting_note(report, deadline - now);
        control.report(progress);
        std::this_thread::sleep_for(
            std::min<SteadyClock::duration>(interval, deadline - SteadyClock::now()));
        interval = std::min(interval * 2, std::chrono::milliseconds(2000));
    }
    report.waited_seconds = std::chrono::duration<double>(SteadyClock::now() - started).count();
    return report;
}

} // namespace eventctl
