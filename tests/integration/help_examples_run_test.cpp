// Every example a command's --help ends with runs, as the man pages' do
// (man_examples_run_test.cpp): each command's examples in order as one bash script, against a
// database of its own loaded as scripts/sandbox.sh loads the sandbox, rewritten to run on the
// test's machine as document_examples.h says; the script must exit 0. A block that reads from a
// standby runs in tests/shell/standby_test.cpp. That they parse is tests/unit/cli_test.cpp's.

#include "document_examples.h"
#include "partitioned_tables.h"
#include "polling.h"
#include "process.h"
#include "sandbox_data.h"
#include "seed_schemas.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <csignal>

using namespace eventctl::test;

namespace {

bool starts_with(const std::string& text, const std::string& prefix) {
    return text.rfind(prefix, 0) == 0;
}

// The sandbox's data, in partitioned tables for the purges' --drop-partitions examples.
void load_data(const std::string& command, const TestDatabase& db) {
    if (command == "outbox purge") {
        partition_outbox_weekly(db, 10, 2);
    } else if (command == "log purge") {
        partition_event_log_by_seq(db, 1000, 6);
    } else {
        load_sandbox_data(db);
        return;
    }
    load_sandbox_rows(db);
}

// What a command's examples take as already there beyond the sandbox: audit records to show,
// a redrive interrupted to resume, the Rust outbox library's tables where a layout of it is
// checked without naming their schema.
void prepare(const std::string& command, const TestDatabase& db) {
    if (starts_with(command, "audit")) {
        add_audit_history(db);
    }
    if (command == "outbox retry") {
        // Record 1: a redrive at one entry a second, stopped by SIGINT once its first entry is
        // retried (the audit record counts each batch as it commits).
        BackgroundProcess redrive({"outbox", "retry", "--error-group", "7afb8e9d7423", "--rate",
                                   "1/s", "--yes", "-q", "-d", db.conninfo()});
        REQUIRE(poll_until(
            [&] {
                return db.scalar("SELECT coalesce(max(changed), 0) FROM eventctl_audit") != "0";
            },
            std::chrono::seconds(30)));
        redrive.kill(SIGINT);
        auto stopped = redrive.wait_for(std::chrono::seconds(30));
        INFO(stopped.err);
        REQUIRE(stopped.exit_code == 75);
        REQUIRE(db.scalar("SELECT max(id) FROM eventctl_audit") == "1");
    }
    if (command == "doctor" || command == "layouts check") {
        db.exec(oxide_outbox_ddl);
    }
}

} // namespace

TEST_CASE("help: every example a command's help shows runs against a sandbox database") {
    std::size_t ran = 0;
    for (const auto& block : help_example_blocks()) {
        auto script = example_script(block);
        if (!script || reads_a_standby(*script)) {
            continue;
        }
        INFO("eventctl " << block.section << " --help:\n" << *script);
        TestDatabase db;
        load_data(block.section, db);
        prepare(block.section, db);
        auto result = ExampleShell("help", db.conninfo()).run(*script);
        INFO("printed:\n" << result.out << result.err);
        CHECK(result.exit_code == 0);
        ++ran;
    }
    // Some thirty commands show examples; a reader that found none would pass them all.
    CHECK(ran >= 25);
}
