// Enormous inputs: the longest single argument Linux passes (MAX_ARG_STRLEN is 128 KiB, so a
// 10 MB argument cannot reach any program) in every kind of option, and 10 MB id lists and plan
// files. Each is handled or refused cleanly, in bounded time and memory, with a short message.
#include "hostile_support.h"
#include "safety_figures.h"

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <unistd.h>

using namespace eventctl::test;

namespace {

constexpr std::size_t ten_megabytes = 10 * 1024 * 1024;
constexpr std::size_t longest_argument = 120 * 1024;

std::string fake_uuid(std::size_t n) {
    char text[37];
    std::snprintf(text, sizeof text, "00000000-0000-4000-8000-%012zx", n);
    return text;
}

// ids lines of UUIDs that name no entry, until the list reaches size bytes.
std::string unknown_ids(std::size_t size) {
    std::string list;
    for (std::size_t n = 0; list.size() < size; ++n) {
        list += fake_uuid(n) + "\n";
    }
    return list;
}

class TempFile {
  public:
    explicit TempFile(const std::string& contents) {
        char path[] = "/tmp/eventctl-enormous-XXXXXX";
        close(mkstemp(path));
        m_path = path;
        std::ofstream(m_path, std::ios::binary) << contents;
    }
    ~TempFile() { std::remove(m_path.c_str()); }
    const std::string& path() const { return m_path; }

  private:
    std::string m_path;
};

} // namespace

TEST_CASE("enormous: the longest possible argument in every kind of option") {
    TestDatabase db;
    db.exec("INSERT INTO public.outbox (event_type, payload, status) SELECT 'E', '{}', 'failed' "
            "FROM generate_series(1, 20)");
    db.exec("INSERT INTO public.event_log (event_type, payload) VALUES ('E', '{}')");
    auto before = data_tables_snapshot(db);
    const std::string huge(longest_argument, 'x');
    const std::string huge_json = nlohmann::json{{"k", huge}}.dump();
    long tried = 0;
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"outbox", "list", "--event-type", huge},
             {"outbox", "list", "--error-contains", huge},
             {"outbox", "list", "--after", huge},
             {"outbox", "list", "--created-after", huge},
             {"outbox", "show", huge},
             {"outbox", "retry", huge, "--yes"},
             {"outbox", "retry", "--payload-contains", huge_json, "--yes", "-o", "json"},
             {"outbox", "retry", "--payload-contains", huge, "--yes"},
             {"outbox", "mark-dead", "--status", "failed", "--tenant", huge, "--reason", huge,
              "--yes"},
             {"outbox", "purge", "--older-than", huge, "--yes"},
             {"outbox", "stats", "--outbox-table", huge},
             {"log", "seek", huge, "--to-beginning", "--yes"},
             {"log", "replay", "--stream", huge},
         }) {
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_eventctl(args);
        ++tried;
        INFO(args[0] << " " << args[1] << " " << args[2].substr(0, 20) << ": exit "
                     << result.exit_code << ": " << result.err.substr(0, 300));
        CHECK((result.exit_code == 0 || refused_as_bad_input(result)));
        // An error names the bad value; it does not echo 120 KiB of it back.
        CHECK(result.err.size() < 4096);
        CHECK(result.max_rss_kb < 200 * 1024);
    }
    // Runs that matched nothing leave their audit records, and nothing else.
    CHECK(data_tables_snapshot(db) == before);
    CHECK(db.scalar("SELECT coalesce(sum(changed), 0) FROM public.eventctl_audit") == "0");

    // A name or label the server cannot index (past the btree row limit, incompressible) is
    // bad input data, not an internal error.
    std::string noise;
    std::mt19937 random(42);
    while (noise.size() < 6000) {
        noise.push_back(static_cast<char>('!' + random() % 90));
    }
    for (std::vector<std::string> args : std::vector<std::vector<std::string>>{
             {"log", "seek", noise, "--create", "--to-beginning", "--yes"},
             {"log", "replay", "--from-seq", "1", "--into-outbox", "--label", noise, "--yes"},
         }) {
        args.insert(args.end(), {"-d", db.conninfo()});
        auto result = run_eventctl(args);
        ++tried;
        INFO(args[1] << ": exit " << result.exit_code << ": " << result.err.substr(0, 300));
        CHECK(result.exit_code == 65);
        CHECK(result.err.size() < 4096);
    }
    CHECK(data_tables_snapshot(db) == before);
    record_figures("enormous: arguments", {{"hostile_inputs", tried}});
}

