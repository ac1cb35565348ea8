// Hostile table and schema names (--schema and the table overrides): identifiers are quoted by
// the driver, so a name is looked up as exactly that name, never run as SQL, and tables that
// really carry such names work like any others.
#include "hostile_strings.h"
#include "hostile_support.h"
#include "safety_figures.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

TEST_CASE("hostile: table and schema overrides that name nothing exit 64 and run nothing") {
    TestDatabase db;
    db.exec("INSERT INTO public.outbox (event_type, payload, status, processed_at, created_at) "
            "SELECT 'E', '{}', 'completed', now() - interval '40 days', now() - interval "
            "'40 days' FROM generate_series(1, 10)");
    db.exec("INSERT INTO public.event_log (event_type, payload) VALUES ('E', '{}')");
    db.exec("INSERT INTO public.event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 1, now() - interval '1 hour')");
    auto before = data_tables_snapshot(db);
    auto relations = db.scalar("SELECT count(*) FROM pg_class");
    long tried = 0;
    for (const auto& name : hostile_strings()) {
        for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
                 {"outbox", "stats", "--outbox-table", name},
                 {"outbox", "list", "--schema", name},
                 {"outbox", "purge", "--older-than", "1d", "--yes", "--outbox-table", name},
                 {"outbox", "purge", "--older-than", "1d", "--yes", "--audit-table", name},
                 {"outbox", "retry", "--all", "--yes", "--schema", name},
                 {"log", "consumers", "--consumers-table", name},
                 {"log", "seek", "billing", "--to-beginning", "--yes", "--consumers-table", name},
                 {"log", "replay", "--log-table", name},
                 {"log", "replay", "--from-seq", "1", "--into-outbox", "--label", "x", "--yes",
                  "--outbox-table", name},
             }) {
            args.insert(args.end(), {"-d", db.conninfo()});
            auto result = run_eventctl(args);
            ++tried;
            INFO(args[0] << " " << args[1] << " " << sql_literal(db, name) << ": exit "
                         << result.exit_code << ": " << result.err);
            CHECK(result.exit_code == 64);
            CHECK(result.err.rfind("eventctl: ", 0) == 0);
        }
    }
    CHECK(data_tables_snapshot(db) == before);
    CHECK(audited_changes(db) == 0);
    CHECK(db.scalar("SELECT count(*) FROM pg_class") == relations);
    record_figures("hostile: identifiers", {{"hostile_inputs", tried}});
}

TEST_CASE("hostile: tables that really have hostile names work like any others") {
    TestDatabase db(false);
    const std::string schema = "we\"ird'; DROP SCHEMA public CASCADE; --";
    const std::string outbox = "out\"box%_";
    const std::string log = "log; DELETE FROM public.event_log; --";
    const std::string consumers = "c\xC3\xB6nsumers \xF0\x9F\x9A\x80";
    const std::string audit = "audit\\'";
    const std::map<std::string, std::string> tables{{"--schema", schema},
                                                    {"--outbox-table", outbox},
                                                    {"--log-table", log},
                                                    {"--consumers-table", consumers},
                                                    {"--audit-table", audit}};
    // Each command is given the tables it uses (it refuses one it would ignore).
    const std::vector<std::string> every = {"--schema", "--outbox-table", "--log-table",
                                            "--consumers-table", "--audit-table"};
    const std::vector<std::string> outbox_only = {"--schema", "--outbox-table"};
    const std::vector<std::string> outbox_changes = {"--schema", "--outbox-table", "--audit-table"};
    const std::vector<std::string> log_only = {"--schema", "--log-table", "--consumers-table"};
    const std::vector<std::string> log_changes = {"--schema", "--log-table", "--consumers-table",
                                                  "--audit-table"};
    auto run = [&](std::vector<std::string> args, const std::vector<std::string>& names) {
        for (const auto& name : names) {
            args.insert(args.end(), {name, tables.at(name)});
        }
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_eventctl(args);
        INFO(args[0] << " " << args[1] << ": " << result.err);
        REQUIRE(result.exit_code == 0);
        return result;
    };
    run({"schema", "init"}, every);
    auto qualified = [&](const std::string& table) {
        return "to_regclass(quote_ident(" + sql_literal(db, schema) + ") || '.' || quote_ident(" +
               sql_literal(db, table) + ")) IS NOT NULL";
    };
    for (const auto& table : {outbox, log, consumers, audit}) {
        CHECK(db.scalar("SELECT " + qualified(table)) == "t");
    }
    CHECK(db.scalar("SELECT to_regnamespace('public') IS NOT NULL") == "t");

    auto schema_sql = "\"we\"\"ird'; DROP SCHEMA public CASCADE; --\"";
    db.exec(std::string("INSERT INTO ") + schema_sql +
            ".\"out\"\"box%_\" (event_type, payload, "
            "status, attempts) VALUES ('E', '{}', 'failed', 1)");
    db.exec(std::string("INSERT INTO ") + schema_sql +
            ".\"log; DELETE FROM public.event_log; "
            "--\" (event_type, payload) SELECT 'E', '{}' FROM generate_series(1, 5)");
    CHECK(nlohmann::json::parse(run({"outbox", "stats", "-o", "json"}, outbox_only).out)["total"] ==
          1);
    CHECK(nlohmann::json::parse(
              run({"outbox", "retry", "--status", "failed", "--yes", "-o", "json"}, outbox_changes)
                  .out)["changed"] == 1);
    run({"log", "seek", "reader", "--create", "--to-seq", "3", "--yes"}, log_changes);
    auto listed = nlohmann::json::parse(run({"log", "consumers", "-o", "json"}, log_only).out);
    CHECK(listed["consumers"][0]["position"] == 2);
    CHECK(run({"log", "replay", "--consumer", "reader"}, log_only).out.find("\"seq_no\":3") !=
          std::string::npos);
    CHECK(db.scalar(std::string("SELECT count(*) FROM ") + schema_sql + ".\"audit\\'\"") == "2");
}
