// eventctl doctor against a real server, through the real binary: the canonical schema as schema
// init makes it, and what doctor finds when a column, an index or a privilege goes missing.

#include "outbox_fixture.h"
#include "process.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>
#include <pqxx/pqxx>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace eventctl::test;
using nlohmann::json;

namespace {

json parsed(const ProcessResult& result) {
    INFO("stderr: " << result.err);
    INFO("stdout: " << result.out);
    REQUIRE_FALSE(result.out.empty());
    return json::parse(result.out);
}

ProcessResult doctor(const std::string& conninfo, std::vector<std::string> args = {}) {
    args.insert(args.begin(), {"doctor", "-d", conninfo});
    return run_eventctl(args);
}

// The index check for a table and its leading columns.
json index_for(const json& report, const std::string& table,
               const std::vector<std::string>& columns) {
    for (const auto& index : report["indexes"]) {
        if (index["table"] == table && index["columns"] == json(columns)) {
            return index;
        }
    }
    FAIL("no index need for " << table << " " << json(columns).dump());
    return {};
}

// The entry of a report's list ("commands", "privileges") for a command.
json entry_for(const json& report, const std::string& list, const std::string& command) {
    for (const auto& entry : report[list]) {
        if (entry["command"] == command) {
            return entry;
        }
    }
    FAIL("no " << list << " entry for " << command);
    return {};
}

json privileges_of(const json& report, const std::string& command) {
    return entry_for(report, "privileges", command);
}

json command_of(const json& report, const std::string& command) {
    return entry_for(report, "commands", command);
}

// Runs SQL outside any transaction block, as psql would: CREATE INDEX CONCURRENTLY needs it.
// A login role with a password, reached over TCP like a real service account; dropped again.
class LoginRole {
  public:
    LoginRole(const TestDatabase& db, std::string name) : m_db(db), m_name(std::move(name)) {
        m_db.exec("CREATE ROLE " + m_name + " LOGIN PASSWORD 'doctor-pw'");
        m_db.exec("GRANT USAGE ON SCHEMA public TO " + m_name);
    }
    ~LoginRole() {
        try {
            m_db.exec("DROP OWNED BY " + m_name + "; DROP ROLE " + m_name);
        } catch (...) {
            // The cluster goes at the end of the run; a failed drop must not hide the result.
        }
    }
    LoginRole(const LoginRole&) = delete;
    LoginRole& operator=(const LoginRole&) = delete;

    std::string conninfo() const {
        auto [host, port] = server_tcp_address();
        return "host=" + host + " port=" + port +
               " dbname=" + m_db.scalar("SELECT current_database()") + " user=" + m_name +
               " password=doctor-pw";
    }
    const std::string& name() const { return m_name; }

  private:
    const TestDatabase& m_db;
    std::string m_name;
};

const char* const oxide_ddl =
    "CREATE TYPE public.status AS ENUM ('Pending', 'Processing', 'Sent');"
    "CREATE TABLE public.outbox_events (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), "
    "idempotency_token text UNIQUE, event_type text NOT NULL, payload jsonb NOT NULL, "
    "created_at timestamptz NOT NULL DEFAULT now(), locked_until timestamptz NOT NULL DEFAULT "
    "'-infinity', status public.status NOT NULL DEFAULT 'Pending');"
    "CREATE TABLE public.outbox_dead_letters (id uuid PRIMARY KEY, idempotency_token text, "
    "event_type text NOT NULL, payload jsonb NOT NULL, original_status public.status NOT NULL, "
    "created_at timestamptz NOT NULL, locked_until timestamptz NOT NULL, failure_count integer "
    "NOT NULL, quarantined_at timestamptz NOT NULL DEFAULT now(), last_error text);";

} // namespace

