// outbox errors and --error-group: failed and dead entries grouped by the fingerprint of their
// last error, and one group selected by it.

#include "process.h"
#include "table_snapshot.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <map>
#include <nlohmann/json.hpp>
#include <set>

using namespace eventctl::test;

namespace {

// Inserts an entry with this status and error, last changed `changed_ago` ago; returns its id.
std::string insert_failure(const TestDatabase& db, const std::string& status,
                           const std::string& error, const std::string& event_type = "OrderPlaced",
                           const std::string& changed_ago = "1 hour") {
    pqxx::connection connection(db.conninfo());
    pqxx::work tx(connection);
    auto id = tx.exec_params1("INSERT INTO public.outbox (event_type, payload, status, attempts, "
                              "last_error, created_at, updated_at, processed_at) VALUES ($1, "
                              "'{}', $2, 3, $3, now() - interval '2 days', now() - $4::interval, "
                              "CASE WHEN $2 = 'dead' THEN now() - $4::interval END) "
                              "RETURNING id::text",
                              event_type, status, error, changed_ago)[0]
                  .as<std::string>();
    tx.commit();
    return id;
}

std::string insert_without_error(const TestDatabase& db, const std::string& status) {
    return db.scalar("INSERT INTO public.outbox (event_type, payload, status) VALUES "
                     "('OrderPlaced', '{}', '" +
                     status + "') RETURNING id::text");
}

nlohmann::json run_json(const TestDatabase& db, std::vector<std::string> args) {
    args.insert(args.end(), {"-d", db.conninfo(), "-o", "json"});
    auto result = run_eventctl(args);
    INFO(result.err);
    REQUIRE(result.exit_code == 0);
    return nlohmann::json::parse(result.out);
}

std::set<std::string> ids_of(const nlohmann::json& result) {
    return {result["ids"].begin(), result["ids"].end()};
}

// The groups of outbox errors, by pattern.
std::map<std::string, nlohmann::json> groups_by_pattern(const TestDatabase& db) {
    std::map<std::string, nlohmann::json> groups;
    // Kept whole: a range-for over a member of a temporary would outlive it.
    auto result = run_json(db, {"outbox", "errors", "--limit", "0"});
    for (const auto& group : result["groups"]) {
        groups[group["pattern"].get<std::string>()] = group;
    }
    return groups;
}

} // namespace

TEST_CASE("error fingerprints are pinned: the same rules give the same groups in every release") {
    // Each message, the pattern it normalises to, and that pattern's fingerprint. A fingerprint
    // noted during an incident must select the same group after an upgrade: changing these is
    // changing the contract (eventctl-outbox(1), ERROR GROUPS).
    struct Case {
        std::vector<std::string> messages; // all in one group
        std::string pattern;
        std::string fingerprint;
    };
    const std::vector<Case> cases = {
        {{"HTTP 503 from https://hooks.example.com/orders/12345",
          "HTTP 503 from https://hooks.example.com/orders/99"},
         "HTTP 503 from https://hooks.example.com/orders/<n>",
         "72b7ec29c8de"},
        // A status code is kept: a 400 is another failure than a 503.
        {{"HTTP 400 from https://hooks.example.com/orders/99"},
         "HTTP 400 from https://hooks.example.com/orders/<n>",
         "e70e9540e829"},
        {{"HTTP/1.1 503 Service Unavailable"}, "HTTP/<n> 503 Service Unavailable", "758467df40d3"},
        {{"status code: 502"}, "status code: 502", "b70f665ed993"},
        {{"unexpected status 429 after 3 attempts"},
         "unexpected status 429 after <n> attempts",
         "ef753a52e236"},
        {{"error code 1045: access denied"}, "error code 1045: access denied", "a7caecb5ca46"},
        {{"ERROR: duplicate key (SQLSTATE 23505)"},
         "ERROR: duplicate key (SQLSTATE 23505)",
         "a747c79fc8e1"},
        {{"order 0b9f2c1e-6a4d-4c6b-9a51-3f0e8d2b7c10 not found",
          "order 1C9F2C1E-6A4D-4C6B-9A51-3F0E8D2B7C11 not found"},
         "order <uuid> not found",
         "cb58a5f059dd"},
        {{"at 2024-05-01T12:34:56.789Z the broker said no",
          "at 2024-05-01 12:34:56+02 the broker said no"},
         "at <time> the broker said no",
         "caa72ab69671"},
        {{"pointer 0xDEADBEEF and trace deadbeef12345678cafe"},
         "pointer <hex> and trace <hex>",
         "05ee238d9483"},
        {{"broker timeout after 30s", "broker timeout after 31.5s"},
         "broker timeout after <n>s",
         "7afb8e9d7423"},
        // Only the first line counts (a stack trace follows it), whatever ends it.
        {{"first line 42\nsecond line 43", "first line 7\r\nat Relay.publish"},
         "first line <n>",
         "a9d9fc0ae106"},
        // Quoted values go, apostrophes and JSON keys stay.
        {{"can't reach partner's API: key 'abc' missing"},
         "can't reach partner's API: key <str> missing",
         "e21a2179677a"},
        {{"key \"order-17\" violates constraint \"orders_pkey\"",
          "key \"order-18\" violates constraint \"orders_pkey\""},
         "key <str> violates constraint <str>",
         "6212150d9c44"},
        {{"HTTP 400: {\"error\":\"invalid_payload\",\"field\":\"customer_id\"}"},
         "HTTP 400: {\"error\":<str>,\"field\":<str>}",
         "3b8eed227a6f"},
        {{"connection refused: 10.0.0.12:5432"}, "connection refused: <n>.<n>:<n>", "0dfa961a8d11"},
        {{"payload_v2 column missing; utf8 sha256 ipv4"},
         "payload_v2 column missing; utf8 sha256 ipv4",
         "8d0da44bceee"},
        {{"   spaced    out\ttabs  "}, "spaced out tabs", "f4382c2e8d1e"},
        // No message at all, and an empty one: one group.
        {{""}, "", "e3b0c44298fc"},
    };
    TestDatabase db;
    std::size_t entries = 0;
    for (const auto& group : cases) {
        for (const auto& message : group.messages) {
            insert_failure(db, "dead", message);
            ++entries;
        }
    }
    insert_without_error(db, "dead");
    auto groups = groups_by_pattern(db);
    CHECK(groups.size() == cases.size());
    for (const auto& expected : cases) {
        INFO("pattern: " << expected.pattern);
        REQUIRE(groups.count(expected.pattern) == 1);
        const auto& group = groups[expected.pattern];
        CHECK(group["fingerprint"] == expected.fingerprint);
        auto count = expected.messages.size() + (expected.pattern.empty() ? 1 : 0);
        CHECK(group["entries"] == count);
    }
    (void)entries;
}

