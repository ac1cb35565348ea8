#include "outbox_args.h"

#include "eventctl/error.h"
#include "option_values.h"
#include "typed_options.h"

namespace eventctl::cli {

void add_filter_options(CLI::App& command, FilterArgs& args) {
    const std::string group = "Filters";
    auto* status = command.add_option("--status", args.statuses,
                                      "Only entries in these states: pending, processing, "
                                      "completed, failed, dead (repeat or separate with commas)");
    accept_only(command, status, spellings(all_statuses))
        ->option_text("STATUS")
        ->delimiter(',')
        ->group(group);
    command
        .add_option("--event-type", args.event_types,
                    "Only entries of these event types (repeat or separate with commas)")
        ->option_text("TYPE")
        ->delimiter(',')
        ->group(group);
    command
        .add_option("--tenant", args.tenants,
                    "Only entries of these tenants (repeat or separate with commas)")
        ->option_text("ID")
        ->delimiter(',')
        ->group(group);
    command
        .add_option("--aggregate-type", args.aggregate_type, "Only entries of this aggregate type")
        ->option_text("TYPE")
        ->group(group);
    command.add_option("--aggregate-id", args.aggregate_id, "Only entries of this aggregate")
        ->option_text("ID")
        ->group(group);
    command
        .add_option("--created-before,--until", args.created_before,
                    "Only entries created before this time (RFC 3339, a date, or a duration ago "
                    "such as 7d)")
        ->option_text("TIME")
        ->group(group);
    command
        .add_option("--created-after,--since", args.created_after,
                    "Only entries created at or after this time (RFC 3339, a date, or a duration "
                    "ago such as 1h)")
        ->option_text("TIME")
        ->group(group);
    command
        .add_option("--error-contains", args.error_contains,
                    "Only entries whose last error contains this text (case-insensitive)")
        ->option_text("TEXT")
        ->group(group);
    command
        .add_option("--error-group", args.error_group,
                    "Only entries whose last error has this fingerprint (see outbox errors)")
        ->option_text("FINGERPRINT")
        ->group(group);
}

OutboxFilter to_filter(const FilterArgs& args, TimePoint now) {
    OutboxFilter filter;
    for (const auto& status : args.statuses) {
        filter.statuses.push_back(parse_status(status));
    }
    filter.event_types = args.event_types;
    filter.tenant_ids = args.tenants;
    filter.aggregate_type = args.aggregate_type;
    filter.aggregate_id = args.aggregate_id;
    filter.created_before = time_option("--created-before", args.created_before, now);
    filter.created_after = time_option("--created-after", args.created_after, now);
    filter.error_contains = args.error_contains;
    filter.error_group = args.error_group;
    return filter;
}

StatsOptions to_stats_options(const StatsArgs& args) {
    if (args.exact && args.estimate) {
        throw UsageError("--exact and --estimate contradict each other: pick one");
    }
    StatsOptions options;
    if (args.by) {
        options.by = parse_stats_grouping(*args.by);
    }
    if (args.exact) {
        options.mode = CountMode::exact;
    } else if (args.estimate) {
        options.mode = CountMode::estimate;
    }
    return options;
}

ListOptions to_list_options(const ListArgs& args, TimePoint now) {
    ListOptions options;
    options.filter = to_filter(args.filter, now);
    options.limit = args.limit;
    if (args.after) {
        options.after = decode_cursor(*args.after);
    }
    options.order = parse_sort_order(args.order);
    options.with_payload = args.payload;
    return options;
}

} // namespace eventctl::cli
