// An operator's session on a real terminal (a pty) against the test server: the confirmation
// prompt with the count and the selection, the answer, the progress bar, colours that NO_COLOR
// turns off, tables cut to the terminal's width.

#include "child_process.h"
#include "outbox_fixture.h"
#include "pty_session.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl::test;

namespace {

// The eventctl command line for args against db.
std::vector<std::string> eventctl_args(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {EVENTCTL_BINARY, "-d", db.conninfo()});
    return args;
}

void insert_entries(const TestDatabase& db, int count, FixtureEntry entry) {
    for (int i = 0; i < count; ++i) {
        insert_entry(db, entry);
    }
}

std::size_t display_width(const std::string& line) {
    std::size_t width = 0;
    for (char c : line) {
        width += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    }
    return width;
}

// Answers y at the prompt and waits; returns the exit code and, without escapes, what the program
// wrote after the answer.
std::pair<int, std::string> answer_yes(PtySession& session) {
    auto answered_at = session.transcript().size();
    session.send("y\r");
    int exit_code = session.wait_exit();
    return {exit_code, without_escapes(session.transcript().substr(answered_at))};
}

} // namespace

TEST_CASE("terminal: a retry chosen by filters asks, is answered, and shows its progress", "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    failed.event_type = "InvoiceIssued";
    insert_entries(db, 12, failed);
    FixtureEntry other = failed;
    other.event_type = "OrderPlaced";
    insert_entries(db, 3, other);

    PtySession session(eventctl_args(db, {"outbox", "retry", "--status", "failed", "--event-type",
                                          "InvoiceIssued", "--batch-size", "2"}));
    bool asked = session.wait_for("[y/N] ");
    auto prompt = without_escapes(session.transcript());
    INFO("on the terminal:\n" << prompt);
    REQUIRE(asked);
    // The count and the exact selection, before anything changed.
    CHECK(prompt.find("Retry 12 entries of public.outbox on ") != std::string::npos);
    CHECK(prompt.find(", selected by event type InvoiceIssued, status failed?") !=
          std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "15");

    auto answered_at = session.transcript().size();
    session.send("y\r");
    int exit_code = session.wait_exit();
    auto after = session.transcript().substr(answered_at);
    INFO("after the answer:\n" << without_escapes(after));
    CHECK(exit_code == 0);
    // The progress line is redrawn in place on stderr after each of the six batches, against
    // the count the prompt showed.
    CHECK(after.find("\r\x1b[K2 of 12 changed, 0 skipped, batch 1") != std::string::npos);
    CHECK(after.find("\r\x1b[K12 of 12 changed, 0 skipped, batch 6") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending' AND event_type = "
                    "'InvoiceIssued'") == "12");
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "3");
}

TEST_CASE("terminal: a measured redrive shows what is done, what remains, its rate and the time "
          "left",
          "[db]") {
    TestDatabase db;
    FixtureEntry dead;
    dead.status = "dead";
    insert_entries(db, 12, dead);

    PtySession session(eventctl_args(
        db, {"outbox", "retry", "--status", "dead", "--rate", "6/s", "--batch-size", "2"}));
    bool asked = session.wait_for("[y/N] ");
    INFO("on the terminal:\n" << without_escapes(session.transcript()));
    REQUIRE(asked);
    auto [exit_code, after] = answer_yes(session);
    INFO("after the answer:\n" << after);
    CHECK(exit_code == 0);
    // Two seconds at 6/s: past the first second the rate so far, and the time left from it.
    CHECK(after.find("of 12 changed, 0 skipped, batch ") != std::string::npos);
    CHECK(after.find("/s, ETA ") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "12");
}

TEST_CASE("terminal: a purge shows a progress bar on the terminal, and nothing in a pipe", "[db]") {
    TestDatabase db;
    // Enough old completed rows for many small batches, inserted in one statement.
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'OrderPlaced', '{}', 'completed', now() - interval '40 days', "
            "now() - interval '40 days' FROM generate_series(1, 400)");

    PtySession session(
        eventctl_args(db, {"outbox", "purge", "--older-than", "30d", "--batch-size", "25"}));
    bool asked = session.wait_for("[y/N] ");
    INFO("on the terminal:\n" << without_escapes(session.transcript()));
    REQUIRE(asked);
    CHECK(without_escapes(session.transcript()).find("Delete 400 entries of public.outbox on ") !=
          std::string::npos);
    auto answered_at = session.transcript().size();
    session.send("y\r");
    int exit_code = session.wait_exit();
    auto after = session.transcript().substr(answered_at);
    INFO("after the answer:\n" << without_escapes(after));
    CHECK(exit_code == 0);
    CHECK(after.find("\r\x1b[K[#") != std::string::npos);
    CHECK(after.find("] 100% 400 of 400 changed") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox") == "0");

    db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
            "SELECT 'OrderPlaced', '{}', 'completed', now() - interval '40 days', "
            "now() - interval '40 days' FROM generate_series(1, 100)");
    auto piped = run_child(eventctl_args(
        db, {"outbox", "purge", "--older-than", "30d", "--batch-size", "25", "--yes"}));
    CHECK(piped.exit_code == 0);
    CHECK(piped.err.find('%') == std::string::npos);
    CHECK(piped.err.find('\x1b') == std::string::npos);
}

