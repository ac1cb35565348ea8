#include "log_args.h"

#include "eventctl/error.h"
#include "eventctl/log/seek_file.h"
#include "typed_options.h"

#include <cerrno>
#include <cstring>
#include <fstream>

namespace eventctl::cli {

namespace {

std::vector<SavedMove> read_plan_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    if (!file) {
        throw UsageError("--from-file: cannot read " + path + ": " + std::strerror(errno));
    }
    return read_seek_plan_csv(file, path);
}

SeekTarget seek_target(const SeekArgs& args, TimePoint now) {
    std::vector<SeekTarget> targets;
    if (args.to_beginning) {
        targets.push_back({SeekTargetKind::beginning, 0, {}});
    }
    if (args.to_end) {
        targets.push_back({SeekTargetKind::end, 0, {}});
    }
    if (args.to_seq) {
        targets.push_back({SeekTargetKind::seq, *args.to_seq, {}});
    }
    if (args.to_time) {
        targets.push_back({SeekTargetKind::time, 0, *time_option("--to-time", args.to_time, now)});
    }
    if (args.shift_by) {
        targets.push_back({SeekTargetKind::shift, *args.shift_by, {}});
    }
    if (args.by_duration) {
        auto back = duration_option("--by-duration", *args.by_duration);
        targets.push_back({SeekTargetKind::time, 0, now - back});
    }
    if (args.from_file) {
        if (!targets.empty()) {
            throw UsageError("--from-file holds each consumer's target: give no other target");
        }
        return {};
    }
    if (targets.size() != 1) {
        throw UsageError(std::string(targets.empty() ? "log seek needs a target"
                                                     : "log seek takes exactly one target") +
                         ": --to-beginning, --to-end, --to-seq N, --to-time T, --shift-by N, "
                         "--by-duration DUR, or --from-file FILE");
    }
    return targets.front();
}

} // namespace

namespace {

std::chrono::seconds positive_duration(const std::string& option, const std::string& text) {
    std::chrono::seconds duration;
    try {
        duration = parse_duration(text);
    } catch (const UsageError& e) {
        throw UsageError(option + ": " + e.what());
    }
    if (duration.count() <= 0) {
        throw UsageError(option + ": must be at least 1s");
    }
    return duration;
}

} // namespace

ConsumersOptions to_consumers_options(const ConsumersArgs& args) {
    ConsumersOptions options;
    options.stalled_after = positive_duration("--stalled-after", args.stalled_after);
    return options;
}

std::optional<std::chrono::seconds> sample_interval(const ConsumersArgs& args) {
    if (!args.sample) {
        return std::nullopt;
    }
    return positive_duration("--sample", *args.sample);
}

SeekOptions to_seek_options(const SeekArgs& args, TimePoint now) {
    SeekOptions options;
    options.target = seek_target(args, now);
    if (args.consumer) {
        options.consumers.push_back(*args.consumer);
    }
    options.all = args.all;
    options.create = args.create;
    options.force = args.force;
    if (args.active_window) {
        if (args.force) {
            throw UsageError("--force moves consumers however recently they moved: "
                             "--active-window would be ignored",
                             "give one of them");
        }
        try {
            options.active_window = parse_duration_ms(*args.active_window);
        } catch (const UsageError& e) {
            throw UsageError(std::string("--active-window: ") + e.what());
        }
    }
    if (args.from_file) {
        if (args.consumer || args.all) {
            throw UsageError("--from-file names its consumers: give no CONSUMER and no --all");
        }
        options.saved = read_plan_file(*args.from_file);
    }
    validate_seek_options(options);
    return options;
}

ReplayOptions to_replay_options(const ReplayArgs& args, TimePoint now) {
    ReplayOptions options;
    options.from_seq = args.from_seq;
    options.after_seq = args.after_seq;
    options.from_time = time_option("--from-time", args.from_time, now);
    options.consumer = args.consumer;
    options.to_seq = args.to_seq;
    options.to_time = time_option("--to-time", args.to_time, now);
    options.stream = args.stream;
    options.tenant = args.tenant;
    options.types = args.types;
    options.limit = args.limit;
    return options;
}

IntoOutboxOptions to_into_outbox_options(const ReplayArgs& args) {
    if (!args.into_outbox) {
        if (args.label || args.dry_run || args.yes || args.all) {
            throw UsageError("--label, --dry-run, --yes and --all go with --into-outbox");
        }
        return {};
    }
    IntoOutboxOptions options;
    if (args.label) {
        options.label = *args.label;
    }
    options.all = args.all;
    return options;
}

LogPurgeOptions to_log_purge_options(const LogPurgeArgs& args) {
    LogPurgeOptions options;
    if (args.older_than) {
        options.older_than = duration_option("--older-than", *args.older_than);
    }
    options.before_seq = args.before_seq;
    if (args.stalled_after) {
        if (args.no_consumers) {
            throw UsageError("--stalled-after judges consumers, and --no-consumers purges a log "
                             "that has none",
                             "leave --stalled-after out");
        }
        options.stalled_after = duration_option("--stalled-after", *args.stalled_after);
    }
    options.ignore_consumers = args.ignore_consumers;
    options.no_consumers = args.no_consumers;
    options.batch_size = args.batch_size;
    if (args.max_duration) {
        options.max_duration = duration_option("--max-duration", *args.max_duration);
    }
    if (args.archive_to) {
        options.archive = ArchiveRequest{*args.archive_to, args.archive_unsafe_pipe};
    } else if (args.archive_unsafe_pipe) {
        throw UsageError("--archive-unsafe-pipe goes with --archive-to");
    }
    options.drop_partitions = args.drop_partitions;
    return options;
}

} // namespace eventctl::cli
