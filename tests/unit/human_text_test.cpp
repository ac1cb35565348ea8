#include "eventctl/render/human_text.h"
#include "eventctl/render/mutation.h"

#include <catch2/catch.hpp>

using namespace eventctl;

TEST_CASE("human text: counts with thousands separators") {
    CHECK(grouped(0) == "0");
    CHECK(grouped(999) == "999");
    CHECK(grouped(1000) == "1,000");
    CHECK(grouped(1234567) == "1,234,567");
    CHECK(grouped(-1234567) == "-1,234,567");
}

TEST_CASE("human text: ages to the precision that matters") {
    using std::chrono::seconds;
    CHECK(short_age(seconds(45)) == "45s");
    CHECK(short_age(seconds(7 * 60 + 5)) == "7m5s");
    CHECK(short_age(seconds(3 * 3600 + 12 * 60)) == "3h12m");
    CHECK(short_age(seconds(2 * 86400 + 4 * 3600 + 59)) == "2d4h");
    // 58d15h54m41s, as the listing used to show it.
    CHECK(short_age(seconds(58 * 86400 + 15 * 3600 + 54 * 60 + 41)) == "58d");
    CHECK(short_age(seconds(-3)) == "-");
}

TEST_CASE("human text: a selection in words, escaped for the terminal") {
    nlohmann::json selection = {
        {"status", {"failed", "dead"}}, {"event_type", "Order\x1b[2JPlaced"}, {"ids", 1500}};
    CHECK(describe_selection(selection) ==
          "event type Order\\x1b[2JPlaced, 1,500 ids given, status failed or dead");
    CHECK(describe_selection(nlohmann::json::object()) == "no filter");
    CHECK(target_words("public.outbox", "app@db:5432") == "public.outbox on app@db:5432");
}

TEST_CASE("human text: the progress line says the total, the rate and the time left") {
    ChangeProgress progress{1200, 0, 12, std::nullopt, std::nullopt, {}};
    CHECK(progress_line(progress, 120) == "1,200 changed, 0 skipped, batch 12");
    CHECK(progress_line(progress, 120, {2400, 2.0}) ==
          "1,200 of 2,400 changed, 0 skipped, batch 12, 600/s, ETA 2s");
    // A purge knows how much of the table it walked.
    ChangeProgress purge{500, 0, 5, 0.25, std::nullopt, {}};
    auto line = progress_line(purge, 80, {std::nullopt, 10.0});
    CHECK(line.find("25% 500 changed, 0 skipped, batch 5, 50/s, ETA 30s") != std::string::npos);
}
