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

    // The totals so far, for a progress display; fraction when the end is known.
    ChangeProgress progress(std::optional<double> fraction = std::nullopt) const {
        return {changed, skipped_locked, batches, fraction};
    }
};

// How a status change runs, beyond what it selects.
struct MutationOptions {
    std::int64_t limit = 0;         // at most this many entries; 0: no limit
    std::int64_t batch_size = 1000; // entries per transaction
    std::optional<double> rate;     // entries per second at most; none: as fast as it goes
    bool force = false;             // --force: the sharp edges go through (unlock-stale)
    std::string command_line;       // for the audit record, secrets already masked
};

} // namespace eventctl
