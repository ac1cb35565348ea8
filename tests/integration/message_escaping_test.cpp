// Every value quoted into an error message is escaped: a NUL cannot cut the message short (the id
// would look valid), an ESC sequence or a newline cannot redraw the terminal or forge a line.

#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <unistd.h>

using namespace eventctl::test;

TEST_CASE("messages: a NUL in an id read from stdin is named by its line, not where the message "
          "ends") {
    TestDatabase db;
    auto uuid = run_eventctl({"outbox", "retry", "--ids-from", "-", "-d", db.conninfo()}, {},
                             std::string("0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10\0junk\n", 42));
    INFO(uuid.err);
    CHECK(uuid.exit_code == 65);
    CHECK(uuid.err.find('\0') == std::string::npos);
    CHECK(uuid.err.rfind("eventctl: --ids-from -: line 1 holds a NUL byte: not an id", 0) == 0);

    // A layout with text ids refuses it too, naming it whole.
    auto layout = run_eventctl({"layouts", "show", "canonical"}).out;
    layout.replace(layout.find("\"uuid\""), 6, "\"text\"");
    auto path = std::string("/tmp/eventctl-text-ids-") + std::to_string(::getpid()) + ".json";
    std::ofstream(path) << layout;
    auto text =
        run_eventctl({"--layout", path, "outbox", "retry", "--ids-from", "-", "-d", db.conninfo()},
                     {}, std::string("evt-1\0evt-2\n", 12));
    std::remove(path.c_str());
    INFO(text.err);
    CHECK(text.exit_code == 65);
    CHECK(text.err.rfind("eventctl: --ids-from -: line 1 holds a NUL byte: not an id", 0) == 0);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
}

TEST_CASE("messages: escape sequences and newlines in names are shown escaped") {
    TestDatabase db;
    auto seek = run_eventctl(
        {"log", "seek", "billing\x1b[2J\nHINT: all good", "--to-end", "-d", db.conninfo()});
    INFO(seek.err);
    CHECK(seek.exit_code == 65);
    CHECK(seek.err.find('\x1b') == std::string::npos);
    CHECK(seek.err.rfind("eventctl: no consumer named \"billing\\x1b[2J\\nHINT: all good\" in "
                         "public.event_consumers\n",
                         0) == 0);

    auto status = run_eventctl({"outbox", "list", "--status", "dead\x1b[31m", "-d", db.conninfo()});
    CHECK(status.exit_code == 64);
    CHECK(status.err.find('\x1b') == std::string::npos);
    CHECK(status.err.find("\"dead\\x1b[31m\"") != std::string::npos);
}

TEST_CASE("messages: a layout file that is not JSON says where, without the parser's internals") {
    auto path = std::string("/tmp/eventctl-broken-layout-") + std::to_string(::getpid()) + ".json";
    {
        std::ofstream file(path);
        file << "{\n  \"name\": \"mine\",\n  \"outbox\": {\n    table: \"events\"\n  }\n}\n";
    }
    auto result = run_eventctl({"--layout", path, "outbox", "stats", "-d", "host=/nonexistent"});
    std::remove(path.c_str());
    INFO(result.err);
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("json.exception") == std::string::npos);
    CHECK(result.err.find("last read") == std::string::npos);
    CHECK(result.err.rfind("eventctl: layout " + path + " is not JSON: line 4, column 6: ", 0) ==
          0);
}
