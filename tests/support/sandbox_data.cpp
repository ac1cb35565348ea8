#include "sandbox_data.h"

#include "process.h"

#include <catch2/catch.hpp>
#include <filesystem>
#include <string>
#include <vector>

namespace eventctl::test {

void load_sandbox_data(const TestDatabase& db) {
    auto init = run_eventctl({"schema", "init", "-q", "-d", db.conninfo()});
    INFO(init.err);
    REQUIRE(init.exit_code == 0);
    load_sandbox_rows(db);
}

void load_sandbox_rows(const TestDatabase& db) {
    for (const char* file : {"scripts/sandbox-data.sql", "scripts/sandbox-oxide.sql"}) {
        auto loaded =
            run_program({"psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", db.conninfo(), "-f",
                         (std::filesystem::path(EVENTCTL_SOURCE_DIR) / file).string()});
        INFO(file << ": " << loaded.err);
        REQUIRE(loaded.exit_code == 0);
    }
}

void add_audit_history(const TestDatabase& db) {
    for (auto change :
         {std::vector<std::string>{"outbox", "retry", "--status", "failed", "--error-contains",
                                   "kafka-2", "--yes"},
          std::vector<std::string>{"outbox", "purge", "--older-than", "30d", "--yes"}}) {
        change.insert(change.end(), {"-q", "-d", db.conninfo()});
        auto made = run_eventctl(change);
        INFO(made.err);
        REQUIRE(made.exit_code == 0);
    }
}

} // namespace eventctl::test