TEST_CASE("doctor: the canonical schema after schema init fits, indexed, with every privilege") {
    TestDatabase db(false);
    REQUIRE(run_eventctl({"schema", "init", "-d", db.conninfo()}).exit_code == 0);

    auto result = doctor(db.conninfo(), {"--json"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.err.empty());
    auto report = parsed(result);
    CHECK(report["exit_status"] == 0);
    CHECK(report["connection"]["application_name"] == "eventctl/doctor");
    CHECK(report["connection"]["superuser"] == true);
    CHECK(report["connection"]["read_only"] == false);
    CHECK(report["connection"]["server_version_num"].get<int>() >= 150000);
    CHECK(report["connection"]["database"] == db.scalar("SELECT current_database()"));

    CHECK(report["layout"]["name"] == "canonical");
    CHECK(report["layout"]["origin"] == "built-in");
    CHECK(report["layout"]["fits"] == true);
    CHECK(report["layout"]["problems"].empty());
    std::set<std::string> roles;
    for (const auto& table : report["layout"]["tables"]) {
        CHECK(table["exists"] == true);
        roles.insert(table["role"].get<std::string>());
    }
    CHECK(roles == std::set<std::string>{"outbox", "event_log", "consumers", "audit"});

    for (const auto& command : report["commands"]) {
        INFO(command.dump());
        CHECK(command["supported"] == true);
    }
    // Every command and variant of the command table that works on a layout (outbox errors and
    // blocked, log purge, audit list and show included).
    CHECK(report["commands"].size() == 22);

    // The indexes schema init makes are exactly the recommendation.
    CHECK(index_for(report, "public.outbox", {"created_at", "id"})["index"] ==
          "outbox_created_at_idx");
    auto actionable = index_for(report, "public.outbox", {"status"});
    CHECK(actionable["index"] == "outbox_actionable_idx");
    CHECK(actionable["definition"].get<std::string>().find("WHERE") != std::string::npos);
    CHECK(index_for(report, "public.outbox", {"idempotency_key"})["index"] ==
          "outbox_idempotency_key_key");
    CHECK(index_for(report, "public.outbox", {"id"})["index"] == "outbox_pkey");
    CHECK(index_for(report, "public.event_log", {"seq_no"})["index"] == "event_log_pkey");
    CHECK(index_for(report, "public.event_log", {"created_at"})["index"] ==
          "event_log_created_at_idx");
    CHECK(index_for(report, "public.event_log", {"stream_id", "stream_seq"})["index"] ==
          "event_log_stream_idx");
    CHECK(index_for(report, "public.event_consumers", {"consumer"})["index"] ==
          "event_consumers_pkey");
    auto by_death = index_for(report, "public.outbox", {"processed_at", "updated_at"});
    CHECK(by_death["index"] == "outbox_dead_idx");
    CHECK(by_death["commands"] == nlohmann::json::array({"check --new-dead"}));
    for (const auto& index : report["indexes"]) {
        INFO(index.dump());
        CHECK(index["exists"] == true);
        CHECK(index["statement"].is_null());
    }

    for (const auto& command : report["privileges"]) {
        INFO(command.dump());
        CHECK(command["ok"] == true);
        CHECK(command["missing"].empty());
    }
    CHECK(report["warnings"].empty());

    auto table = doctor(db.conninfo());
    CHECK(table.exit_code == 0);
    CHECK(table.out.find("the layout fits the tables") != std::string::npos);
    CHECK(table.out.find("outbox_actionable_idx") != std::string::npos);
    CHECK(table.out.find("exit status 0") != std::string::npos);
}

TEST_CASE("doctor recommends the index check --new-dead reads the dead entries' times from") {
    TestDatabase db;
    db.exec("DROP INDEX public.outbox_dead_idx");

    auto report = parsed(doctor(db.conninfo(), {"--json"}));
    auto by_death = index_for(report, "public.outbox", {"processed_at", "updated_at"});
    CHECK(by_death["exists"] == false);
    CHECK(by_death["statement"] ==
          "CREATE INDEX CONCURRENTLY \"outbox_dead_idx\" ON \"public\".\"outbox\" "
          "(\"processed_at\", \"updated_at\") WHERE \"status\" = 'dead';");
    REQUIRE(report["warnings"].size() == 1);
    CHECK(report["warnings"][0].get<std::string>().find("check --new-dead") != std::string::npos);

    db.exec_each_line(by_death["statement"].get<std::string>());
    auto indexed = parsed(doctor(db.conninfo(), {"--json"}));
    CHECK(indexed["warnings"].empty());
}

TEST_CASE("doctor: a renamed column is a mismatch that names the column, exit 64") {
    TestDatabase db;
    db.exec("ALTER TABLE public.outbox RENAME COLUMN last_error TO error_text");

    auto result = doctor(db.conninfo(), {"--json"});
    CHECK(result.exit_code == 64);
    CHECK(result.err.find("eventctl: layout canonical does not fit the tables: 1 problem") == 0);
    auto report = parsed(result);
    CHECK(report["exit_status"] == 64);
    CHECK(report["layout"]["fits"] == false);
    REQUIRE(report["layout"]["problems"].size() == 1);
    CHECK(report["layout"]["problems"][0] ==
          "table public.outbox has no column \"last_error\" (last_error)");

    // What doctor reports is what the commands refuse.
    auto list = run_eventctl({"outbox", "list", "-d", db.conninfo()});
    CHECK(list.exit_code == 64);
    CHECK(list.err.find("no column \"last_error\"") != std::string::npos);

    auto table = doctor(db.conninfo());
    CHECK(table.exit_code == 64);
    CHECK(table.out.find("the layout does not fit the tables:\n"
                         "  - table public.outbox has no column \"last_error\"") !=
          std::string::npos);
}

TEST_CASE("doctor: a missing index is a warning whose statement, once run, clears it") {
    TestDatabase db;
    db.exec("DROP INDEX public.outbox_created_at_idx");

    auto result = doctor(db.conninfo(), {"--json"});
    INFO(result.err);
    CHECK(result.exit_code == 0); // a warning, not a failure
    auto report = parsed(result);
    auto paging = index_for(report, "public.outbox", {"created_at", "id"});
    CHECK(paging["exists"] == false);
    CHECK(paging["index"].is_null());
    const std::string statement = "CREATE INDEX CONCURRENTLY \"outbox_created_at_idx\" ON "
                                  "\"public\".\"outbox\" (\"created_at\", \"id\");";
    CHECK(paging["statement"] == statement);
    REQUIRE(report["warnings"].size() == 1);
    auto warning = report["warnings"][0].get<std::string>();
    CHECK(warning.find("outbox_created_at_idx") != std::string::npos);
    CHECK(warning.find("CREATE INDEX CONCURRENTLY") != std::string::npos);

    auto table = doctor(db.conninfo());
    CHECK(table.exit_code == 0);
    CHECK(table.out.find("  " + statement + "\n") != std::string::npos);
    CHECK(table.out.find("warning: no index on public.outbox (created_at, id)") !=
          std::string::npos);

    db.exec_each_line(statement);
    auto again = parsed(doctor(db.conninfo(), {"--json"}));
    CHECK(again["warnings"].empty());
    CHECK(index_for(again, "public.outbox", {"created_at", "id"})["index"] ==
          "outbox_created_at_idx");
}

TEST_CASE("doctor: an expression, a partial or an invalid index does not serve list paging") {
    TestDatabase db;
    db.exec("DROP INDEX public.outbox_created_at_idx");
    db.exec("CREATE INDEX outbox_created_at_idx ON public.outbox ((created_at AT TIME ZONE "
            "'UTC'), id)");
    db.exec("CREATE INDEX partial_paging ON public.outbox (created_at, id) WHERE status = "
            "'pending'");
    auto report = parsed(doctor(db.conninfo(), {"--json"}));
    auto paging = index_for(report, "public.outbox", {"created_at", "id"});
    CHECK(paging["exists"] == false);
    // The name schema init would use is taken: the statement takes the next one.
    CHECK(paging["statement"] == "CREATE INDEX CONCURRENTLY \"outbox_created_at_idx1\" ON "
                                 "\"public\".\"outbox\" (\"created_at\", \"id\");");

    // A unique violation makes CREATE UNIQUE INDEX CONCURRENTLY fail and leave its index
    // invalid; doctor names it so it can be dropped first.
    db.exec("ALTER TABLE public.outbox DROP CONSTRAINT outbox_idempotency_key_key");
    insert_entry(db, {"pending"});
    db.exec("UPDATE public.outbox SET idempotency_key = 'same'");
    insert_entry(db, {"pending"});
    db.exec("UPDATE public.outbox SET idempotency_key = 'same'");
    CHECK_THROWS(db.exec_each_line("CREATE UNIQUE INDEX CONCURRENTLY broken_key ON "
                                   "public.outbox (idempotency_key)"));
    auto broken = parsed(doctor(db.conninfo(), {"--json"}));
    auto key = index_for(broken, "public.outbox", {"idempotency_key"});
    CHECK(key["exists"] == false);
    CHECK(key["required"] == true);
    CHECK(key["note"].get<std::string>().find("index broken_key would serve it but is invalid") ==
          0);
    CHECK(key["statement"] == "CREATE UNIQUE INDEX CONCURRENTLY \"outbox_idempotency_key_key\" ON "
                              "\"public\".\"outbox\" (\"idempotency_key\");");
}

TEST_CASE("doctor: a role with SELECT only lacks what the changes need, exit 77") {
    TestDatabase db;
    LoginRole reader(db, "eventctl_doctor_reader");
    db.exec("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + reader.name());

    auto result = doctor(reader.conninfo(), {"--json"});
    CHECK(result.exit_code == 77);
    CHECK(result.err.find("eventctl: layout canonical fits the tables; role "
                          "eventctl_doctor_reader cannot run ") == 0);
    CHECK(result.err.find("doctor-pw") == std::string::npos);
    auto report = parsed(result);
    CHECK(report["exit_status"] == 77);
    CHECK(report["connection"]["user"] == "eventctl_doctor_reader");
    CHECK(report["connection"]["superuser"] == false);

    for (const char* command : {"outbox stats", "outbox list", "outbox show", "log consumers",
                                "log replay", "log replay --stream", "log replay --consumer"}) {
        INFO(command);
        CHECK(privileges_of(report, command)["ok"] == true);
    }
    auto purge = privileges_of(report, "outbox purge");
    CHECK(purge["ok"] == false);
    CHECK(purge["missing"] ==
          json({"UPDATE on table public.outbox", "DELETE on table public.outbox",
                "INSERT on table public.eventctl_audit", "UPDATE on table public.eventctl_audit"}));
    CHECK(privileges_of(report, "log seek --create")["missing"] ==
          json({"UPDATE on table public.event_consumers", "INSERT on table public.event_consumers",
                "INSERT on table public.eventctl_audit"}));
    auto purge_refused =
        run_eventctl({"outbox", "purge", "--older-than", "1d", "--yes", "-d", reader.conninfo()});
    CHECK(purge_refused.exit_code == 77);

    // Granting what doctor lists is enough: doctor passes, and the changes run as the role.
    for (const auto& command : report["privileges"]) {
        for (const auto& need : command["needs"]) {
            if (need["granted"] == false) {
                db.exec("GRANT " + need["privilege"].get<std::string>() + " ON " +
                        (need["on"] == "schema" ? "SCHEMA " : "TABLE ") +
                        need["object"].get<std::string>() + " TO " + reader.name());
            }
        }
    }
    auto granted = doctor(reader.conninfo(), {"--json"});
    INFO(granted.err);
    CHECK(granted.exit_code == 0);
    insert_entry(db, {"completed", "OrderPlaced", "40 days"});
    auto failed = insert_entry(db, {"failed"});
    auto purged = run_eventctl(
        {"outbox", "purge", "--older-than", "30d", "--yes", "--json", "-d", reader.conninfo()});
    INFO(purged.err);
    CHECK(purged.exit_code == 0);
    CHECK(parsed(purged)["changed"] == 1);
    CHECK(run_eventctl({"outbox", "retry", failed, "-d", reader.conninfo()}).exit_code == 0);
    CHECK(run_eventctl(
              {"log", "seek", "new-reader", "--create", "--to-beginning", "-d", reader.conninfo()})
              .exit_code == 0);

    // And UPDATE is really needed to purge: a batch with a held row, or any batch with
    // --max-rows or --archive-to, locks its rows FOR UPDATE first.
    insert_entry(db, {"completed", "OrderPlaced", "40 days"});
    db.exec("REVOKE UPDATE ON public.outbox FROM " + reader.name());
    auto revoked = parsed(doctor(reader.conninfo(), {"--json"}));
    CHECK(privileges_of(revoked, "outbox purge")["missing"] ==
          json({"UPDATE on table public.outbox"}));
    auto unlockable = run_eventctl({"outbox", "purge", "--older-than", "30d", "--max-rows", "10",
                                    "--yes", "-d", reader.conninfo()});
    CHECK(unlockable.exit_code == 77);
    CHECK(unlockable.err.find("permission denied for table outbox") != std::string::npos);
}

TEST_CASE("doctor: a read-only session works, and blocks the commands that write") {
    TestDatabase db;
    LoginRole reader(db, "eventctl_doctor_read_only");
    db.exec("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " +
            reader.name());
    db.exec("ALTER ROLE " + reader.name() + " SET default_transaction_read_only = on");

    auto result = doctor(reader.conninfo(), {"--json"});
    CHECK(result.exit_code == 77);
    auto report = parsed(result);
    CHECK(report["connection"]["read_only"] == true);
    CHECK(privileges_of(report, "outbox stats")["ok"] == true);
    auto retry = privileges_of(report, "outbox retry");
    CHECK(retry["missing"].empty());
    CHECK(retry["blocked_by_read_only"] == true);
    CHECK(retry["ok"] == false);
}

TEST_CASE("doctor: the oxide-outbox preset on the library's own DDL") {
    TestDatabase db(false);
    db.exec(oxide_ddl);
    db.exec("INSERT INTO public.outbox_events (event_type, payload, status) VALUES "
            "('A', '{}', 'Pending'), ('A', '{}', 'Pending'), ('A', '{}', 'Processing'), "
            "('A', '{}', 'Sent')");
    db.exec("INSERT INTO public.outbox_dead_letters (id, event_type, payload, original_status, "
            "created_at, locked_until, failure_count) VALUES (gen_random_uuid(), 'A', '{}', "
            "'Processing', now(), now(), 10)");

    auto result = doctor(db.conninfo(), {"--layout", "oxide-outbox", "--count", "--json"});
    INFO(result.err);
    CHECK(result.exit_code == 0);
    auto report = parsed(result);
    CHECK(report["layout"]["name"] == "oxide-outbox");
    CHECK(report["layout"]["fits"] == true);
    CHECK(report["layout"]["tables"] ==
          json::parse(R"([{"role": "outbox", "table": "public.outbox_events", "exists": true},
                         {"role": "dead_letters", "table": "public.outbox_dead_letters",
                          "exists": true}])"));
    REQUIRE(report["layout"]["state_columns"].size() == 1);
    auto status = report["layout"]["state_columns"][0];
    CHECK(status["column"] == "status");
    CHECK(status["type"] == "public.status");
    CHECK(status["enum_labels"] == json({"Pending", "Processing", "Sent"}));

    auto counts = report["layout"]["state_counts"];
    CHECK(counts["rows"] == 4);
    CHECK(counts["by_state"] == json::parse(R"({"pending": 2, "processing": 1, "completed": 1,
                                                "failed": null, "dead": null})"));
    CHECK(counts["in_several_states"] == 0);
    CHECK(counts["in_no_state"] == 0);
    CHECK(counts["dead_letter_rows"] == 1);

    for (const char* command : {"outbox stats", "outbox list", "outbox retry", "outbox mark-dead",
                                "outbox unlock-stale", "outbox purge"}) {
        INFO(command);
        CHECK(command_of(report, command)["supported"] == true);
    }
    for (const char* command : {"log consumers", "log seek", "log replay", "log replay --stream",
                                "log replay --into-outbox"}) {
        INFO(command);
        CHECK(command_of(report, command)["supported"] == false);
        CHECK(command_of(report, command)["lacking"] == "an event log table");
    }
    for (const auto& entry : report["privileges"]) { // only the supported commands
        auto command = entry["command"].get<std::string>();
        CHECK((command.rfind("outbox ", 0) == 0 || command == "metrics" || command == "check"));
    }

    // Marking dead moves the row from one table to the other.
    auto mark_dead = privileges_of(report, "outbox mark-dead");
    std::set<std::string> needed;
    for (const auto& need : mark_dead["needs"]) {
        needed.insert(need["privilege"].get<std::string>() + " " +
                      need["object"].get<std::string>());
    }
    CHECK(needed == std::set<std::string>{
                        "USAGE public", "SELECT public.outbox_events",
                        "UPDATE public.outbox_events", "DELETE public.outbox_events",
                        "SELECT public.outbox_dead_letters", "INSERT public.outbox_dead_letters"});

    // The status index it suggests is partial over the enum's unfinished labels; every
    // suggested statement runs, and then nothing is missing.
    auto by_status = index_for(report, "public.outbox_events", {"status"});
    CHECK(by_status["statement"] ==
          "CREATE INDEX CONCURRENTLY \"outbox_events_actionable_idx\" ON "
          "\"public\".\"outbox_events\" (\"status\", \"created_at\", \"id\") WHERE \"status\" IN "
          "('Pending', 'Processing');");
    CHECK(report["warnings"].size() == 3);
    for (const auto& index : report["indexes"]) {
        if (index["statement"].is_string()) {
            db.exec_each_line(index["statement"].get<std::string>());
        }
    }
    auto indexed = parsed(doctor(db.conninfo(), {"--layout", "oxide-outbox", "--json"}));
    CHECK(indexed["warnings"].empty());
    CHECK(index_for(indexed, "public.outbox_events", {"status"})["index"] ==
          "outbox_events_actionable_idx");
}

TEST_CASE("doctor --count finds states that overlap and rows in none") {
    TestDatabase db;
    insert_entry(db, {"pending", "OrderPlaced", "1 hour", "", "", "", "", "10 minutes"});
    insert_entry(db, {"pending"});
    insert_entry(db, {"completed"});
    // Processing told by the lease alone: a pending row with a lease is in both states, and
    // completed rows are in none, as this layout has no completed state.
    auto path = std::string("/tmp/eventctl-doctor-layout-") + std::to_string(getpid()) + ".json";
    std::ofstream(path) << R"({
      "name": "lease-only",
      "outbox": {
        "table": "outbox",
        "columns": {"id": "id", "event_type": "event_type", "payload": "payload",
                    "created_at": "created_at", "locked_until": "locked_until"},
        "states": {
          "pending": {"when": [{"column": "status", "equals": "pending"}]},
          "processing": {"when": [{"column": "locked_until", "in_future": true}]}
        }
      }
    })";
    auto result = doctor(db.conninfo(), {"--layout", path, "--count", "--json"});
    std::remove(path.c_str());
    INFO(result.err);
    CHECK(result.exit_code == 0);
    auto report = parsed(result);
    CHECK(report["layout"]["origin"] == path);
    auto counts = report["layout"]["state_counts"];
    CHECK(counts["rows"] == 3);
    CHECK(counts["by_state"]["pending"] == 2);
    CHECK(counts["by_state"]["processing"] == 1);
    CHECK(counts["by_state"]["completed"].is_null());
    CHECK(counts["in_several_states"] == 1);
    CHECK(counts["in_no_state"] == 1);
    CHECK(counts["overlaps"] ==
          json::parse(R"([{"states": ["pending", "processing"], "rows": 1}])"));
    std::string warnings = report["warnings"].dump();
    CHECK(warnings.find("public.outbox: 1 row meets the conditions of both pending and "
                        "processing") != std::string::npos);
    CHECK(warnings.find("public.outbox: 1 row meets no state's conditions") != std::string::npos);
}

