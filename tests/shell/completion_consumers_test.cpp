// Consumer names complete from the database the command line points at, in each shell, and a
// database that is not there costs the shell nothing: no output, no wait.

#include "child_process.h"
#include "shell_completion.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <libpq-fe.h>
#include <memory>

using namespace eventctl::test;

namespace {

const Shell all_shells[] = {Shell::bash, Shell::zsh, Shell::fish};

// The test database as a URI, one word on a command line: postgresql:///DB?host=...&port=...
std::string as_uri(const std::string& conninfo) {
    char* error = nullptr;
    std::unique_ptr<PQconninfoOption, decltype(&PQconninfoFree)> options(
        PQconninfoParse(conninfo.c_str(), &error), &PQconninfoFree);
    REQUIRE(options != nullptr);
    std::string dbname;
    std::string query;
    for (auto* option = options.get(); option->keyword != nullptr; ++option) {
        if (option->val == nullptr) {
            continue;
        }
        std::string keyword = option->keyword;
        if (keyword == "dbname") {
            dbname = option->val;
        } else if (keyword == "host" || keyword == "port" || keyword == "user") {
            query += (query.empty() ? "?" : "&") + keyword + "=" + option->val;
        }
    }
    return "postgresql:///" + dbname + query;
}

void add_consumers(const TestDatabase& db) {
    db.exec("INSERT INTO event_consumers (consumer, position) VALUES ('billing', 0), "
            "('search-indexer', 0), ('audit-trail', 0)");
}

} // namespace

TEST_CASE("completion: consumer names come from the database in every shell", "[db]") {
    TestDatabase db;
    add_consumers(db);
    TestDatabase other;
    other.exec("INSERT INTO event_consumers (consumer, position) VALUES ('shipping', 0), "
               "('search-ranker', 0)");
    const std::set<std::string> all = {"billing", "search-indexer", "audit-trail"};
    for (auto shell : all_shells) {
        INFO(shell_name(shell));
        // From the environment, as most operators configure it; and from -d on the command
        // line (quoted, as a URI must be in a shell), which the lookup repeats, so it wins.
        auto answers = candidates(shell,
                                  {"eventctl log seek ", "eventctl log seek b",
                                   "eventctl log replay --consumer ",
                                   "eventctl -d '" + as_uri(other.conninfo()) + "' log seek se"},
                                  {{"EVENTCTL_DB", db.conninfo()}});
        CHECK(answers[0] == all);
        CHECK(answers[1] == std::set<std::string>{"billing"});
        CHECK(answers[2] == all);
        CHECK(answers[3] == std::set<std::string>{"search-ranker"});
    }
}

TEST_CASE("completion: no database, no consumer names, and no wait", "[db]") {
    for (auto shell : all_shells) {
        INFO(shell_name(shell));
        auto started = std::chrono::steady_clock::now();
        // Nothing listens on port 1: the connection is refused at once.
        auto answers =
            candidates(shell, {"eventctl log seek "},
                       {{"EVENTCTL_DB", "host=127.0.0.1 port=1 dbname=nowhere user=nobody"}});
        auto took = std::chrono::steady_clock::now() - started;
        CHECK(answers[0].empty());
        // A shell's own start-up included; the lookup's bound is two seconds.
        CHECK(took < std::chrono::seconds(8));
    }
}
