// Data reaches the terminal escaped: an ESC sequence, a C1 control or a bidirectional override in
// a remote server's error text is shown as visible escapes, in tables (whose widths count what is
// shown, and whose cuts never split an escape) and in `outbox show`.

#include "outbox_fixture.h"
#include "pty_session.h"
#include "test_database.h"
#include "text_lines.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

std::vector<std::string> eventctl_args(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {EVENTCTL_BINARY, "-d", db.conninfo(), "--color", "never"});
    return args;
}

std::size_t columns_of(const std::string& line) {
    std::size_t width = 0;
    for (char c : line) {
        width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return width;
}

// What a hostile or broken upstream puts in last_error: a screen clear and cursor home inside
// the first 30 characters, a recolouring, an 8-bit CSI, a right-to-left override and a newline.
const std::string hostile_error = "HTTP 502 upstr\x1b[2J\x1b[Heam \x1b[31mRED\x1b[0m \xc2\x9b"
                                  "1m \xe2\x80\xae"
                                  "desrever\nsecond line";

void check_nothing_raw(const std::string& transcript) {
    CHECK(transcript.find('\x1b') == std::string::npos);
    CHECK(transcript.find("\xc2\x9b") == std::string::npos);
    CHECK(transcript.find("\xe2\x80\xae") == std::string::npos);
}

} // namespace

TEST_CASE("terminal: escape sequences in last_error are shown escaped in a table cut to 120 "
          "columns, and every id stays whole",
          "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    failed.last_error = hostile_error;
    std::vector<std::string> ids;
    for (int i = 0; i < 3; ++i) {
        ids.push_back(insert_entry(db, failed));
    }

    PtySession session(eventctl_args(db, {"outbox", "list", "--no-pager"}), {}, 120);
    REQUIRE(session.wait_exit() == 0);
    const auto& text = session.transcript();
    INFO("on the terminal:\n" << text);
    check_nothing_raw(text);
    for (const auto& line : lines_of(text)) {
        INFO(line);
        auto shown = line.back() == '\r' ? line.substr(0, line.size() - 1) : line;
        CHECK(columns_of(shown) <= 120);
    }
    // Each row starts with its whole id: nothing of the row before swallowed it.
    for (const auto& id : ids) {
        CHECK(text.find("\n" + id + "  failed") != std::string::npos);
    }
    // The error is cut to the room left, before an escape rather than inside it.
    CHECK(text.find("HTTP 502 upstr\\x1b[2J\u2026") != std::string::npos);

    // Wide enough for all of it, every escape shows.
    PtySession wide(eventctl_args(db, {"outbox", "list", "--no-pager"}), {}, 220);
    REQUIRE(wide.wait_exit() == 0);
    check_nothing_raw(wide.transcript());
    CHECK(wide.transcript().find("HTTP 502 upstr\\x1b[2J\\x1b[Heam \\x1b[31mRED\\x1b[0m \\u009b1m "
                                 "\\u202edesrever\\nsecond line") != std::string::npos);
}

TEST_CASE("terminal: outbox show escapes the fields and prints payload and metadata indented "
          "and sorted",
          "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    failed.last_error = hostile_error;
    failed.event_type = "Order\x1b]0;owned\x07Placed";
    auto id = insert_entry(db, failed);
    db.exec("UPDATE outbox SET payload = '{\"zeta\": 1, \"alpha\": {\"b\": \"\\u001b[2J\", "
            "\"a\": [1, 2]}}', metadata = '{\"trace\": \"t1\", \"producer\": \"orders\"}'");

    PtySession session(eventctl_args(db, {"outbox", "show", id, "--no-pager"}), {}, 120);
    REQUIRE(session.wait_exit() == 0);
    // Carriage returns gone: what a person reads.
    auto text = without_escapes(session.transcript());
    INFO("on the terminal:\n" << session.transcript());
    check_nothing_raw(session.transcript());
    CHECK(text.find("event_type:     Order\\x1b]0;owned\\x07Placed\n") != std::string::npos);
    CHECK(text.find("last_error:     HTTP 502 upstr\\x1b[2J\\x1b[Heam") != std::string::npos);
    // JSON escapes the control character itself; keys come sorted, two spaces a level.
    CHECK(text.find("payload:\n{\n  \"alpha\": {\n    \"a\": [\n      1,\n      2\n"
                    "    ],\n    \"b\": \"\\u001b[2J\"\n  },\n  \"zeta\": 1\n}\n") !=
          std::string::npos);
    CHECK(text.find("metadata:\n{\n  \"producer\": \"orders\",\n  \"trace\": \"t1\"\n}") !=
          std::string::npos);
}
