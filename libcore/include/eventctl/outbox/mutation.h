#pragma once

#include "eventctl/change/change.h"
#include "eventctl/command.h"
#include "eventctl/retention/partition_fate.h"
#include "eventctl/retention/vacuum_horizon.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl {

// Entries of an ordered relay's aggregates that wait behind others (mark-dead warns of them).
struct AggregateWait {
    std::int64_t aggregates = 0;
    std::int64_t entries = 0;
};

// The failures of one error group, as the canary of a redrive saw them again.
struct FailureGroup {
    std::string fingerprint;
    std::string pattern;
    std::int64_t entries = 0;
};

// What became of a redrive's canary: the entries retried first, watched until the relay had
// published or failed them again, or the wait ended.
struct CanaryReport {
    std::vector<std::string> ids;
    std::int64_t completed = 0;
    std::int64_t failed_again = 0;
    std::int64_t unsettled = 0; // still pending or processing when the wait ended
    std::int64_t max_failed_again = 0;
    double waited_seconds = 0;
    std::vector<FailureGroup> failed_again_groups; // the largest first

    // Whether the redrive may go on: no more failures again than allowed.
    bool passed() const { return failed_again <= max_failed_again; }
};

// Why ids a selection named were not matched; each named id is matched or counted once here.
struct UnmatchedIds {
    std::int64_t not_found = 0;    // no entry has the id
    std::int64_t already_done = 0; // the entry is in the state the change leads to already
    std::int64_t wrong_state = 0;  // in a state the change does not start from
    std::int64_t left_out = 0;     // in a state it starts from, but left out: by the filters,
                                   // --limit, or (unlock-stale) a lock that has not expired
};

// What an outbox change did (or, as a preview, would do): the mutations' JSON contract.
struct MutationResult {
    Command command = Command::outbox_retry;
    bool dry_run = false;
    std::int64_t matched = 0;        // entries the selection found in an eligible state
    std::int64_t changed = 0;        // entries changed (in a preview: that would change)
    std::int64_t skipped_locked = 0; // held by a worker, or changed meanwhile: left alone
    nlohmann::json selection = nlohmann::json::object();
    std::optional<std::vector<std::string>> ids; // the changed ids (not for purge)
    std::int64_t batches = 0;
    std::optional<std::int64_t> archived;  // purge --archive-to
    std::optional<UnmatchedIds> unmatched; // a selection by ids: why the others were not matched
    // purge --drop-partitions: each partition's fate, as previewed and then as applied.
    std::optional<std::vector<PartitionFate>> partitions;
    // purges: what holds the space of deleted rows back, and the table's vacuum state.
    std::optional<VacuumHorizon> vacuum;
    std::vector<std::string> warnings; // e.g. a second retention mechanism on the table
    RunRecord run;
    // The change's audit record, when the layout has an audit table (retry --resume takes it).
    std::optional<std::int64_t> audit_id;
    // retry --resume: the audit record of the redrive this one continues.
    std::optional<std::int64_t> resumed_from;
    // retry --in-order: the entries taken along because they come earlier in an aggregate.
    std::optional<std::vector<std::string>> taken_in_order;
    // mark-dead: the entries of the same aggregates left waiting behind the dead ones.
    std::optional<AggregateWait> waiting_behind;
    // retry --canary.
    std::optional<CanaryReport> canary;
    // How many entries the change is expected to take, when it counted them first.
    std::optional<std::int64_t> expected;

    // The totals so far, for a progress display; fraction when the end is known.
    ChangeProgress progress(std::optional<double> fraction = std::nullopt) const {
        ChangeProgress progress;
        progress.changed = changed;
        progress.skipped = skipped_locked;
        progress.batches = batches;
        progress.fraction = fraction;
        progress.total = expected;
        return progress;
    }
};

// How a status change runs, beyond what it selects.
struct MutationOptions {
    std::optional<std::int64_t> limit; // at most this many entries; 0: no limit; none: not given
    std::int64_t batch_size = 1000;    // entries per transaction
    std::optional<double> rate;        // entries per second at most; none: as fast as it goes
    bool force = false;                // --force: the sharp edges go through (unlock-stale)
    std::string command_line;          // for the audit record, secrets already masked
};

} // namespace eventctl
