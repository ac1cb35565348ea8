#include "cli.h"
#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "eventctl/log/replay_outbox.h"
#include "eventctl/log/source.h"
#include "log_args.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>

using namespace eventctl;
using namespace eventctl::cli;

namespace {

// Parses argv into a fresh state the way the binary does.
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

SeekOptions seek_options(std::vector<std::string> args) {
    CliState state;
    args.insert(args.begin(), {"log", "seek"});
    parse(state, args);
    return to_seek_options(state.log.seek, fixed_now);
}

ReplayOptions replay_options(std::vector<std::string> args) {
    CliState state;
    args.insert(args.begin(), {"log", "replay"});
    parse(state, args);
    auto options = to_replay_options(state.log.replay, fixed_now);
    validate_replay_options(canonical_log_source(TableNames{}), options);
    return options;
}

} // namespace

TEST_CASE("cli: log seek targets become typed targets") {
    CHECK(seek_options({"c", "--to-beginning"}).target.kind == SeekTargetKind::beginning);
    CHECK(seek_options({"c", "--to-end"}).target.kind == SeekTargetKind::end);
    auto seq = seek_options({"c", "--to-seq", "17"}).target;
    CHECK(seq.kind == SeekTargetKind::seq);
    CHECK(seq.value == 17);
    auto shift = seek_options({"c", "--shift-by", "-5"}).target;
    CHECK(shift.kind == SeekTargetKind::shift);
    CHECK(shift.value == -5);
    CHECK(seek_options({"c", "--shift-by", "+5"}).target.value == 5);
    auto time = seek_options({"c", "--to-time", "2025-12-31T12:00:00Z"}).target;
    CHECK(time.kind == SeekTargetKind::time);
    CHECK(format_rfc3339(time.time) == "2025-12-31T12:00:00Z");
    auto ago = seek_options({"c", "--to-time", "1d"}).target;
    CHECK(format_rfc3339(ago.time) == "2025-12-31T00:00:00Z");
    auto duration = seek_options({"c", "--by-duration", "PT6H"}).target;
    CHECK(duration.kind == SeekTargetKind::time);
    CHECK(format_rfc3339(duration.time) == "2025-12-31T18:00:00Z");

    auto options =
        seek_options({"billing", "--to-end", "--create", "--force", "--dry-run", "--yes"});
    CHECK(options.consumers == std::vector<std::string>{"billing"});
    CHECK(options.create);
    CHECK(options.force);
    CHECK(seek_options({"billing", "--to-end", "--active-window", "2m"}).active_window ==
          std::chrono::seconds(120));
    CHECK(seek_options({"--all", "--to-end"}).all);
    CHECK(seek_options({"c", "--to-end"}).active_window == std::chrono::seconds(30));
}

TEST_CASE("cli: log seek refuses missing, extra and contradicting targets") {
    CHECK_THROWS_WITH(seek_options({"c"}), Catch::StartsWith("log seek needs a target"));
    CHECK_THROWS_WITH(seek_options({"c", "--to-end", "--to-seq", "3"}),
                      Catch::StartsWith("log seek takes exactly one target"));
    CHECK_THROWS_AS(seek_options({"--to-end"}), UsageError);
    CHECK_THROWS_AS(seek_options({"c", "--all", "--to-end"}), UsageError);
    CHECK_THROWS_AS(seek_options({"--all", "--create", "--to-end"}), UsageError);
    CHECK_THROWS_WITH(seek_options({"c", "--to-time", "soon"}),
                      Catch::StartsWith("--to-time: invalid time \"soon\""));
    CHECK_THROWS_WITH(seek_options({"c", "--by-duration", "2026-01-01"}),
                      Catch::StartsWith("--by-duration: invalid duration"));
    CHECK_THROWS_WITH(seek_options({"c", "--to-end", "--active-window", "soon"}),
                      Catch::StartsWith("--active-window: invalid duration"));
    CHECK_THROWS_WITH(seek_options({"--from-file", "/nonexistent/plan.csv"}),
                      Catch::StartsWith("--from-file: cannot read /nonexistent/plan.csv"));
}

TEST_CASE("cli: log seek --from-file reads the saved plan and takes no other target") {
    char path[] = "/tmp/eventctl-plan-XXXXXX";
    int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    std::ofstream(path) << "consumer,from,to\r\nbilling,3,7\r\n";
    auto options = seek_options({"--from-file", path});
    REQUIRE(options.saved);
    CHECK(options.saved->size() == 1);
    CHECK(options.saved->front().to == 7);
    CHECK_THROWS_AS(seek_options({"--from-file", path, "--to-end"}), UsageError);
    CHECK_THROWS_AS(seek_options({"billing", "--from-file", path}), UsageError);
    std::remove(path);
}

