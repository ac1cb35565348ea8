#pragma once

// outbox purge: deletes finished entries older than a cutoff, in the shape every change has
// (change.h).

#include "eventctl/archive/archive.h"
#include "eventctl/change/change.h"
#include "eventctl/layout/layout.h"
#include "eventctl/outbox/mutation.h"
#include "eventctl/session/session.h"
#include "eventctl/time.h"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What outbox purge deletes and how it paces itself.
struct PurgeOptions {
    std::chrono::seconds older_than{0};
    std::vector<Status> statuses{Status::completed}; // never pending or processing
    std::int64_t batch_size = 10000;                 // about this many rows per transaction
    std::int64_t max_rows = 0;                       // stop after deleting this many; 0: no cap
    std::optional<std::chrono::milliseconds> max_duration;
    std::chrono::milliseconds sleep{0};    // pause between batches, to leave room for relays
    std::optional<ArchiveRequest> archive; // --archive-to: every row written there first
    // --force: the sharp edges go through (an --older-than under a minute, failed entries).
    bool force = false;
    // Drop whole partitions whose every row is one this purge deletes (the rest row by row).
    bool drop_partitions = false;
    std::string command_line;
};

// What a purge would delete: the cutoff, frozen on the server's clock when the preview was
// taken, and, when counted, how many rows (applying it deletes no more than that).
struct PurgePreview {
    MutationResult result; // dry_run: what would be deleted
    TimePoint cutoff;
    bool counted = false;
};

// A planned purge, not yet connected.
class PurgeChange {
  public:
    PurgeChange(Layout layout, PurgeOptions options);

    Command command() const { return Command::outbox_purge; }
    // Every purge is selected by age, never by ids: always confirmed.
    bool needs_confirmation() const { return true; }

    // Freezes the cutoff (now() - older_than on the server) and, with count, counts the rows;
    // with drop_partitions, decides each partition's fate (UsageError for a table that is not
    // partitioned by range on created_at or the age column).
    PurgePreview preview(Session& session, bool count) const;
    // What a person confirming the preview is shown.
    ChangeSummary summary(const PurgePreview& preview) const;
    // Deletes finished entries older than the preview's cutoff (from processed_at, else
    // created_at): first the partitions the preview decided to drop (each rechecked under its
    // lock), then in short batches walking each remaining leaf in physical order, archiving each
    // batch to disk before deleting it; only one purge per table runs at a time (exit 75 for the
    // second). The result says what holds the freed space back.
    MutationResult apply(Session& session, const PurgePreview& preview,
                         const RunControl& control) const;

    // The archive target as checked when the purge was planned; empty without --archive-to.
    const std::optional<ArchiveTarget>& archive() const { return m_archive; }

  private:
    friend PurgeChange plan_purge(const Layout& layout, PurgeOptions options);

    Layout m_layout;
    PurgeOptions m_options;
    std::optional<ArchiveTarget> m_archive;
};

// Whether the layout records a time to age entries of the state from: the state's age_from,
// processed_at or created_at.
bool purge_age_known(const Layout& layout, Status status);

// Plans a purge: throws UsageError for pending or processing among the statuses, a state the
// layout lacks, a number out of its range, an archive target that cannot be written safely
// (check_archive_target), a cap with drop_partitions, and, without force, an --older-than under
// a minute or failed entries (the relay still retries them).
PurgeChange plan_purge(const Layout& layout, PurgeOptions options);

} // namespace eventctl
