#include "eventctl/error.h"
#include "eventctl/log/seek.h"
#include "eventctl/log/seek_file.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;

namespace {

const SeekBounds bounds{3, 10}; // events 4..10 visible and stable

SeekTarget target(SeekTargetKind kind, std::int64_t value = 0) {
    SeekTarget target;
    target.kind = kind;
    target.value = value;
    return target;
}

SeekMove move(const std::string& consumer, std::optional<std::int64_t> from, std::int64_t to) {
    SeekMove move;
    move.consumer = consumer;
    move.from = from;
    move.to = to;
    return move;
}

ResolvedTarget resolve(SeekTarget target, std::optional<std::int64_t> current = 5,
                       std::optional<std::int64_t> first_at_time = std::nullopt) {
    return resolve_target(target, "billing", current, bounds, first_at_time);
}

} // namespace

TEST_CASE("log seek: each target lands where DESIGN 2.2 says") {
    CHECK(resolve(target(SeekTargetKind::beginning)).position == 3);
    CHECK(resolve(target(SeekTargetKind::end)).position == 10);
    // The next event delivered is N: the stored position is N - 1.
    CHECK(resolve(target(SeekTargetKind::seq, 7)).position == 6);
    CHECK(resolve(target(SeekTargetKind::seq, 4)).position == 3);
    CHECK(resolve(target(SeekTargetKind::seq, 11)).position == 10);
    CHECK(resolve(target(SeekTargetKind::shift, -2)).position == 3);
    CHECK(resolve(target(SeekTargetKind::shift, 4)).position == 9);
    CHECK(resolve(target(SeekTargetKind::shift, 0)).position == 5);
    CHECK(resolve(target(SeekTargetKind::position, 8)).position == 8);
    CHECK(resolve(target(SeekTargetKind::time), 5, 6).position == 5);
    for (auto target : {target(SeekTargetKind::seq, 7), target(SeekTargetKind::end),
                        target(SeekTargetKind::shift, 1)}) {
        CHECK_FALSE(resolve(target).warning);
    }
}

TEST_CASE("log seek: targets past either end are clamped with a warning") {
    auto past_end = resolve(target(SeekTargetKind::seq, 50));
    CHECK(past_end.position == 10);
    REQUIRE(past_end.warning);
    CHECK_THAT(*past_end.warning, Catch::Contains("billing") && Catch::Contains("--to-seq 50") &&
                                      Catch::Contains("past the end"));

    auto before = resolve(target(SeekTargetKind::seq, 0));
    CHECK(before.position == 3);
    REQUIRE(before.warning);
    CHECK_THAT(*before.warning, Catch::Contains("before the beginning"));

    auto below_zero = resolve(target(SeekTargetKind::shift, -100));
    CHECK(below_zero.position == 3);
    CHECK(below_zero.warning);
    CHECK(resolve(target(SeekTargetKind::shift, 100)).position == 10);
    CHECK(resolve(target(SeekTargetKind::shift, INT64_MAX), 5).position == 10);
    CHECK(resolve(target(SeekTargetKind::shift, INT64_MIN), 5).position == 3);
    CHECK(resolve(target(SeekTargetKind::seq, INT64_MIN)).position == 3);
    CHECK(resolve(target(SeekTargetKind::position, -1)).position == 3);

    // A time after the last event: nothing to deliver, so the end, said out loud.
    auto after_last = resolve(target(SeekTargetKind::time), 5, std::nullopt);
    CHECK(after_last.position == 10);
    REQUIRE(after_last.warning);
    CHECK_THAT(*after_last.warning, Catch::Contains("no event was created at or after"));
    // The first event at the time is above the stable head: clamped to the head.
    auto unstable = resolve(target(SeekTargetKind::time), 5, 14);
    CHECK(unstable.position == 10);
    CHECK(unstable.warning);
}

TEST_CASE("log seek: a new consumer cannot be shifted") {
    CHECK_THROWS_AS(resolve(target(SeekTargetKind::shift, 1), std::nullopt), UsageError);
    CHECK(resolve(target(SeekTargetKind::seq, 5), std::nullopt).position == 4);
}