TEST_CASE("enormous: 10 MB id lists on stdin and in a file") {
    TestDatabase db;
    db.exec("INSERT INTO public.outbox (event_type, payload, status, attempts) SELECT 'E', '{}', "
            "'failed', 1 FROM generate_series(1, 1000)");
    std::string list;
    for (const auto& row : db.exec("SELECT id::text FROM public.outbox")) {
        list += row[0].as<std::string>() + "\n";
    }
    list += unknown_ids(ten_megabytes - list.size());
    REQUIRE(list.size() >= ten_megabytes);
    long tried = 0;

    SECTION("one bad id among them: exit 65 before anything changes") {
        auto before = all_tables_snapshot(db);
        TempFile file(list + "not-a-uuid\n");
        for (const auto& source : {std::string("-"), file.path()}) {
            auto result = run_eventctl(
                {"outbox", "retry", "--ids-from", source, "--yes", "-d", db.conninfo()}, {},
                source == "-" ? std::optional<std::string>(list + "zzz\n") : std::nullopt);
            ++tried;
            INFO(result.err.substr(0, 300));
            CHECK(result.exit_code == 65);
            CHECK(result.err.size() < 4096);
        }
        auto one_line =
            run_eventctl({"outbox", "retry", "--ids-from", "-", "--yes", "-d", db.conninfo()}, {},
                         std::string(ten_megabytes, 'f'));
        ++tried;
        CHECK(one_line.exit_code == 65);
        CHECK(one_line.err.size() < 4096);
        CHECK(all_tables_snapshot(db) == before);
    }
    SECTION("all well-formed: the 1000 that exist are retried, the rest skipped") {
        auto started = std::chrono::steady_clock::now();
        auto result = run_eventctl(
            {"outbox", "retry", "--ids-from", "-", "--yes", "-o", "json", "-d", db.conninfo()}, {},
            list);
        ++tried;
        auto took = std::chrono::steady_clock::now() - started;
        INFO(result.err.substr(0, 300));
        REQUIRE(result.exit_code == 0);
        CHECK(nlohmann::json::parse(result.out)["changed"] == 1000);
        CHECK(db.scalar("SELECT count(*) FROM public.outbox WHERE status = 'pending'") == "1000");
        CHECK(took < std::chrono::seconds(120));
        INFO("peak RSS " << result.max_rss_kb << " kB");
        CHECK(result.max_rss_kb < 1024 * 1024);
    }
    record_figures("enormous: id lists",
                   {{"hostile_inputs", tried}, {"bytes_per_input", ten_megabytes}});
}

TEST_CASE("enormous: a 10 MB seek plan file") {
    TestDatabase db;
    db.exec("INSERT INTO public.event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 5, now() - interval '1 hour')");
    auto before = all_tables_snapshot(db);
    std::string plan = "consumer,from,to\n";
    for (std::size_t n = 0; plan.size() < ten_megabytes; ++n) {
        plan += "consumer-" + std::to_string(n) + ",5,0\n";
    }
    long tried = 0;
    for (const auto& contents :
         {plan, plan + "\"unclosed,1,2\n", std::string(ten_megabytes, ',')}) {
        TempFile file(contents);
        auto result =
            run_eventctl({"log", "seek", "--from-file", file.path(), "--yes", "-d", db.conninfo()});
        ++tried;
        INFO(result.err.substr(0, 300));
        // Consumers that do not exist, and files that are not plans: bad input data.
        CHECK(result.exit_code == 65);
        CHECK(result.err.size() < 4096);
        CHECK(result.max_rss_kb < 1024 * 1024);
    }
    CHECK(all_tables_snapshot(db) == before);
    record_figures("enormous: plan files",
                   {{"hostile_inputs", tried}, {"bytes_per_input", ten_megabytes}});
}
