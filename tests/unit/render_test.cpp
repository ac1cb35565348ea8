#include "eventctl/csv.h"
#include "eventctl/json_text.h"
#include "eventctl/render_outbox.h"
#include "eventctl/text_table.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;

TEST_CASE("render: csv fields are quoted per RFC 4180") {
    CHECK(csv_field(std::string("plain")) == "plain");
    CHECK(csv_field(std::nullopt).empty());
    CHECK(csv_field(std::string("a,b")) == "\"a,b\"");
    CHECK(csv_field(std::string("say \"hi\"")) == "\"say \"\"hi\"\"\"");
    CHECK(csv_field(std::string("two\nlines")) == "\"two\nlines\"");
    std::ostringstream out;
    write_csv_record(out, {std::string("a"), std::nullopt, std::string("c,d")});
    CHECK(out.str() == "a,,\"c,d\"\r\n");
}

TEST_CASE("render: tables align and truncate only on a terminal") {
    TextTable table({"ID", "N", "NOTE"}, {false, true, false});
    table.add_row({{"a"}, {"7"}, {"a long note that will not fit"}});
    table.add_row({{"bbb"}, {"1234"}, {"short\nnote"}});
    std::ostringstream piped;
    TextTable copy = table;
    copy.write(piped, Terminal{});
    CHECK(piped.str() == "ID      N  NOTE\n"
                         "a       7  a long note that will not fit\n"
                         "bbb  1234  short note\n");

    std::ostringstream narrow;
    table.write(narrow, Terminal{true, 24, false});
    CHECK(narrow.str() == "ID      N  NOTE\n"
                          "a       7  a long note \xe2\x80\xa6\n"
                          "bbb  1234  short note\n");
}

TEST_CASE("render: colour only when enabled") {
    CHECK(colorize("dead", "31", false) == "dead");
    CHECK(colorize("dead", "31", true) == "\x1b[31mdead\x1b[0m");
    CHECK(truncate_to_width("h\xc3\xa9llo", 3) == "h\xc3\xa9\xe2\x80\xa6");
    CHECK(display_width("h\xc3\xa9llo") == 5);
}

TEST_CASE("render: entries follow the JSON contract with payloads kept verbatim") {
    OutboxEntry entry;
    entry.id = "id-1";
    entry.event_type = "OrderPlaced";
    entry.status = Status::failed;
    entry.created_at = from_epoch_micros(1767225600000000);
    entry.attempts = 3;
    entry.payload = R"({"amount": 477.70, "big": 12345678901234567890123})";
    auto fields = entry_json(entry);
    CHECK(fields["created_at"] == "2026-01-01T00:00:00Z");
    CHECK(fields["status"] == "failed");
    CHECK(fields["tenant_id"].is_null());
    CHECK(fields["attempts"] == 3);
    CHECK(fields.size() == 14);
    CHECK_FALSE(fields.contains("payload"));

    auto compact = entry_json_text(entry, true, false);
    CHECK(compact.find(R"("payload":{"amount": 477.70, "big": 12345678901234567890123})") !=
          std::string::npos);
    CHECK(compact.find(R"("metadata":null)") != std::string::npos);
    auto parsed = nlohmann::json::parse(compact);
    CHECK(parsed["id"] == "id-1");
    CHECK(parsed.size() == 16);
    CHECK(nlohmann::json::parse(entry_json_text(entry, true, true)) == parsed);
    CHECK(entry_json_text(entry, false, false).find("payload") == std::string::npos);

    entry.payload = "not json {";
    CHECK(nlohmann::json::parse(entry_json_text(entry, true, false))["payload"] == "not json {");
}

TEST_CASE("render: raw fields join empty and non-empty objects") {
    CHECK(json_text(nlohmann::json::object(), {{"a", std::string("[1, 2.50]")}}, false) ==
          R"({"a":[1, 2.50]})");
    CHECK(json_text(nlohmann::json::object(), {{"a", std::nullopt}}, true) ==
          "{\n  \"a\": null\n}");
    CHECK(json_text(nlohmann::json{{"x", 1}}, {{"a", std::string("true")}}, true) ==
          "{\n  \"x\": 1,\n  \"a\": true\n}");
}
