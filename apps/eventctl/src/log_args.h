#pragma once

// The log commands' command-line halves: what CLI11 fills, and its conversion into the typed
// options libcore takes.

#include "eventctl/log/consumers.h"
#include "eventctl/log/log_purge.h"
#include "eventctl/log/replay.h"
#include "eventctl/log/replay_outbox.h"
#include "eventctl/log/seek.h"
#include "eventctl/time.h"
#include "watch_args.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace eventctl::cli {

// log consumers, as typed.
struct ConsumersArgs {
    std::string stalled_after = "5m";
    std::optional<std::string> sample;
    WatchArgs watch;
};

// log seek, as typed.
struct SeekArgs {
    std::optional<std::string> consumer;
    bool all = false;
    bool create = false;
    bool to_beginning = false;
    bool to_end = false;
    std::optional<std::int64_t> to_seq;
    std::optional<std::string> to_time;
    std::optional<std::int64_t> shift_by;
    std::optional<std::string> by_duration;
    std::optional<std::string> export_file;
    std::optional<std::string> from_file;
    std::optional<std::string> active_window; // default 30s (SeekOptions)
    bool force = false;
    bool dry_run = false;
    bool yes = false;
};

// log replay, as typed.
struct ReplayArgs {
    std::optional<std::int64_t> from_seq;
    std::optional<std::int64_t> after_seq;
    std::optional<std::string> from_time;
    std::optional<std::string> consumer;
    std::optional<std::int64_t> to_seq;
    std::optional<std::string> to_time;
    std::optional<std::string> stream;
    std::optional<std::string> tenant;
    std::vector<std::string> types;
    std::int64_t limit = 0;
    bool into_outbox = false;
    std::optional<std::string> label;
    bool dry_run = false;
    bool yes = false;
    bool all = false;
};

// log purge, as typed.
struct LogPurgeArgs {
    std::optional<std::string> older_than;
    std::optional<std::int64_t> before_seq;
    std::optional<std::string> stalled_after; // default 7d (LogPurgeOptions)
    std::vector<std::string> ignore_consumers;
    bool no_consumers = false;
    std::int64_t batch_size = 10000;
    std::optional<std::string> max_duration;
    std::optional<std::string> archive_to;
    bool archive_unsafe_pipe = false;
    bool drop_partitions = false;
    bool dry_run = false;
    bool yes = false;
};

// The log group's arguments.
struct LogArgs {
    ConsumersArgs consumers;
    SeekArgs seek;
    ReplayArgs replay;
    LogPurgeArgs purge;
};

// Resolves log consumers arguments; throws UsageError for a bad duration. The sample
// interval, if any, is left in sample.
ConsumersOptions to_consumers_options(const ConsumersArgs& args);

// The --sample interval, if given; throws UsageError for a bad or zero duration.
std::optional<std::chrono::seconds> sample_interval(const ConsumersArgs& args);

// Resolves seek arguments: exactly one target (or a saved plan read from --from-file), times
// and durations turned into instants; throws UsageError, or DataError for a bad plan file.
SeekOptions to_seek_options(const SeekArgs& args, TimePoint now);

// Resolves replay arguments: times and "ago" durations turned into instants. The combinations
// are libcore's to check (validate_replay_options).
ReplayOptions to_replay_options(const ReplayArgs& args, TimePoint now);

// Resolves the --into-outbox half; throws UsageError for its flags given without it.
IntoOutboxOptions to_into_outbox_options(const ReplayArgs& args);

// Resolves log purge arguments (without the command line); libcore checks their values.
LogPurgeOptions to_log_purge_options(const LogPurgeArgs& args);

} // namespace eventctl::cli