TEST_CASE("cli: log replay options become typed ranges and filters") {
    auto options = replay_options({"--from-seq", "10", "--to-time", "2025-12-31", "--tenant", "t1",
                                   "--type", "A,B", "--type", "C", "--limit", "5"});
    CHECK(options.from_seq == 10);
    CHECK(format_rfc3339(*options.to_time) == "2025-12-31T00:00:00Z");
    CHECK(options.tenant == "t1");
    CHECK(options.types == std::vector<std::string>{"A", "B", "C"});
    CHECK(options.limit == 5);
    CHECK_FALSE(options.unbounded());
    CHECK(replay_options({}).unbounded());

    auto stream = replay_options({"--stream", "order-7", "--after-seq", "4"});
    CHECK(stream.stream == "order-7");
    CHECK(stream.after_seq == 4);
    CHECK(format_rfc3339(*replay_options({"--from-time", "2h"}).from_time) ==
          "2025-12-31T22:00:00Z");
    CHECK(replay_options({"--consumer", "billing", "--to-seq", "9"}).consumer == "billing");
}

TEST_CASE("cli: log replay refuses contradicting options") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--from-seq", "1", "--after-seq", "2"},
                                               {"--from-time", "1h", "--consumer", "c"},
                                               {"--to-seq", "1", "--to-time", "1h"},
                                               {"--limit", "-1"},
                                               {"--consumer", "c", "--stream", "s"},
                                               {"--stream", ""},
                                               {"--from-time", "next week"}}) {
        INFO(args[0]);
        CHECK_THROWS_AS(replay_options(args), UsageError);
    }
}

TEST_CASE("cli: log replay refuses an empty event type") {
    ReplayOptions options;
    options.types = {"A", ""};
    CHECK_THROWS_AS(validate_replay_options(canonical_log_source(TableNames{}), options),
                    UsageError);
}

TEST_CASE("cli: log replay --into-outbox options") {
    CliState state;
    parse(state, {"log", "replay", "--into-outbox", "--label", "incident-7", "--dry-run"});
    auto into = to_into_outbox_options(state.log.replay);
    CHECK(into.label == "incident-7");
    CHECK(state.log.replay.dry_run);
    CliState plain;
    parse(plain, {"log", "replay", "--into-outbox"});
    CHECK(to_into_outbox_options(plain.log.replay).label == "replay");
    for (const auto& flag : {"--dry-run", "--yes", "--all"}) {
        CliState without;
        parse(without, {"log", "replay", flag});
        CHECK_THROWS_AS(to_into_outbox_options(without.log.replay), UsageError);
    }
    CliState empty_label;
    parse(empty_label, {"log", "replay", "--into-outbox", "--label", ""});
    CHECK_THROWS_AS(plan_replay_into_outbox(load_layout("canonical"), {},
                                            to_into_outbox_options(empty_label.log.replay)),
                    UsageError);
}

TEST_CASE("cli: log commands print help and refuse bad input with one line and exit 64") {
    for (const auto& command : std::vector<std::vector<std::string>>{{"log", "--help"},
                                                                     {"log", "consumers", "--help"},
                                                                     {"log", "seek", "--help"},
                                                                     {"log", "replay", "--help"}}) {
        auto result = test::run_eventctl(command);
        CHECK(result.exit_code == 0);
        CHECK(result.out.find("Usage:") != std::string::npos);
    }
    CHECK(test::run_eventctl({"log", "replay", "--help"}).out.find("Examples:") !=
          std::string::npos);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"log"},
             {"log", "seek", "c"},
             {"log", "seek", "c", "--to-seq", "x"},
             {"log", "seek", "c", "--to-end", "--to-beginning"},
             {"log", "seek", "c", "--to-time", "tomorrow"},
             {"log", "replay", "--from-seq", "1", "--after-seq", "1"},
             {"log", "replay", "--limit", "-2"},
             {"log", "replay", "--label", "x"},
             {"log", "replay", "--into-outbox", "--yes"}}) {
        std::vector<std::string> argv = args;
        argv.insert(argv.end(), {"-d", "host=/nonexistent"});
        auto result = test::run_eventctl(argv);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        // A bare group prints its help before the line.
        CHECK((result.err.rfind("eventctl: ", 0) == 0 ||
               result.err.find("\neventctl: ") != std::string::npos));
    }
}
