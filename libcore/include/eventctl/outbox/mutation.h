#pragma once

#include "eventctl/layout/layout.h"
#include "eventctl/outbox/selection.h"
#include "eventctl/session/session.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// What a mutation did (or, with dry_run, would do): the mutations' JSON contract.
struct MutationResult {
    std::string command;
    bool dry_run = false;
    std::int64_t matched = 0;        // entries the selection found in an eligible state
    std::int64_t changed = 0;        // entries changed (with dry_run: that would change)
    std::int64_t skipped_locked = 0; // held by a worker, or changed meanwhile: left alone
    nlohmann::json selection = nlohmann::json::object();
    std::optional<std::vector<std::string>> ids; // the changed ids (not for purge)
    std::int64_t batches = 0;
    std::optional<std::int64_t> archived; // purge --archive-to
    std::optional<double> progress;       // 0..1 when the end is known, for progress bars
};

// Called after each batch with the totals so far, for progress on a terminal.
using ProgressSink = std::function<void(const MutationResult&)>;

// How a mutation runs, beyond what it selects.
struct MutationOptions {
    bool dry_run = false;
    std::int64_t limit = 0;         // at most this many entries; 0: no limit
    std::int64_t batch_size = 1000; // entries per transaction
    double rate = 0;                // entries per second at most; 0: as fast as it goes
    std::string command_line;       // for the audit record, secrets already masked
    ProgressSink progress;
};

// outbox retry: failed and dead (and, when asked, completed) entries back to pending.
struct RetryOptions {
    bool include_completed = false;
    std::chrono::seconds delay{0};               // scheduled_at = now + delay
    std::optional<std::string> payload_contains; // JSON the payload must contain (@>)
};

// Sends failed/dead (and optionally completed) entries back to pending, attempts reset, lock
// cleared, scheduled now or after the delay; rows a worker holds are skipped.
MutationResult retry_entries(Session& session, const Layout& layout,
                             const OutboxSelection& selection, const RetryOptions& retry,
                             const MutationOptions& options);

// Marks pending and failed entries dead with the reason in last_error.
MutationResult mark_dead_entries(Session& session, const Layout& layout,
                                 const OutboxSelection& selection, const std::string& reason,
                                 const MutationOptions& options);

// Sends processing entries back to pending when their lock expired, or, with older_than, when
// they were claimed longer ago than that.
MutationResult unlock_stale_entries(Session& session, const Layout& layout,
                                    const OutboxSelection& selection,
                                    std::optional<std::chrono::seconds> older_than,
                                    const MutationOptions& options);

} // namespace eventctl
