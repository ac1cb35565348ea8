#include "mutation_args.h"

#include "eventctl/error.h"
#include "eventctl/outbox/id_list.h"
#include "eventctl/render/terminal_text.h"
#include "option_values.h"
#include "typed_options.h"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>

namespace eventctl::cli {

void add_selection_options(CLI::App& command, SelectionArgs& args) {
    command.add_option("ids", args.ids, "Entry ids to act on (the filters narrow them further)")
        ->option_text("ID...");
    auto* ids_from = command.add_option(
        "--ids-from", args.ids_from,
        "Read entry ids from FILE, one per line (at most 1000000 lines); - reads standard input");
    complete_files(command, ids_from)->option_text("FILE");
    add_filter_options(command, args.filter);
    command.add_flag("--all", args.all,
                     "Allow a selection without ids or filters: every eligible entry");
}

void add_change_flags(CLI::App& command, MutationFlags& flags) {
    command.add_flag("--dry-run", flags.dry_run, "Report what would change; change nothing");
    command.add_flag("-y,--yes", flags.yes,
                     "Do not ask for confirmation (required without a terminal)");
    command.add_flag("--strict", flags.strict,
                     "Exit 3 when nothing changed (nothing matched, or every match was held), "
                     "instead of 0");
    command
        .add_option("--limit", flags.limit,
                    "Change at most N entries, 0 to 1000000000000 (default 0: no limit)")
        ->option_text("N");
    command
        .add_option("--batch-size", flags.batch_size,
                    "Entries per transaction, 1 to 100000 (default 1000): each batch locks only "
                    "its own rows")
        ->option_text("N");
}

namespace {

std::vector<std::string> ids_from(const std::string& source, std::istream& in,
                                  const std::string& id_type) {
    if (source == "-") {
        return read_ids(in, "-", id_type);
    }
    std::ifstream file(source, std::ios::binary);
    if (!file) {
        throw UsageError("--ids-from: cannot read " + source + ": " + std::strerror(errno));
    }
    return read_ids(file, source, id_type);
}

} // namespace

OutboxSelection to_selection(const SelectionArgs& args, TimePoint now, std::istream& in,
                             const std::string& id_type) {
    OutboxSelection selection;
    selection.ids = args.ids;
    if (args.ids_from) {
        // An empty list is not an error: it selects nothing, and the result says so.
        selection.ids_listed = true;
        for (auto& id : ids_from(*args.ids_from, in, id_type)) {
            if (std::find(args.ids.begin(), args.ids.end(), id) == args.ids.end()) {
                selection.ids.push_back(std::move(id));
            }
        }
    }
    selection.filter = to_filter(args.filter, now);
    selection.all = args.all;
    return selection;
}

OutboxSelection to_retry_selection(const RetryArgs& args, TimePoint now, std::istream& in,
                                   const std::string& id_type) {
    auto selection = to_selection(args.selection, now, in, id_type);
    selection.filter.payload_contains = args.payload_contains;
    return selection;
}

MutationOptions to_mutation_options(const MutationFlags& flags, const std::string& command_line) {
    MutationOptions options;
    options.limit = flags.limit;
    options.batch_size = flags.batch_size;
    options.command_line = command_line;
    return options;
}

double parse_rate(const std::string& text) {
    auto slash = text.find('/');
    auto number = text.substr(0, slash);
    double per = 1.0;
    if (slash != std::string::npos) {
        auto unit = text.substr(slash + 1);
        if (unit == "s") {
            per = 1.0;
        } else if (unit == "m") {
            per = 60.0;
        } else {
            number.clear();
        }
    }
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (number.empty() || error != std::errc() || end != number.data() + number.size()) {
        throw UsageError("invalid --rate " + in_quotes(text) +
                         ": expected entries per second or minute, e.g. 50/s or 3000/m");
    }
    return static_cast<double>(value) / per;
}

RetryOptions to_retry_options(const RetryArgs& args) {
    RetryOptions options;
    options.include_completed = args.include_completed;
    if (args.delay) {
        options.delay = duration_option("--delay", *args.delay);
    }
    options.in_order = args.in_order;
    options.strict_order = args.in_order && args.flags.strict;
    if (args.canary) {
        CanaryOptions canary;
        canary.entries = *args.canary;
        if (args.canary_wait) {
            canary.wait = duration_option("--canary-wait", *args.canary_wait);
        }
        canary.max_failed_again = args.max_refail.value_or(0);
        options.canary = canary;
    } else if (args.canary_wait || args.max_refail) {
        throw UsageError(std::string(args.canary_wait ? "--canary-wait" : "--max-refail") +
                         " belongs to a canary: give --canary N too");
    }
    options.resume = args.resume;
    return options;
}

std::optional<std::chrono::seconds> to_unlock_older_than(const UnlockStaleArgs& args) {
    if (!args.older_than) {
        return std::nullopt;
    }
    return duration_option("--older-than", *args.older_than);
}

MutationOptions to_unlock_options(const UnlockStaleArgs& args, const std::string& command_line) {
    auto options = to_mutation_options(args.flags, command_line);
    options.force = args.force;
    return options;
}

PurgeOptions to_purge_options(const PurgeArgs& args) {
    PurgeOptions options;
    options.older_than = duration_option("--older-than", args.older_than);
    if (!args.statuses.empty()) {
        options.statuses.clear();
        for (const auto& status : args.statuses) {
            options.statuses.push_back(parse_status(status));
        }
    }
    options.batch_size = args.batch_size;
    options.max_rows = args.max_rows;
    if (args.max_duration) {
        options.max_duration = short_duration_option("--max-duration", *args.max_duration);
    }
    if (args.sleep) {
        options.sleep = short_duration_option("--sleep", *args.sleep);
    }
    if (args.archive_to) {
        options.archive = ArchiveRequest{*args.archive_to, args.archive_unsafe_pipe};
    } else if (args.archive_unsafe_pipe) {
        throw UsageError("--archive-unsafe-pipe goes with --archive-to");
    }
    options.force = args.force;
    options.drop_partitions = args.drop_partitions;
    return options;
}

} // namespace eventctl::cli