TEST_CASE("doctor: the JSON document and the findings have the documented fields") {
    TestDatabase db;
    auto report = parsed(doctor(db.conninfo(), {"-o", "json"}));
    auto keys = [](const json& object) {
        std::set<std::string> names;
        for (const auto& item : object.items()) {
            names.insert(item.key());
        }
        return names;
    };
    using Keys = std::set<std::string>;
    CHECK(keys(report) == Keys{"connection", "layout", "commands", "indexes", "privileges",
                               "partitions", "vacuum", "warnings", "exit_status"});
    CHECK(report["partitions"].empty()); // schema init's tables are not partitioned
    CHECK(keys(report["connection"]) == Keys{"server_version", "server_version_num", "database",
                                             "user", "superuser", "read_only", "in_recovery",
                                             "application_name"});
    CHECK(report["connection"]["server_version"].is_string());
    CHECK(report["connection"]["server_version_num"].is_number_integer());
    CHECK(keys(report["layout"]) == Keys{"name", "origin", "description", "fits", "tables",
                                         "problems", "state_columns", "state_counts"});
    CHECK(report["layout"]["state_counts"].is_null());
    CHECK(keys(report["layout"]["tables"][0]) == Keys{"role", "table", "exists"});
    CHECK(keys(report["layout"]["state_columns"][0]) ==
          Keys{"table", "column", "type", "enum_labels"});
    CHECK(report["layout"]["state_columns"][0]["enum_labels"].is_null()); // text, not an enum
    for (const auto& command : report["commands"]) {
        CHECK(keys(command) == Keys{"command", "supported", "lacking"});
        CHECK(command["lacking"].is_null());
    }
    for (const auto& index : report["indexes"]) {
        CHECK(keys(index) == Keys{"table", "purpose", "commands", "columns", "unique", "partial_ok",
                                  "required", "exists", "index", "definition", "statement",
                                  "note"});
        CHECK(index["commands"].is_array());
        CHECK(index["definition"].get<std::string>().rfind("CREATE ", 0) == 0);
    }
    for (const auto& command : report["privileges"]) {
        CHECK(keys(command) ==
              Keys{"command", "writes", "ok", "missing", "blocked_by_read_only", "needs"});
        for (const auto& need : command["needs"]) {
            CHECK(keys(need) == Keys{"on", "object", "privilege", "granted"});
            CHECK(need["granted"] == true);
        }
    }
    CHECK(privileges_of(report, "outbox stats")["needs"][0] ==
          json::parse(R"({"on": "schema", "object": "public", "privilege": "USAGE",
                          "granted": true})"));

    // ndjson and csv: the same report as a flat list of findings, the summary last.
    auto lines = doctor(db.conninfo(), {"-o", "ndjson"});
    CHECK(lines.exit_code == 0);
    std::istringstream in(lines.out);
    std::string line;
    json last;
    int count = 0;
    while (std::getline(in, line)) {
        last = json::parse(line);
        CHECK(keys(last) == Keys{"section", "subject", "severity", "message", "statement"});
        ++count;
    }
    CHECK(count > 30);
    CHECK(last["section"] == "summary");
    CHECK(last["severity"] == "ok");
    CHECK(last["message"].get<std::string>().rfind("0: layout canonical fits", 0) == 0);

    auto csv = doctor(db.conninfo(), {"-o", "csv"});
    CHECK(csv.out.rfind("section,subject,severity,message,statement\r\n", 0) == 0);
}
