#pragma once

// log purge: deletes old events from the event log, never one that a consumer has not yet
// acknowledged (DESIGN 7). The floor is the smallest consumer position: events at or after it
// stay. A consumer that has not moved for stalled_after still holds the floor back, and a
// purge it would hold back is refused naming it, until the operator leaves it out
// (ignore_consumers, recorded in the audit) or moves it.

#include "eventctl/archive/archive.h"
#include "eventctl/change/change.h"
#include "eventctl/layout/layout.h"
#include "eventctl/log/source.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What log purge deletes and how it paces itself.
struct LogPurgeOptions {
    std::optional<std::chrono::seconds> older_than; // created before now() - this
    std::optional<std::int64_t> before_seq;         // seq_no below this
    std::chrono::seconds stalled_after{std::chrono::hours(24 * 7)};
    std::vector<std::string> ignore_consumers; // left out of the floor (audited)
    bool no_consumers = false;                 // the layout keeps no consumers: no floor
    std::int64_t batch_size = 10000;           // events per transaction
    std::optional<std::chrono::seconds> max_duration;
    std::optional<ArchiveRequest> archive; // --archive-to: every event written there first
    bool drop_partitions = false;
    std::string command_line;
};

// One consumer as the purge weighs it.
struct FloorConsumer {
    std::string consumer;
    std::int64_t position = 0;
    std::optional<std::int64_t> idle_seconds; // since its last update; none without an update time
    bool stalled = false;
    bool ignored = false;
};

// What a log purge would delete: frozen when previewed.
struct LogPurgePreview {
    MutationResult result;             // dry_run: what would be deleted
    std::optional<TimePoint> cutoff;   // --older-than, on the server's clock
    std::optional<std::int64_t> floor; // the smallest position of the consumers counted
    std::optional<std::string> floor_consumer;
    std::optional<std::int64_t>
        below; // events with seq_no below this may go (the floor, --before-seq)
    std::vector<FloorConsumer> consumers;
    bool counted = false;
};

// A planned log purge, not yet connected.
class LogPurgeChange {
  public:
    LogPurgeChange(Layout layout, LogPurgeOptions options);

    Command command() const { return Command::log_purge; }
    // Selected by age or position, never by ids: always confirmed.
    bool needs_confirmation() const { return true; }

    // Freezes the cutoff and the floor, refuses (RefusedError, exit 3) a purge that a stalled
    // consumer holds back, DataError for an ignored consumer that does not exist; with count,
    // counts the events.
    LogPurgePreview preview(Session& session, bool count) const;
    ChangeSummary summary(const LogPurgePreview& preview) const;
    // Deletes the events below the preview's bound that are older than its cutoff, in batches
    // in seq_no order, each checked against the consumers' positions as they are then; with
    // drop_partitions, first the partitions that hold only such events.
    MutationResult apply(Session& session, const LogPurgePreview& preview,
                         const RunControl& control) const;

    // The archive target as checked when the purge was planned; empty without --archive-to.
    const std::optional<ArchiveTarget>& archive() const { return m_archive; }

  private:
    friend LogPurgeChange plan_log_purge(const Layout& layout, LogPurgeOptions options);

    Layout m_layout;
    LogPurgeOptions m_options;
    std::optional<ArchiveTarget> m_archive;
};

// Plans a log purge: the layout keeps a global position (an event store without one is its
// own source of truth), consumers or --no-consumers, --older-than or --before-seq, and an
// archive target that can be written safely (check_archive_target); throws UsageError (or
// DataError for an archive a killed run cut off) otherwise.
LogPurgeChange plan_log_purge(const Layout& layout, LogPurgeOptions options);

} // namespace eventctl