TEST_CASE("terminal: declining the prompt changes nothing", "[db]") {
    TestDatabase db;
    FixtureEntry done;
    done.status = "completed";
    done.created_ago = "40 days";
    insert_entries(db, 5, done);

    PtySession session(eventctl_args(db, {"outbox", "purge", "--older-than", "30d"}));
    bool asked = session.wait_for("[y/N] ");
    INFO("on the terminal:\n" << without_escapes(session.transcript()));
    REQUIRE(asked);
    CHECK(without_escapes(session.transcript()).find("Delete 5 entries of public.outbox on ") !=
          std::string::npos);
    session.send("n\r");
    CHECK(session.wait_exit() == 3);
    CHECK(db.scalar("SELECT count(*) FROM outbox") == "5");
}

TEST_CASE("terminal: a confirmed retry changes the entries the prompt counted, and no others",
          "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    failed.event_type = "InvoiceIssued";
    insert_entries(db, 3, failed);

    PtySession session(eventctl_args(db, {"outbox", "retry", "--status", "failed", "--event-type",
                                          "InvoiceIssued", "--batch-size", "2"}));
    bool asked = session.wait_for("[y/N] ");
    INFO("on the terminal:\n" << without_escapes(session.transcript()));
    REQUIRE(asked);
    CHECK(without_escapes(session.transcript()).find("Retry 3 entries of public.outbox on ") !=
          std::string::npos);
    // Two more entries come to match while the prompt waits: nobody confirmed them.
    insert_entries(db, 2, failed);
    auto [exit_code, after] = answer_yes(session);
    INFO("after the answer:\n" << after);
    CHECK(exit_code == 0);
    CHECK(after.find("changed:         3") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "3");
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'failed'") == "2");
    CHECK(db.scalar("SELECT changed FROM eventctl_audit") == "3");
}

TEST_CASE("terminal: a confirmed purge keeps the cutoff and the count the prompt showed", "[db]") {
    TestDatabase db;
    auto insert_completed = [&db](int count, const std::string& processed_ago) {
        db.exec("INSERT INTO outbox (event_type, payload, status, created_at, processed_at) "
                "SELECT 'OrderPlaced', '{}', 'completed', now() - interval '40 days', now() - "
                "interval '" +
                processed_ago + "' FROM generate_series(1, " + std::to_string(count) + ")");
    };
    insert_completed(5, "40 days");
    insert_completed(3, "29 days");

    PtySession session(eventctl_args(db, {"outbox", "purge", "--older-than", "30d"}));
    bool asked = session.wait_for("[y/N] ");
    auto prompt = without_escapes(session.transcript());
    INFO("on the terminal:\n" << prompt);
    REQUIRE(asked);
    CHECK(prompt.find("Delete 5 entries of public.outbox on ") != std::string::npos);
    auto cutoff_at = prompt.find(", selected by age from ");
    REQUIRE(cutoff_at != std::string::npos);
    cutoff_at = prompt.find("cutoff ", cutoff_at) + 7;
    auto cutoff = prompt.substr(cutoff_at, prompt.find_first_of(",?", cutoff_at) - cutoff_at);
    // While the operator reads, three entries come to be finished a microsecond after the cutoff
    // shown (inside the window of any cutoff taken later), and four more older than it arrive.
    db.exec("UPDATE outbox SET processed_at = '" + cutoff +
            "'::timestamptz + interval '1 microsecond' WHERE processed_at > now() - "
            "interval '30 days'");
    insert_completed(4, "40 days");
    auto [exit_code, after] = answer_yes(session);
    INFO("after the answer:\n" << after);
    CHECK(exit_code == 0);
    CHECK(after.find("changed:         5") != std::string::npos);
    CHECK(after.find("\"cutoff\":\"" + cutoff + "\"") != std::string::npos);
    CHECK(
        db.scalar("SELECT count(*) FROM outbox WHERE processed_at > now() - interval '31 days'") ==
        "3");
    CHECK(db.scalar("SELECT count(*) FROM outbox") == "7");
}