TEST_CASE("outbox errors groups a mixed set, the largest group first, in every format") {
    TestDatabase db;
    std::vector<std::string> partner;
    for (int i = 0; i < 4; ++i) {
        partner.push_back(insert_failure(
            db, i % 2 == 0 ? "failed" : "dead",
            "HTTP 503 from https://partner.example.com (request " + std::to_string(1000 + i) +
                ")\n    at Relay.publish(Relay.java:" + std::to_string(40 + i) + ")",
            i < 2 ? "OrderPlaced" : "PaymentCaptured", std::to_string(10 + i) + " minutes"));
    }
    auto schema_a = insert_failure(db, "dead", "schema registry: incompatible with version 7",
                                   "InvoiceIssued", "3 hours");
    auto schema_b = insert_failure(db, "dead", "schema registry: incompatible with version 8",
                                   "InvoiceIssued", "2 hours");
    insert_failure(db, "failed", "broker timeout after 30s", "OrderPlaced", "5 minutes");
    insert_without_error(db, "pending");
    db.exec("INSERT INTO public.outbox (event_type, payload, status, last_error) VALUES "
            "('OrderPlaced', '{}', 'completed', 'HTTP 503 from an earlier attempt')");

    auto result = run_json(db, {"outbox", "errors"});
    CHECK(result["groups_total"] == 3);
    CHECK(result["entries"] == 7);
    REQUIRE(result["groups"].size() == 3);
    const auto& largest = result["groups"][0];
    CHECK(largest["pattern"] == "HTTP 503 from https://partner.example.com (request <n>)");
    CHECK(largest["entries"] == 4);
    CHECK(largest["by_status"] == nlohmann::json{{"failed", 2}, {"dead", 2}});
    CHECK(largest["event_types"] == nlohmann::json{"OrderPlaced", "PaymentCaptured"});
    // The sample is the entry that failed last, with its whole message.
    CHECK(largest["sample_id"] == partner[0]);
    CHECK(largest["sample_error"].get<std::string>().find("Relay.java:40") != std::string::npos);
    CHECK(largest["first_seen"] < largest["last_seen"]);
    const auto& schema = result["groups"][1];
    CHECK(schema["entries"] == 2);
    CHECK(schema["sample_id"] == schema_b);
    CHECK(schema["pattern"] == "schema registry: incompatible with version <n>");

    auto limited = run_json(db, {"outbox", "errors", "--limit", "1", "--status", "dead"});
    CHECK(limited["groups"].size() == 1);
    CHECK(limited["groups_total"] == 2);
    CHECK(limited["entries"] == 4);
    CHECK(limited["selection"]["status"] == nlohmann::json{"dead"});
    CHECK(limited["groups"][0]["by_status"]["failed"] == 0);
    auto typed = run_json(db, {"outbox", "errors", "--event-type", "InvoiceIssued"});
    REQUIRE(typed["groups"].size() == 1);
    CHECK(typed["groups"][0]["entries"] == 2);

    auto ndjson = run_eventctl({"outbox", "errors", "-d", db.conninfo(), "-o", "ndjson"});
    REQUIRE(ndjson.exit_code == 0);
    CHECK(std::count(ndjson.out.begin(), ndjson.out.end(), '\n') == 3);
    CHECK(nlohmann::json::parse(ndjson.out.substr(0, ndjson.out.find('\n')))["entries"] == 4);
    auto csv = run_eventctl({"outbox", "errors", "-d", db.conninfo(), "-o", "csv"});
    REQUIRE(csv.exit_code == 0);
    CHECK(csv.out.rfind("fingerprint,entries,failed,dead,first_seen,last_seen,event_types,"
                        "sample_id,pattern,sample_error\r\n",
                        0) == 0);
    CHECK(std::count(csv.out.begin(), csv.out.end(), '\n') >= 4);
    auto table = run_eventctl({"outbox", "errors", "-d", db.conninfo()});
    REQUIRE(table.exit_code == 0);
    CHECK(table.out.find(largest["fingerprint"].get<std::string>()) != std::string::npos);
    CHECK(table.out.find("7 entries in 3 groups") != std::string::npos);
}

