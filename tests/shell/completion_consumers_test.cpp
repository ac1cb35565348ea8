// Consumer names complete from the database the command line points at, in each shell, and a
// database that is not there, or does not answer, costs the shell nothing: no output, and a
// wait of two seconds at most.

#include "child_process.h"
#include "shell_completion.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <chrono>
#include <libpq-fe.h>
#include <memory>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

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

// A TCP port that takes connections (the kernel completes them from the backlog) and never
// says a word on them.
class SilentListener {
  public:
    SilentListener() : m_socket(::socket(AF_INET, SOCK_STREAM, 0)) {
        REQUIRE(m_socket >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        REQUIRE(::bind(m_socket, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0);
        REQUIRE(::listen(m_socket, 16) == 0);
        socklen_t length = sizeof address;
        REQUIRE(::getsockname(m_socket, reinterpret_cast<sockaddr*>(&address), &length) == 0);
        m_port = ntohs(address.sin_port);
    }
    ~SilentListener() { ::close(m_socket); }
    SilentListener(const SilentListener&) = delete;
    SilentListener& operator=(const SilentListener&) = delete;
    int port() const { return m_port; }

  private:
    int m_socket;
    int m_port = 0;
};

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
    // A server that accepts the connection and never answers: without the completer's own
    // timeouts libpq would wait for it for ever, and the shell with it.
    SilentListener silent;
    const std::pair<const char*, std::string> unreachable[] = {
        {"refused", "host=127.0.0.1 port=1 dbname=nowhere user=nobody"},
        {"silent",
         "host=127.0.0.1 port=" + std::to_string(silent.port()) + " dbname=nowhere user=nobody"}};
    for (const auto& [what, conninfo] : unreachable) {
        for (auto shell : all_shells) {
            INFO(what << " server, " << shell_name(shell));
            auto started = std::chrono::steady_clock::now();
            auto answers = candidates(shell, {"eventctl log seek "}, {{"EVENTCTL_DB", conninfo}});
            CHECK(answers[0].empty());
            // A guard against waiting for ever, not a speed bar: the lookup gives up after two
            // seconds, and the bound leaves room for a shell's start-up on a loaded machine.
            CHECK(std::chrono::steady_clock::now() - started < std::chrono::seconds(60));
        }
    }
}
