#pragma once

// The outbox commands' command-line halves: what CLI11 fills, and its conversion into the typed
// options libcore takes.

#include "eventctl/outbox/blocked.h"
#include "eventctl/outbox/errors.h"
#include "eventctl/outbox/list.h"
#include "eventctl/outbox/stats.h"
#include "watch_args.h"

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::cli {

// The row filters shared by list and the mutations, as typed.
struct FilterArgs {
    std::vector<std::string> statuses;
    std::vector<std::string> event_types;
    std::vector<std::string> tenants;
    std::optional<std::string> aggregate_type;
    std::optional<std::string> aggregate_id;
    std::optional<std::string> created_before;
    std::optional<std::string> created_after;
    std::optional<std::string> error_contains;
    std::optional<std::string> error_group;
};

// outbox stats, as typed.
struct StatsArgs {
    std::optional<std::string> by;
    bool exact = false;
    bool estimate = false;
    WatchArgs watch;
};

// outbox list, as typed.
struct ListArgs {
    FilterArgs filter;
    std::int64_t limit = 50;
    std::optional<std::string> after;
    std::string order = "asc";
    bool payload = false;
    std::vector<std::string> columns; // --columns: the table's columns, in order
};

// outbox errors, as typed.
struct ErrorsArgs {
    FilterArgs filter;
    std::int64_t limit = 50;
};

// outbox blocked, as typed.
struct BlockedArgs {
    FilterArgs filter;
    std::int64_t limit = 50;
};

// outbox show, as typed.
struct ShowArgs {
    std::string id;
};

// Declares the filter options on a command.
void add_filter_options(CLI::App& command, FilterArgs& args);

// Resolves filters: statuses checked, times and "ago" durations turned into instants.
OutboxFilter to_filter(const FilterArgs& args, TimePoint now);

// Resolves stats options; throws UsageError for --exact with --estimate.
StatsOptions to_stats_options(const StatsArgs& args);

// Resolves list options.
ListOptions to_list_options(const ListArgs& args, TimePoint now);

} // namespace eventctl::cli
