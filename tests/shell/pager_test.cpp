// Long tables go through a pager on a terminal, and only there: PAGER (or EVENTCTL_PAGER), off
// with --no-pager, never for a pipe or a machine format.

#include "child_process.h"
#include "outbox_fixture.h"
#include "pty_session.h"
#include "test_database.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

std::vector<std::string> eventctl_args(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {EVENTCTL_BINARY, "-d", db.conninfo(), "--color", "never"});
    return args;
}

// A pager that marks every line it shows.
const std::map<std::string, std::string> marking_pager = {{"PAGER", "sed 's/^/PAGED:/'"}};

} // namespace

TEST_CASE("terminal: a table goes through PAGER on a terminal, not with --no-pager or -o json",
          "[db]") {
    TestDatabase db;
    auto id = insert_entry(db, FixtureEntry{});

    for (const auto& command : std::vector<std::vector<std::string>>{
             {"outbox", "list"}, {"outbox", "stats"}, {"outbox", "show", id}}) {
        INFO("eventctl " << command[1]);
        PtySession paged(eventctl_args(db, command), marking_pager);
        CHECK(paged.wait_exit() == 0);
        auto text = without_escapes(paged.transcript());
        INFO(text);
        CHECK(text.find("PAGED:") != std::string::npos);

        auto args = command;
        args.push_back("--no-pager");
        PtySession direct(eventctl_args(db, args), marking_pager);
        CHECK(direct.wait_exit() == 0);
        CHECK(direct.transcript().find("PAGED:") == std::string::npos);
    }
    PtySession list(eventctl_args(db, {"outbox", "list"}), marking_pager);
    CHECK(list.wait_exit() == 0);
    CHECK(without_escapes(list.transcript()).find("PAGED:" + id + "  pending") !=
          std::string::npos);

    PtySession json(eventctl_args(db, {"outbox", "list", "-o", "json"}), marking_pager);
    CHECK(json.wait_exit() == 0);
    CHECK(json.transcript().find("PAGED:") == std::string::npos);

    // EVENTCTL_PAGER wins over PAGER; an empty one means none.
    PtySession none(eventctl_args(db, {"outbox", "list"}),
                    {{"PAGER", "sed 's/^/PAGED:/'"}, {"EVENTCTL_PAGER", ""}});
    CHECK(none.wait_exit() == 0);
    CHECK(none.transcript().find("PAGED:") == std::string::npos);

    auto piped = run_child(eventctl_args(db, {"outbox", "list"}), marking_pager);
    CHECK(piped.exit_code == 0);
    CHECK(piped.out.find("PAGED:") == std::string::npos);
    CHECK(piped.out.find(id) != std::string::npos);
}

TEST_CASE("terminal: quitting the pager early ends a long listing with exit 0", "[db]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload) SELECT 'OrderPlaced', '{}' FROM "
            "generate_series(1, 20000)");
    // head stands for a person who reads a screenful and presses q.
    PtySession session(eventctl_args(db, {"outbox", "list", "--limit", "0"}),
                       {{"PAGER", "head -n 5"}});
    CHECK(session.wait_exit() == 0);
    CHECK(without_escapes(session.transcript()).find("ID  ") != std::string::npos);
}
