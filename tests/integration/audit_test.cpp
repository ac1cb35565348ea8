// eventctl audit list and show: the audit records read back, filtered by command and time, in
// every format, from a read-only role.

#include "outbox_fixture.h"
#include "process.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

nlohmann::json run_json(const TestDatabase& db, std::vector<std::string> args,
                        const std::string& extra_conninfo = "") {
    args.insert(args.end(), {"-d", db.conninfo() + extra_conninfo, "-o", "json"});
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

} // namespace

TEST_CASE("audit list and show answer what the last purge did and who retried these") {
    TestDatabase db;
    auto dead = insert_entry(db, {"dead", "OrderPlaced", "40 days"});
    insert_entry(db, {"completed", "OrderPlaced", "40 days"});
    run_json(db, {"outbox", "retry", dead});
    run_json(db, {"outbox", "purge", "--older-than", "30d", "--yes"});
    run_json(db, {"outbox", "mark-dead", dead, "--reason", "INC-77"});
    // An old record, as if from last month.
    db.exec("UPDATE eventctl_audit SET occurred_at = now() - interval '40 days' WHERE id = 1");

    auto all = run_json(db, {"audit", "list"})["records"];
    REQUIRE(all.size() == 3);
    CHECK(all[0]["command"] == "outbox mark-dead"); // the newest first
    CHECK(all[1]["command"] == "outbox purge");
    CHECK(all[2]["command"] == "outbox retry");
    const auto& purge = all[1];
    CHECK(purge["changed"] == 1);
    CHECK(purge["outcome"] == "complete");
    CHECK(purge["db_user"] == "postgres");
    CHECK_FALSE(purge["os_user"].get<std::string>().empty());
    CHECK(purge["command_line"].get<std::string>().find("purge --older-than 30d") !=
          std::string::npos);
    CHECK(purge["selection"]["older_than"] == "30d");
    CHECK(all[2]["selection"]["id_list"] == nlohmann::json{dead});

    auto purges = run_json(db, {"audit", "list", "--command", "outbox purge", "--limit", "1"});
    REQUIRE(purges["records"].size() == 1);
    CHECK(purges["records"][0]["id"] == purge["id"]);
    auto recent = run_json(db, {"audit", "list", "--since", "7d"})["records"];
    CHECK(recent.size() == 2);
    auto old = run_json(db, {"audit", "list", "--until", "7d"})["records"];
    REQUIRE(old.size() == 1);
    CHECK(old[0]["command"] == "outbox retry");

    auto shown = run_json(db, {"audit", "show", std::to_string(purge["id"].get<long>())});
    CHECK(shown == purge);

    auto ndjson = run_eventctl({"audit", "list", "-d", db.conninfo(), "-o", "ndjson"});
    CHECK(std::count(ndjson.out.begin(), ndjson.out.end(), '\n') == 3);
    auto csv = run_eventctl({"audit", "list", "-d", db.conninfo(), "-o", "csv"});
    CHECK(csv.out.rfind("id,occurred_at,command,command_line,db_user,os_user,dry_run,matched,"
                        "changed,outcome,selection,result\r\n",
                        0) == 0);
    auto table = run_eventctl({"audit", "show", "2", "-d", db.conninfo()});
    CHECK(table.out.find("outcome:       complete") != std::string::npos);

    // A role that may only read the audit table reads it.
    db.exec("CREATE ROLE eventctl_auditor LOGIN; GRANT SELECT ON public.eventctl_audit TO "
            "eventctl_auditor");
    auto as_auditor =
        run_eventctl({"audit", "list", "-d", db.conninfo() + " user=eventctl_auditor"});
    db.exec("DROP OWNED BY eventctl_auditor; DROP ROLE eventctl_auditor");
    INFO(as_auditor.err);
    CHECK(as_auditor.exit_code == 0);
}

TEST_CASE("audit refuses what it cannot answer with one line and its exit code") {
    TestDatabase db;
    struct Refusal {
        std::vector<std::string> args;
        int exit_code;
    };
    for (const auto& refusal :
         std::vector<Refusal>{{{"audit", "show", "42"}, 65},
                              {{"audit", "show", "forty-two"}, 64},
                              {{"audit", "list", "--command", "outbox frobnicate"}, 64},
                              {{"audit", "list", "--since", "1h", "--until", "2h"}, 64},
                              {{"audit", "list", "--since", "yesterday-ish"}, 64},
                              {{"--layout", "oxide-outbox", "audit", "list"}, 64}}) {
        auto args = refusal.args;
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_eventctl(args);
        INFO(result.err);
        CHECK(result.exit_code == refusal.exit_code);
        CHECK(std::count(result.err.begin(), result.err.end(), '\n') <= 2);
    }
}
