#pragma once

// The outbox mutations' command-line halves: what CLI11 fills and its conversion into typed
// libcore options.

#include "eventctl/outbox/purge.h"
#include "eventctl/outbox/status_change.h"
#include "outbox_args.h"

#include <CLI/CLI.hpp>
#include <istream>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::cli {

// Which entries: ids (arguments or --ids-from), filters, or --all.
struct SelectionArgs {
    std::vector<std::string> ids;
    std::optional<std::string> ids_from;
    FilterArgs filter;
    bool all = false;
};

// The safety and pacing flags every status change shares.
struct MutationFlags {
    bool dry_run = false;
    bool yes = false;
    bool strict = false;
    std::optional<std::int64_t> limit;
    std::int64_t batch_size = 1000;
};

// outbox retry, as typed.
struct RetryArgs {
    SelectionArgs selection;
    MutationFlags flags;
    bool include_completed = false;
    std::optional<std::string> delay;
    std::optional<std::string> rate;
    std::optional<std::string> payload_contains;
    bool in_order = false;
    std::optional<std::int64_t> canary;
    std::optional<std::string> canary_wait;
    std::optional<std::int64_t> max_refail;
    std::optional<std::int64_t> resume;
};

// outbox mark-dead, as typed.
struct MarkDeadArgs {
    SelectionArgs selection;
    MutationFlags flags;
    std::string reason;
};

// outbox unlock-stale, as typed.
struct UnlockStaleArgs {
    SelectionArgs selection;
    MutationFlags flags;
    std::optional<std::string> older_than;
    bool force = false;
};

// outbox purge, as typed.
struct PurgeArgs {
    std::string older_than;
    std::vector<std::string> statuses;
    bool dry_run = false;
    bool yes = false;
    std::int64_t batch_size = 10000;
    std::int64_t max_rows = 0;
    std::optional<std::string> max_duration;
    std::optional<std::string> sleep;
    std::optional<std::string> archive_to;
    bool drop_partitions = false;
    bool archive_unsafe_pipe = false;
    bool force = false;
};

// Declares ids, --ids-from, the filters and --all on a command.
void add_selection_options(CLI::App& command, SelectionArgs& args);

// Declares --dry-run, --yes, --strict, --limit and --batch-size on a command.
void add_change_flags(CLI::App& command, MutationFlags& flags);

// Resolves the selection; --ids-from - reads stdin, checking each id as one of id_type as it
// reads (libcore's read_ids).
OutboxSelection to_selection(const SelectionArgs& args, TimePoint now, std::istream& in,
                             const std::string& id_type);

// Resolves retry's selection: the common one plus --payload-contains, itself a filter.
OutboxSelection to_retry_selection(const RetryArgs& args, TimePoint now, std::istream& in,
                                   const std::string& id_type);

// Resolves the flags shared by status changes; libcore checks their values.
MutationOptions to_mutation_options(const MutationFlags& flags, const std::string& command_line);

// Parses --rate: "50/s", "3000/m" or a plain number per second; its range is libcore's to
// check.
double parse_rate(const std::string& text);

// Resolves retry's own options.
RetryOptions to_retry_options(const RetryArgs& args);

// Resolves unlock-stale's --older-than.
std::optional<std::chrono::seconds> to_unlock_older_than(const UnlockStaleArgs& args);

// Resolves unlock-stale's flags (--force, with the shared ones).
MutationOptions to_unlock_options(const UnlockStaleArgs& args, const std::string& command_line);

// Resolves purge options (without the command line); libcore checks their values.
PurgeOptions to_purge_options(const PurgeArgs& args);

} // namespace eventctl::cli
