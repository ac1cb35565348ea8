// Hostile consumer names, streams, event types, tenants and labels in the log commands: each is
// stored and matched verbatim, and a plan file carrying them reads back to the same names.
#include "hostile_strings.h"
#include "hostile_support.h"
#include "safety_figures.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <unistd.h>

using namespace eventctl::test;

namespace {

std::vector<long> replayed_seqs(const std::string& ndjson) {
    std::vector<long> seqs;
    std::istringstream lines(ndjson);
    for (std::string line; std::getline(lines, line);) {
        seqs.push_back(nlohmann::json::parse(line)["seq_no"].get<long>());
    }
    return seqs;
}

std::vector<long> seqs_of(const TestDatabase& db, const std::string& sql) {
    std::vector<long> seqs;
    for (const auto& row : db.exec(sql)) {
        seqs.push_back(row[0].as<long>());
    }
    return seqs;
}

} // namespace

TEST_CASE("hostile: consumer names, streams, types, tenants and labels are data") {
    TestDatabase db;
    {
        pqxx::connection connection(db.conninfo());
        pqxx::work tx(connection);
        tx.exec("INSERT INTO public.event_log (stream_id, tenant_id, event_type, payload) SELECT "
                "'plain', 'plain', 'Plain', '{}' FROM generate_series(1, 3)");
        for (const auto& text : hostile_strings()) {
            tx.exec_params("INSERT INTO public.event_log (stream_id, stream_seq, tenant_id, "
                           "event_type, payload) VALUES ($1, 1, $1, $1, '{}')",
                           text);
        }
        tx.commit();
    }
    long tried = 0;
    auto replay = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"log", "replay"});
        args.insert(args.end(), {"-d", db.conninfo()});
        ++tried;
        return run_eventctl(args);
    };
    for (const auto& text : hostile_strings()) {
        auto literal = sql_literal(db, text);
        INFO(literal);
        for (const auto& [option, column] : std::vector<std::pair<std::string, std::string>>{
                 {"--stream", "stream_id"}, {"--tenant", "tenant_id"}, {"--type", "event_type"}}) {
            auto result = replay({option, text});
            INFO(option << ": " << result.err);
            REQUIRE(result.exit_code == 0);
            CHECK(replayed_seqs(result.out) ==
                  seqs_of(db, "SELECT seq_no FROM public.event_log WHERE " + column + " = " +
                                  literal + " ORDER BY seq_no"));
        }

        auto seek = run_eventctl(
            {"log", "seek", text, "--create", "--to-seq", "2", "--yes", "-d", db.conninfo()});
        ++tried;
        INFO(seek.err);
        REQUIRE(seek.exit_code == 0);
        CHECK(db.scalar("SELECT position FROM public.event_consumers WHERE consumer = " +
                        literal) == "1");
        auto after = replay({"--consumer", text, "--limit", "1"});
        REQUIRE(after.exit_code == 0);
        CHECK(replayed_seqs(after.out) == std::vector<long>{2});

        auto enqueued = replay({"--from-seq", "1", "--to-seq", "3", "--into-outbox", "--label",
                                text, "--yes", "-o", "json"});
        INFO(enqueued.err);
        bool has_control = text.find_first_of("\t\n\r\x01\x1f\x7f") != std::string::npos;
        if (has_control) {
            CHECK(enqueued.exit_code == 64); // documented: a label holds no control characters
        } else {
            REQUIRE(enqueued.exit_code == 0);
            CHECK(db.scalar("SELECT count(*) FROM public.outbox WHERE idempotency_key IN (" +
                            sql_literal(db, "eventctl-replay:public.event_log:" + text + ":1") +
                            ", " +
                            sql_literal(db, "eventctl-replay:public.event_log:" + text + ":3") +
                            ")") == "2");
        }
    }

    // log consumers lists every name verbatim.
    auto listed = run_eventctl({"log", "consumers", "-o", "json", "-d", db.conninfo()});
    REQUIRE(listed.exit_code == 0);
    std::set<std::string> names;
    auto listed_json = nlohmann::json::parse(listed.out);
    for (const auto& consumer : listed_json["consumers"]) {
        names.insert(consumer["consumer"].get<std::string>());
    }
    CHECK(names == std::set<std::string>(hostile_strings().begin(), hostile_strings().end()));

    // A plan exported with those names (quotes, line breaks) applies back to the same consumers.
    char path[] = "/tmp/eventctl-hostile-plan-XXXXXX";
    close(mkstemp(path));
    auto exported = run_eventctl({"log", "seek", "--all", "--to-beginning", "--export", path,
                                  "--dry-run", "-d", db.conninfo()});
    REQUIRE(exported.exit_code == 0);
    db.exec("UPDATE public.event_consumers SET updated_at = now() - interval '1 hour'");
    auto applied = run_eventctl(
        {"log", "seek", "--from-file", path, "--yes", "-o", "json", "-d", db.conninfo()});
    std::remove(path);
    INFO(applied.err);
    REQUIRE(applied.exit_code == 0);
    CHECK(nlohmann::json::parse(applied.out)["plan"].size() == hostile_strings().size());
    CHECK(db.scalar("SELECT count(*) FROM public.event_consumers WHERE position = 0") ==
          std::to_string(hostile_strings().size()));
    record_figures("hostile: log commands", {{"hostile_inputs", tried + 3}});
}
