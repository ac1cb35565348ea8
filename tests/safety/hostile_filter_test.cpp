// Hostile text in every outbox filter, through the real binary against the real server: it is
// data, never SQL, so each filter matches exactly the rows holding that text (wildcards and
// quotes included) and a mutation changes those rows and no other.
#include "hostile_strings.h"
#include "hostile_support.h"
#include "safety_figures.h"
#include "table_snapshot.h"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

using namespace eventctl::test;

namespace {

// One failed entry per hostile string, holding it in every text column, and plain entries
// that no hostile filter may match.
void insert_hostile_entries(const TestDatabase& db) {
    pqxx::connection connection(db.conninfo());
    pqxx::work tx(connection);
    for (const auto& text : hostile_strings()) {
        tx.exec_params("INSERT INTO public.outbox (event_type, tenant_id, aggregate_type, "
                       "aggregate_id, last_error, payload, status, attempts) VALUES ($1, $1, $1, "
                       "$1, 'error: ' || $1 || ' end', jsonb_build_object('k', $1::text), "
                       "'failed', 2)",
                       text);
    }
    tx.exec("INSERT INTO public.outbox (event_type, tenant_id, aggregate_type, aggregate_id, "
            "last_error, payload, status, attempts) SELECT 'Plain', 'tenant', 'order', 'o-' || "
            "i, 'plain error', '{\"k\": \"plain\"}', 'failed', 2 FROM generate_series(1, 5) i");
    tx.commit();
}

struct FilterColumn {
    std::string option;
    std::string matches; // SQL condition on the row for text bound as $text
};

const std::vector<FilterColumn> filters = {
    {"--event-type", "event_type = $text"},
    {"--tenant", "tenant_id = $text"},
    {"--aggregate-type", "aggregate_type = $text"},
    {"--aggregate-id", "aggregate_id = $text"},
    // documented as case-insensitive containment; strpos has no wildcards to get wrong
    {"--error-contains", "strpos(lower(last_error), lower($text)) > 0"},
};

std::string with_text(const std::string& condition, const std::string& literal) {
    auto sql = condition;
    for (auto at = sql.find("$text"); at != std::string::npos; at = sql.find("$text")) {
        sql.replace(at, 5, literal);
    }
    return sql;
}

} // namespace

TEST_CASE("hostile: injection strings and odd Unicode in list filters match only themselves") {
    TestDatabase db;
    insert_hostile_entries(db);
    auto before = all_tables_snapshot(db);
    long tried = 0;
    for (const auto& text : hostile_strings()) {
        auto literal = sql_literal(db, text);
        for (const auto& filter : filters) {
            auto result = run_eventctl({"outbox", "list", filter.option, text, "--limit", "0", "-o",
                                        "json", "-d", db.conninfo()});
            ++tried;
            INFO(filter.option << " " << literal << ": " << result.err);
            REQUIRE(result.exit_code == 0);
            auto expected = ids_of(db, "SELECT id::text FROM public.outbox WHERE " +
                                           with_text(filter.matches, literal));
            CHECK(listed_ids(result.out) == expected);
            CHECK(!expected.empty());
        }
    }
    CHECK(all_tables_snapshot(db) == before);
    record_figures("hostile: list filters", {{"hostile_inputs", tried}});
}

TEST_CASE("hostile: mutations selected by hostile filters change exactly the matching rows") {
    TestDatabase db;
    insert_hostile_entries(db);
    long tried = 0;
    for (const auto& text : hostile_strings()) {
        auto literal = sql_literal(db, text);
        auto others =
            "(SELECT * FROM public.outbox WHERE tenant_id IS DISTINCT FROM " + literal + ")";
        auto others_before = table_snapshot(db, others);

        // mark-dead by tenant, with the hostile text as the reason: kept verbatim.
        auto dead = run_eventctl({"outbox", "mark-dead", "--tenant", text, "--reason", text,
                                  "--yes", "-o", "json", "-d", db.conninfo()});
        ++tried;
        INFO(literal << ": " << dead.err);
        REQUIRE(dead.exit_code == 0);
        CHECK(nlohmann::json::parse(dead.out)["changed"] == 1);
        CHECK(db.scalar("SELECT count(*) FROM public.outbox WHERE tenant_id = " + literal +
                        " AND status = 'dead' AND last_error = " + literal) == "1");

        // retry by payload containment, the hostile text inside the JSON document.
        auto retried = run_eventctl({"outbox", "retry", "--status", "dead", "--payload-contains",
                                     nlohmann::json{{"k", text}}.dump(), "--yes", "-o", "json",
                                     "-d", db.conninfo()});
        ++tried;
        INFO(retried.err);
        REQUIRE(retried.exit_code == 0);
        CHECK(nlohmann::json::parse(retried.out)["changed"] == 1);
        CHECK(db.scalar("SELECT status FROM public.outbox WHERE tenant_id = " + literal) ==
              "pending");
        CHECK(table_snapshot(db, others) == others_before);
    }
    CHECK(db.scalar("SELECT count(*) FROM public.outbox WHERE event_type = 'Plain' AND status = "
                    "'failed' AND attempts = 2") == "5");
    record_figures("hostile: mutation filters", {{"hostile_inputs", tried}});
}

TEST_CASE("hostile: bytes that are not UTF-8 are refused with 64 or 65 and change nothing") {
    TestDatabase db;
    insert_hostile_entries(db);
    db.exec("INSERT INTO public.event_log (stream_id, event_type, payload) VALUES ('s', 'E', "
            "'{}')");
    db.exec("INSERT INTO public.event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 1, now() - interval '1 hour')");
    auto before = all_tables_snapshot(db);
    long tried = 0;
    for (const auto& bytes : invalid_utf8_strings()) {
        for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
                 {"outbox", "list", "--event-type", bytes},
                 {"outbox", "list", "--error-contains", bytes},
                 {"outbox", "list", "--tenant", bytes},
                 {"outbox", "show", bytes},
                 {"outbox", "retry", bytes, "--yes"},
                 {"outbox", "retry", "--aggregate-id", bytes, "--yes"},
                 {"outbox", "mark-dead", "--aggregate-type", bytes, "--reason", "r", "--yes"},
                 {"outbox", "mark-dead", "--status", "failed", "--reason", bytes, "--yes"},
                 {"outbox", "stats", "--outbox-table", bytes},
                 {"outbox", "stats", "--schema", bytes},
                 {"log", "seek", bytes, "--create", "--to-beginning", "--yes"},
                 {"log", "replay", "--stream", bytes},
                 {"log", "replay", "--consumer", bytes},
                 {"log", "replay", "--from-seq", "1", "--into-outbox", "--label", bytes, "--yes"},
             }) {
            args.insert(args.end(), {"-d", db.conninfo()});
            auto result = run_eventctl(args);
            ++tried;
            INFO(args[0] << " " << args[1] << " " << args[2] << ": exit " << result.exit_code
                         << ": " << result.err);
            CHECK(refused_as_bad_input(result));
            CHECK(result.err.rfind("eventctl: ", 0) == 0);
        }
    }
    CHECK(all_tables_snapshot(db) == before);
    record_figures("hostile: invalid UTF-8", {{"hostile_inputs", tried}});
}