TEST_CASE("terminal: a filter that matches nothing shows the empty result, asks nothing, runs "
          "nothing",
          "[db]") {
    TestDatabase db;
    insert_entries(db, 2, FixtureEntry{});
    for (const auto& command :
         std::vector<std::vector<std::string>>{{"outbox", "retry", "--status", "failed"},
                                               {"outbox", "purge", "--older-than", "30d"}}) {
        PtySession session(eventctl_args(db, command));
        int exit_code = session.wait_exit();
        auto text = without_escapes(session.transcript());
        INFO(command[1] << " on the terminal:\n" << text);
        CHECK(exit_code == 0);
        CHECK(text.find("[y/N]") == std::string::npos);
        CHECK(text.find("matched:         0") != std::string::npos);
        CHECK(text.find("dry run") == std::string::npos);
    }
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
}

TEST_CASE("terminal: status colours, and none with NO_COLOR or --color never", "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    insert_entries(db, 2, failed);
    insert_entries(db, 2, FixtureEntry{});

    // --no-pager: the pager's own terminal codes are not colours.
    for (const auto& command : std::vector<std::vector<std::string>>{
             {"outbox", "stats", "--no-pager"}, {"outbox", "list", "--no-pager"}}) {
        INFO("eventctl " << command[0] << " " << command[1]);
        {
            PtySession coloured(eventctl_args(db, command));
            CHECK(coloured.wait_exit() == 0);
            INFO(coloured.transcript());
            CHECK(coloured.transcript().find("\x1b[") != std::string::npos);
        }
        {
            PtySession plain(eventctl_args(db, command), {{"NO_COLOR", "1"}});
            CHECK(plain.wait_exit() == 0);
            INFO(plain.transcript());
            CHECK(plain.transcript().find('\x1b') == std::string::npos);
            CHECK(plain.transcript().find("failed") != std::string::npos);
        }
        {
            auto args = command;
            args.insert(args.end(), {"--color", "never"});
            PtySession plain(eventctl_args(db, args));
            CHECK(plain.wait_exit() == 0);
            CHECK(plain.transcript().find('\x1b') == std::string::npos);
        }
    }
}

TEST_CASE("terminal: a table fits the terminal without cutting an id, and a pipe gets it whole",
          "[db]") {
    TestDatabase db;
    FixtureEntry failed;
    failed.status = "failed";
    failed.last_error =
        "HTTP 503 from https://hooks.example.com/v1/payments after 30s: " + std::string(120, 'x');
    insert_entries(db, 2, failed);
    std::vector<std::string> ids;
    for (const auto& row : db.exec("SELECT id::text FROM outbox")) {
        ids.push_back(row[0].as<std::string>());
    }

    for (int columns : {80, 100, 140}) {
        PtySession session(eventctl_args(db, {"outbox", "list", "--color", "never", "--no-pager"}),
                           {}, columns);
        REQUIRE(session.wait_exit() == 0);
        auto text = without_escapes(session.transcript());
        INFO(columns << " columns:\n" << text);
        std::stringstream lines(text);
        std::string line;
        // The table's lines; the footer under it names the database, whose socket path here
        // is longer than any terminal.
        while (std::getline(lines, line) && !line.empty()) {
            INFO(line);
            CHECK(display_width(line) <= static_cast<std::size_t>(columns));
        }
        for (const auto& id : ids) {
            CHECK(text.find(id + "  failed") != std::string::npos);
        }
        CHECK(text.rfind("ID  ", 0) == 0);
        // The error is the first to give way: cut where there is room for some of it, left out
        // (and said so) where there is not.
        if (columns == 140) {
            CHECK(text.find("HTTP 503 from https://hooks.example.com") != std::string::npos);
            CHECK(text.find("\u2026") != std::string::npos);
        } else {
            CHECK(text.find("HTTP 503") == std::string::npos);
            CHECK(text.find("left out to fit the terminal: ") != std::string::npos);
        }
    }

    auto piped = run_child(eventctl_args(db, {"outbox", "list"}));
    CHECK(piped.exit_code == 0);
    CHECK(piped.out.find(std::string(120, 'x')) != std::string::npos);
    CHECK(piped.out.find("\u2026") == std::string::npos);
}
