#pragma once

#include "eventctl/outbox/mutation.h"
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
    std::optional<std::chrono::seconds> max_duration;
    std::chrono::milliseconds sleep{0}; // pause between batches, to leave room for relays
    std::optional<std::string> archive_to;
    // Delete what finished before this instant instead of now() - older_than: the cutoff a
    // confirmed preview showed, so waiting at the prompt does not widen the purge.
    std::optional<TimePoint> cutoff;
    bool dry_run = false;
    std::string command_line;
    ProgressSink progress;
};

// Checks purge options before anything runs; throws UsageError for pending or processing in
// the statuses, a non-positive batch size or a negative cap.
void validate_purge_options(const PurgeOptions& options);

// Checks the layout can purge, and has each state the options name; throws UsageError naming
// what it lacks.
void require_purge_support(const Layout& layout, const PurgeOptions& options);

// Deletes finished entries older than the cutoff (from processed_at, else created_at) in short
// batches walking the table in physical order, archiving each batch to disk before deleting
// it; only one purge per table runs at a time (exit 75 for the second).
MutationResult purge_entries(Session& session, const Layout& layout, const PurgeOptions& options);

} // namespace eventctl
