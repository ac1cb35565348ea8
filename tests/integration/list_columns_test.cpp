// Tables for incidents: --columns, every column under -o wide, the tenant and aggregate columns
// when the listing filters by them, and --payload refused where a table would drop it.

#include "outbox_fixture.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>

using namespace eventctl::test;

namespace {

std::string first_line(const std::string& text) {
    return text.substr(0, text.find('\n'));
}

ProcessResult list(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.begin(), {"outbox", "list", "-d", db.conninfo()});
    return run_eventctl(args);
}

} // namespace

TEST_CASE("columns: --columns picks the table's columns, in order") {
    TestDatabase db;
    FixtureEntry entry;
    entry.tenant_id = "acme";
    auto id = insert_entry(db, entry);
    auto result = list(db, {"--columns", "tenant_id,id"});
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    CHECK(first_line(result.out).rfind("TENANT  ID", 0) == 0);
    CHECK(result.out.find("acme    " + id) != std::string::npos);
    CHECK(first_line(result.out).find("STATUS") == std::string::npos);

    auto unknown = list(db, {"--columns", "id,tenant"});
    CHECK(unknown.exit_code == 64);
    auto not_a_table = list(db, {"--columns", "id", "-o", "json"});
    CHECK(not_a_table.exit_code == 64);
    CHECK(not_a_table.out.find("\"error\"") != std::string::npos);
}

TEST_CASE("columns: filtering by tenant or aggregate shows those columns, and -o wide shows all") {
    TestDatabase db;
    FixtureEntry entry;
    entry.tenant_id = "acme";
    entry.aggregate_type = "order";
    entry.aggregate_id = "o-17";
    insert_entry(db, entry);
    CHECK(first_line(list(db, {}).out).find("TENANT") == std::string::npos);
    auto by_tenant = list(db, {"--tenant", "acme"});
    CHECK(first_line(by_tenant.out).find("TENANT") != std::string::npos);
    CHECK(by_tenant.out.find("acme") != std::string::npos);
    auto by_aggregate = list(db, {"--aggregate-id", "o-17"});
    CHECK(first_line(by_aggregate.out).find("AGGREGATE TYPE") != std::string::npos);
    CHECK(by_aggregate.out.find("o-17") != std::string::npos);
    auto wide = list(db, {"-o", "wide"});
    REQUIRE(wide.exit_code == 0);
    for (const char* heading : {"TENANT", "AGGREGATE ID", "SCHEDULED", "LOCKED BY", "PROCESSED"}) {
        CHECK(first_line(wide.out).find(heading) != std::string::npos);
    }
}

TEST_CASE("columns: --payload in a table is refused rather than dropped") {
    TestDatabase db;
    insert_entry(db, {});
    auto table = list(db, {"--payload"});
    CHECK(table.exit_code == 64);
    CHECK(table.out.empty());
    CHECK(table.err.find("--payload has no room in a table") != std::string::npos);
    CHECK(list(db, {"--payload", "-o", "ndjson"}).exit_code == 0);
}