TEST_CASE("log seek: the beginning never passes the head, lag never goes below zero") {
    Horizon horizon;
    CHECK(horizon.beginning() == 0); // empty log
    horizon.head = 10;
    horizon.first = 1;
    CHECK(horizon.beginning() == 0);
    horizon.first = 4; // events 1..3 were deleted by retention
    CHECK(horizon.beginning() == 3);
    horizon.head = 0; // seq 4 committed by a transaction younger than one in flight
    CHECK(horizon.beginning() == 0);
    CHECK(consumer_lag(10, 4) == 6);
    CHECK(consumer_lag(10, 12) == 0);
}

TEST_CASE("log seek: options name exactly one selection") {
    SeekOptions none;
    CHECK_THROWS_AS(validate_seek_options(none), UsageError);
    SeekOptions two;
    two.consumers = {"a"};
    two.all = true;
    CHECK_THROWS_AS(validate_seek_options(two), UsageError);
    SeekOptions create_all;
    create_all.all = true;
    create_all.create = true;
    CHECK_THROWS_AS(validate_seek_options(create_all), UsageError);
    SeekOptions empty_name;
    empty_name.consumers = {""};
    CHECK_THROWS_AS(validate_seek_options(empty_name), UsageError);
    SeekOptions saved;
    saved.saved = std::vector<SavedMove>{SavedMove{"a", 1, 2}};
    CHECK_NOTHROW(validate_seek_options(saved));
}

TEST_CASE("log seek: a plan file round-trips, quotes and new consumers included") {
    std::vector<SeekMove> moves = {move("billing", 5, 9), move("odd, \"name\"", std::nullopt, 0)};
    std::stringstream file;
    write_seek_plan_csv(file, moves);
    CHECK(file.str() == "consumer,from,to\r\nbilling,5,9\r\n\"odd, \"\"name\"\"\",,0\r\n");
    auto saved = read_seek_plan_csv(file, "plan.csv");
    REQUIRE(saved.size() == 2);
    CHECK(saved[0].consumer == "billing");
    CHECK(saved[0].from == 5);
    CHECK(saved[0].to == 9);
    CHECK(saved[1].consumer == "odd, \"name\"");
    CHECK_FALSE(saved[1].from);
    CHECK(saved[1].to == 0);

    std::istringstream lf("consumer,from,to\nbilling,1,2\n\n");
    CHECK(read_seek_plan_csv(lf, "lf.csv").size() == 1);
}

TEST_CASE("log seek: a bad plan file is bad input data, named by line") {
    for (const auto& [text, message] : std::vector<std::pair<std::string, std::string>>{
             {"", "plan.csv:1: expected the header"},
             {"group,topic,partition,offset\n", "plan.csv:1: expected the header"},
             {"consumer,from,to\nbilling,1\n", "plan.csv:2: expected 3 fields"},
             {"consumer,from,to\nbilling,1,x\n", "plan.csv:2: to: \"x\" is not a position"},
             {"consumer,from,to\nbilling,1,-4\n", "plan.csv:2: to: \"-4\" is not a position"},
             {"consumer,from,to\nbilling,,\n", "plan.csv:2: to: \"\" is not a position"},
             {"consumer,from,to\na,1,2\na,2,3\n", "plan.csv:3: consumer \"a\" appears twice"},
             {"consumer,from,to\n,1,2\n", "plan.csv:2: the consumer name is empty"},
             {"consumer,from,to\n\"open,1,2\n", "a quoted field is not closed"},
             {"consumer,from,to\nbilling,99999999999999999999,1\n", "is not a position"},
         }) {
        std::istringstream in(text);
        INFO(text);
        CHECK_THROWS_AS(read_seek_plan_csv(in, "plan.csv"), DataError);
        std::istringstream again(text);
        CHECK_THROWS_WITH(read_seek_plan_csv(again, "plan.csv"), Catch::Contains(message));
    }
}
