// The incident tools without a database: their options as typed, what they refuse before
// connecting, the progress line of a long redrive, an audit record's outcome, and a filter
// read back from the record that echoed it.

#include "cli.h"
#include "eventctl/audit/audit_records.h"
#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/outbox/blocked.h"
#include "eventctl/outbox/errors.h"
#include "eventctl/outbox/status_change.h"
#include "eventctl/render/mutation.h"
#include "mutation_args.h"

#include <catch2/catch.hpp>

using namespace eventctl;
using namespace eventctl::cli;

namespace {

void parse(CliState& state, std::vector<std::string> args) {
    auto app = build_cli(state);
    args.insert(args.begin(), "eventctl");
    std::vector<const char*> argv;
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    app->parse(static_cast<int>(argv.size()), argv.data());
}

const TimePoint fixed_now = from_epoch_micros(1767225600000000); // 2026-01-01T00:00:00Z

} // namespace

TEST_CASE("incident: retry's redrive options become typed options") {
    CliState state;
    parse(state, {"outbox", "retry", "--error-group", "3f9a0c2b7d41", "--in-order", "--strict",
                  "--canary", "20", "--canary-wait", "2m", "--max-refail", "3", "--yes"});
    auto options = to_retry_options(state.retry);
    CHECK(options.in_order);
    CHECK(options.strict_order);
    REQUIRE(options.canary);
    CHECK(options.canary->entries == 20);
    CHECK(options.canary->wait == std::chrono::minutes(2));
    CHECK(options.canary->max_failed_again == 3);
    auto selection = to_retry_selection(state.retry, fixed_now, std::cin, "text");
    CHECK(selection.filter.error_group == "3f9a0c2b7d41");

    CliState resume;
    parse(resume, {"outbox", "retry", "--resume", "42"});
    CHECK(to_retry_options(resume.retry).resume == 42);

    CliState lone_wait;
    parse(lone_wait, {"outbox", "retry", "--all", "--canary-wait", "1m"});
    CHECK_THROWS_AS(to_retry_options(lone_wait.retry), UsageError);
}

TEST_CASE("incident: plans refuse what they cannot honour before anything connects") {
    auto canonical = load_layout("canonical");
    MutationOptions options;
    OutboxSelection selection;
    selection.filter.statuses = {Status::dead};
    RetryOptions no_wait;
    no_wait.canary = CanaryOptions{5, std::chrono::seconds(0), 0};
    CHECK_THROWS_AS(plan_retry(canonical, selection, no_wait, options), UsageError);
    RetryOptions resumed;
    resumed.resume = 7;
    CHECK_THROWS_AS(plan_retry(canonical, selection, resumed, options), UsageError);
    CHECK_NOTHROW(plan_retry(canonical, OutboxSelection{}, resumed, options));
    RetryOptions in_order;
    in_order.in_order = true;
    CHECK_THROWS_AS(plan_retry(load_layout("oxide-outbox"), selection, in_order, options),
                    UsageError);

    ErrorGroupsOptions errors;
    CHECK_NOTHROW(validate_error_groups(canonical, errors));
    CHECK_THROWS_AS(validate_error_groups(load_layout("klauthed"), errors), UsageError);
    errors.filter.error_group = "3F9A";
    CHECK_THROWS_AS(validate_error_groups(canonical, errors), UsageError);
    BlockedOptions blocked;
    CHECK_NOTHROW(validate_blocked(canonical, blocked));
    CHECK_THROWS_AS(validate_blocked(load_layout("oxide-outbox"), blocked), UsageError);
    AuditQuery query;
    CHECK_THROWS_AS(validate_audit_query(load_layout("oxide-outbox"), query), UsageError);
    query.command = "outbox frobnicate";
    CHECK_THROWS_AS(validate_audit_query(canonical, query), UsageError);
    query.command = "log replay --into-outbox";
    CHECK_NOTHROW(validate_audit_query(canonical, query));
}

TEST_CASE("incident: a redrive's progress line says what is done, what remains and when") {
    ChangeProgress progress;
    progress.changed = 300;
    progress.skipped = 0;
    progress.batches = 6;
    progress.total = 1000;
    // Six seconds for the first 300 of 1,000: 50/s, and 14 s for the 700 left.
    auto line = progress_line(progress, 120, {std::nullopt, 6.0});
    CHECK(line.find("300 of 1,000 changed") != std::string::npos);
    CHECK(line.find("ETA 14s") != std::string::npos);
    CHECK(line.find("50/s") != std::string::npos);
    progress.note = "canary: 1 completed, 0 failed again, 2 waiting (1m left)";
    CHECK(progress_line(progress, 120).find("canary: 1 completed") != std::string::npos);
}

TEST_CASE("incident: an audit record's outcome, and a filter read back from its selection") {
    CHECK(audit_outcome({{"batches", 3}}) == "complete");
    CHECK(audit_outcome({{"unfinished", true}}) == "unfinished");
    CHECK(audit_outcome({{"batches", 1}, {"stopped_by", "SIGTERM"}}) == "stopped by SIGTERM");

    OutboxFilter filter;
    filter.statuses = {Status::failed, Status::dead};
    filter.event_types = {"A", "B"};
    filter.tenant_ids = {"t1"};
    filter.aggregate_id = "ord-1";
    filter.created_after = from_epoch_micros(1767225600123456);
    filter.error_contains = "503";
    filter.payload_contains = R"({"n":1})";
    filter.error_group = "3f9a0c2b7d41";
    auto back = filter_from_json(selection_json(filter));
    CHECK(selection_json(back) == selection_json(filter));
    CHECK(back.created_after == filter.created_after);
    CHECK_THROWS_AS(filter_from_json({{"status", {"bogus"}}}), DataError);
}
