#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/text_table.h"
#include "text_lines.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;
using eventctl::test::lines_of;

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
                         "bbb  1234  short\\nnote\n");

    std::ostringstream narrow;
    auto fitted = table;
    fitted.set_fitting({2}, {});
    fitted.write(narrow, Terminal{true, 24, false, {}});
    CHECK(narrow.str() == "ID      N  NOTE\n"
                          "a       7  a long note \xe2\x80\xa6\n"
                          "bbb  1234  short\\nnote\n");

    // Columns not marked as free text are never cut: the line runs past the edge instead.
    std::ostringstream whole;
    table.write(whole, Terminal{true, 24, false, {}});
    CHECK(whole.str() == piped.str());
}

TEST_CASE("render: a table drops whole columns, in order, when shrinking is not enough") {
    TextTable table({"KEY", "WHEN", "SIZE", "NOTE"}, {false, false, true, false});
    table.add_row({{"k-0001-0002-0003"}, {"2026-11-23T17:41:35.678413Z"}, {"12"}, {"a note"}});
    table.set_fitting({3}, {2, 1});
    std::ostringstream narrow;
    table.write(narrow, Terminal{true, 40, false, {}});
    CHECK(narrow.str() == "KEY               NOTE\n"
                          "k-0001-0002-0003  a note\n");
    CHECK(table.left_out() == std::vector<std::string>{"WHEN", "SIZE"});
    CHECK(left_out_note(table) == "left out to fit the terminal: WHEN, SIZE (-o json has them)");
}

namespace {

// An outbox list as the table writer prints it on a terminal this wide.
std::string outbox_table(int width, const std::vector<OutboxEntry>& entries) {
    std::ostringstream out;
    std::ostringstream err;
    auto writer = make_entry_list_writer(OutputFormat::table, out, err,
                                         Terminal{true, width, false, {}}, false);
    for (const auto& entry : entries) {
        writer->write(entry);
    }
    writer->finish(ListResult{static_cast<std::int64_t>(entries.size()), std::nullopt});
    return out.str();
}

} // namespace

TEST_CASE("render: an outbox list never cuts an id, a time or a heading, at 80, 100 or 200 "
          "columns") {
    std::vector<OutboxEntry> entries(2);
    entries[0].id = "1a0468c7-c755-41e9-a5b1-9d1f3c0e2b7a";
    entries[0].event_type = "PaymentAuthorized";
    entries[0].status = Status::failed;
    entries[0].created_at = from_epoch_micros(1795295198256759);
    entries[0].attempts = 4;
    entries[0].max_attempts = 5;
    entries[0].last_error = "HTTP 502 Bad Gateway from https://hooks.example.com/v1/payments after "
                            "30s of waiting for the upstream to answer";
    entries[1] = entries[0];
    entries[1].id = "ee6c53a6-ab8b-45ff-bc0c-7c5d084e6406";
    entries[1].status = Status::processing;
    entries[1].last_error.reset();
    const std::string created = "2026-11-21T21:06:38.256759Z";

    struct Expected {
        int width;
        std::vector<std::string> headings;
        bool created_shown;
        std::string left_out;
    };
    for (const auto& expected : std::vector<Expected>{
             {80, {"ID", "STATUS", "EVENT TYPE"}, false, "CREATED, ATTEMPTS, LAST ERROR"},
             {100, {"ID", "STATUS", "EVENT TYPE", "CREATED", "ATTEMPTS"}, true, "LAST ERROR"},
             {200,
              {"ID", "STATUS", "EVENT TYPE", "CREATED", "ATTEMPTS", "LAST ERROR"},
              true,
              ""}}) {
        auto text = outbox_table(expected.width, entries);
        INFO("at " << expected.width << " columns:\n" << text);
        auto lines = lines_of(text);
        REQUIRE(lines.size() >= 4);
        for (const auto& line : lines) {
            CHECK(display_width(line) <= static_cast<std::size_t>(expected.width));
        }
        for (const auto& name : expected.headings) {
            CHECK(lines[0].find(name) != std::string::npos);
        }
        CHECK(lines[0].find("\u2026") == std::string::npos);
        CHECK(lines[1].rfind(entries[0].id + "  failed", 0) == 0);
        CHECK(lines[2].rfind(entries[1].id + "  processing", 0) == 0);
        CHECK((lines[1].find(created) != std::string::npos) == expected.created_shown);
        if (expected.left_out.empty()) {
            CHECK(text.find("left out") == std::string::npos);
        } else {
            CHECK(lines.back() ==
                  "left out to fit the terminal: " + expected.left_out + " (-o json has them)");
        }
    }
    // At 100 columns the event type gives way before a column goes; at 200 only the error does.
    CHECK(outbox_table(100, entries).find("PaymentAut\u2026") != std::string::npos);
    CHECK(outbox_table(200, entries).find("PaymentAuthorized") != std::string::npos);
    CHECK(outbox_table(200, entries).find("upstream to answer") == std::string::npos);
}

TEST_CASE("render: colour only when enabled") {
    CHECK(colorize("dead", "31", false) == "dead");
    CHECK(colorize("dead", "31", true) == "\x1b[31mdead\x1b[0m");
    CHECK(terminal_safe_cut("h\xc3\xa9llo", 3) == "h\xc3\xa9\xe2\x80\xa6");
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

TEST_CASE("render: an entry's compact line is the library's dump, byte for byte") {
    OutboxEntry plain;
    plain.id = "1a0468c7-c755-41e9-a5b1-9d1f3c0e2b7a";
    plain.event_type = "OrderPlaced";
    plain.status = Status::pending;
    plain.created_at = from_epoch_micros(1767225600123456);
    OutboxEntry full = plain;
    full.status = Status::dead;
    full.tenant_id = "t\xc3\xa9nant";                   // UTF-8
    full.aggregate_type = "say \"hi\" \\ back";         // quotes and a backslash
    full.aggregate_id = std::string("a\x01\tb\nc\x7f"); // control characters
    full.attempts = 10;
    full.max_attempts = 0;
    full.last_error = "bad \xff byte"; // invalid UTF-8, replaced
    full.scheduled_at = from_epoch_micros(0);
    full.locked_by = "";
    full.locked_until = from_epoch_micros(-1);
    full.processed_at = from_epoch_micros(1767225600000000);
    full.payload = R"({"amount": 477.70})";
    full.metadata = "not json";
    for (const auto& entry : {plain, full}) {
        CHECK(entry_json_text(entry, false, false) == json_text(entry_json(entry), false));
        CHECK(entry_json_text(entry, true, false) ==
              json_text(entry_json(entry),
                        {{"payload", entry.payload}, {"metadata", entry.metadata}}, false));
    }
}

TEST_CASE("render: raw fields join empty and non-empty objects") {
    CHECK(json_text(nlohmann::json::object(), {{"a", std::string("[1, 2.50]")}}, false) ==
          R"({"a":[1, 2.50]})");
    CHECK(json_text(nlohmann::json::object(), {{"a", std::nullopt}}, true) ==
          "{\n  \"a\": null\n}");
    CHECK(json_text(nlohmann::json{{"x", 1}}, {{"a", std::string("true")}}, true) ==
          "{\n  \"x\": 1,\n  \"a\": true\n}");
}