TEST_CASE("retry --error-group retries one group alone, with the other filters, audited") {
    TestDatabase db;
    std::set<std::string> partner;
    for (int i = 0; i < 3; ++i) {
        partner.insert(insert_failure(db, "dead",
                                      "HTTP 503 from partner (request " + std::to_string(i) + ")"));
    }
    auto partner_invoice =
        insert_failure(db, "failed", "HTTP 503 from partner (request 99)", "InvoiceIssued");
    auto schema = insert_failure(db, "dead", "schema registry: incompatible with version 7");
    auto fingerprint = run_json(db, {"outbox", "errors"})["groups"][0]["fingerprint"];
    std::string group = fingerprint.get<std::string>();

    auto before = table_snapshot(db);
    auto dry = run_json(db, {"outbox", "retry", "--error-group", group, "--dry-run"});
    CHECK(dry["changed"] == 4);
    CHECK(table_snapshot(db) == before);

    auto listed =
        run_json(db, {"outbox", "list", "--error-group", group, "--event-type", "OrderPlaced"});
    CHECK(listed["items"].size() == 3);

    auto retried = run_json(
        db, {"outbox", "retry", "--error-group", group, "--event-type", "OrderPlaced", "--yes"});
    CHECK(ids_of(retried) == partner);
    CHECK(retried["selection"] ==
          nlohmann::json{{"error_group", group}, {"event_type", {"OrderPlaced"}}});
    CHECK(db.scalar("SELECT status FROM outbox WHERE id = '" + partner_invoice + "'") == "failed");
    CHECK(db.scalar("SELECT status FROM outbox WHERE id = '" + schema + "'") == "dead");
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'pending'") == "3");
    CHECK(db.scalar("SELECT selection->>'error_group' FROM eventctl_audit") == group);

    auto killed = run_json(db, {"outbox", "mark-dead", "--error-group", group, "--reason",
                                "partner gone, INC-12", "--yes"});
    CHECK(killed["changed"] == 4); // the three pending now, their errors unchanged, and the failed
    CHECK(db.scalar("SELECT count(*) FROM outbox WHERE status = 'dead'") == "5");
}

TEST_CASE(
    "a fingerprint that is not one, or a layout without errors, exits 64 having run nothing") {
    TestDatabase db;
    insert_failure(db, "dead", "boom");
    auto before = table_snapshot(db);
    for (const auto& args : std::vector<std::vector<std::string>>{
             {"outbox", "retry", "--error-group", "not-a-group", "--yes"},
             {"outbox", "retry", "--error-group", "ABCDEF012345", "--yes"},
             {"outbox", "errors", "--status", "pending"},
             {"outbox", "errors", "--limit", "-1"},
             {"--layout", "klauthed", "outbox", "errors"},
             {"--layout", "klauthed", "outbox", "list", "--error-group", "0123456789ab"}}) {
        auto with_db = args;
        with_db.insert(with_db.end(), {"-d", db.conninfo(), "-v"});
        auto result = run_eventctl(with_db);
        INFO(result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.err.find("SQL:") == std::string::npos);
    }
    CHECK(table_snapshot(db) == before);
    CHECK(db.scalar("SELECT count(*) FROM eventctl_audit") == "0");
}
