#pragma once

// The shape every state-changing command shares (DESIGN 7). A change is planned before anything
// connects (the plan_* functions validate everything, once, and throw UsageError or DataError);
// previewed into a frozen preview (the instant it cuts at, the ids or the range it found, the
// counts); and applied to exactly that preview, so an answer at a prompt covers what it was
// shown and no more. The app confirms every change with one routine, from the ChangeSummary its
// preview gives.

#include "eventctl/command.h"
#include "eventctl/sql/sql.h"
#include "eventctl/time.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace eventctl {

// When and where a change ran and whether it ran to its end: every outcome is a record.
struct RunRecord {
    TimePoint started_at;
    TimePoint finished_at;
    std::string database; // database@host:port
    bool complete = true;
    // What cut it short: "max-rows", "max-duration", "SIGINT", "SIGTERM" or "canary" (a redrive's
    // canary failed again); empty when complete.
    std::optional<std::string> stopped_by;

    // Marks the record cut short by reason.
    void stop(std::string reason) {
        complete = false;
        stopped_by = std::move(reason);
    }
};

// Whether the operator asked a long change to stop (SIGINT, SIGTERM). Changes look between
// batches, so the batch in flight commits and the change ends with a record of what it did.
class StopRequest {
  public:
    StopRequest() = default;
    // signal holds the number of the signal received, 0 while none was.
    explicit StopRequest(const std::atomic<int>* signal) : m_signal(signal) {}

    // "SIGINT" or "SIGTERM" once one was received; empty before.
    std::optional<std::string> reason() const;

    // Waits until deadline, as a throttle does between batches, but no longer than it takes
    // the operator to ask for a stop: false when asked.
    bool wait_until(std::chrono::steady_clock::time_point deadline) const;

  private:
    const std::atomic<int>* m_signal = nullptr;
};

// How far a long change has got, for a progress display.
struct ChangeProgress {
    std::int64_t changed = 0;
    std::int64_t skipped = 0;
    std::int64_t batches = 0;
    std::optional<double> fraction;    // 0..1 when the end is known
    std::optional<std::int64_t> total; // entries expected in all, when counted first
    std::string note;                  // what the change is doing beyond batches ("canary: ...")
};

// Called after each batch with the totals so far.
using ProgressSink = std::function<void(const ChangeProgress&)>;

// What the app lends a change while it runs: a progress display, and the operator's stop.
struct RunControl {
    ProgressSink progress;
    StopRequest stop;

    // Passes the totals to the display, when there is one.
    void report(const ChangeProgress& progress_so_far) const {
        if (progress) {
            progress(progress_so_far);
        }
    }
};

// What a preview tells the person asked to confirm it.
struct ChangeSummary {
    Command command = Command::outbox_retry;
    std::int64_t count = 0;                              // what would change
    std::string unit;                                    // "entries", "consumers", "events"
    QualifiedName table;                                 // where
    nlohmann::json selection = nlohmann::json::object(); // as resolved, instants in UTC
};

// Starts a run's record: the instant, and the session's database.
RunRecord start_record(const std::string& database);

// Ends it: the instant it finished.
void finish_record(RunRecord& record);

} // namespace eventctl
