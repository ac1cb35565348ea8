// Output that cannot be written: a full disk or /dev/full on standard output exits 74 with one
// line, never 0 with the output cut short; a change whose result is lost says it was applied.
#include "outbox_fixture.h"
#include "process.h"
#include "small_filesystem.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sys/stat.h>

using namespace eventctl::test;

namespace {

// Runs eventctl with standard output redirected to path (a shell does the redirection, as an
// operator's would).
ProcessResult run_into(const std::string& path, const std::vector<std::string>& args) {
    std::vector<std::string> shell_args{"-c", "exec \"$0\" \"$@\" > \"$EVENTCTL_OUT\"",
                                        EVENTCTL_BINARY};
    shell_args.insert(shell_args.end(), args.begin(), args.end());
    setenv("EVENTCTL_OUT", path.c_str(), 1);
    BackgroundProcess process("/bin/sh", shell_args);
    auto result = process.wait_for(std::chrono::seconds(120));
    unsetenv("EVENTCTL_OUT");
    return result;
}

long file_size(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 ? static_cast<long>(st.st_size) : -1;
}

} // namespace

TEST_CASE("every command that prints exits 74 when standard output is /dev/full") {
    TestDatabase db;
    auto id = insert_entry(db, {"failed"});
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' FROM "
            "generate_series(1, 50)");
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"log", "replay"},
             {"log", "replay", "-o", "json"},
             {"outbox", "list"},
             {"outbox", "list", "-o", "ndjson", "--limit", "0"},
             {"outbox", "stats", "--json"},
             {"outbox", "show", id},
             {"log", "consumers"},
             {"outbox", "retry", "--status", "failed", "--dry-run", "-o", "json"},
         }) {
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_into("/dev/full", args);
        INFO(args[0] << " " << args[1] << ": " << result.err);
        CHECK(result.exit_code == 74);
        CHECK(result.err == "eventctl: cannot write to standard output: No space left on device\n");
    }
    auto help = run_into("/dev/full", {"outbox", "purge", "--help"});
    CHECK(help.exit_code == 74);
}

TEST_CASE("a change whose result cannot be written says it WAS applied, and it was") {
    TestDatabase db;
    for (int i = 0; i < 3; ++i) {
        insert_entry(db, {"failed"});
    }
    auto result = run_into("/dev/full", {"outbox", "retry", "--status", "failed", "--yes", "-o",
                                         "json", "-d", db.conninfo()});
    INFO(result.err);
    CHECK(result.exit_code == 74);
    CHECK(result.err.rfind("eventctl: cannot write the result to standard output: No space left "
                           "on device; the change WAS applied: outbox retry changed 3 entries "
                           "of public.outbox\n",
                           0) == 0);
    CHECK(result.err.find("HINT: do not simply run it again") != std::string::npos);
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "3");
    CHECK(db.scalar("SELECT changed FROM eventctl_audit") == "3");
}

TEST_CASE("a replay into a file on a full disk stops with 74 instead of reading on") {
    TestDatabase db;
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', jsonb_build_object('i', i, "
            "'pad', repeat('x', 100)) FROM generate_series(1, 20000) i");
    SmallFilesystem fs(512 * 1024);
    auto out = fs.path("events.ndjson");
    auto result = run_into(out, {"log", "replay", "-d", db.conninfo()});
    INFO(result.err);
    CHECK(result.exit_code == 74);
    CHECK(result.err == "eventctl: cannot write to standard output: No space left on device\n");
    // The file holds what fitted; the rest of the 3 MB was never read into the void.
    CHECK(file_size(out) <= 512 * 1024);
}
