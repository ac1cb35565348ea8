// eventctl metrics and -o prometheus against a real server, each page read back by the
// Prometheus client library's own text-format parser: before and after a failed connection,
// and written to a textfile atomically.

#include "process.h"
#include "prometheus_text.h"
#include "test_database.h"

#include <atomic>
#include <catch2/catch.hpp>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

using namespace eventctl::test;

namespace {

void seed(const TestDatabase& db) {
    db.exec("INSERT INTO outbox (event_type, payload, status, created_at) SELECT 'E', '{}', "
            "'pending', now() - interval '90 seconds' FROM generate_series(1, 3)");
    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'dead' "
            "FROM generate_series(1, 2)");
    db.exec("INSERT INTO outbox (event_type, payload, status, locked_until) VALUES "
            "('E', '{}', 'processing', now() - interval '1 minute')");
    db.exec("INSERT INTO event_log (event_type, payload) SELECT 'E', '{}' "
            "FROM generate_series(1, 20)");
    // A consumer name a label must escape.
    db.exec("INSERT INTO event_consumers (consumer, position, updated_at) VALUES "
            "('billing', 15, now()), ('say \"hi\"\\', 20, now())");
}

std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

std::string temporary_directory() {
    char pattern[] = "/tmp/eventctl-textfile-XXXXXX";
    return mkdtemp(pattern);
}

} // namespace

TEST_CASE("metrics: a page the Prometheus parser reads, before and after a failed connection") {
    TestDatabase db;
    seed(db);
    auto ok = run_eventctl({"metrics", "-d", db.conninfo()});
    INFO(ok.err);
    REQUIRE(ok.exit_code == 0);
    auto page = parse_prometheus(ok.out);
    const nlohmann::json outbox = {{"layout", "canonical"}, {"table", "public.outbox"}};
    CHECK(sample_value(page, "eventctl_scrape_success") == 1);
    CHECK(sample_value(page, "eventctl_scrape_duration_seconds") > 0);
    auto pending = outbox;
    pending["status"] = "pending";
    CHECK(sample_value(page, "eventctl_outbox_entries", pending) == 3);
    auto dead = outbox;
    dead["status"] = "dead";
    CHECK(sample_value(page, "eventctl_outbox_entries", dead) == 2);
    CHECK(sample_value(page, "eventctl_outbox_stale_locks", outbox) == 1);
    CHECK(sample_value(page, "eventctl_outbox_oldest_pending_age_seconds", outbox) >= 90);
    CHECK(sample_value(page, "eventctl_log_head") == 20);
    CHECK(sample_value(page, "eventctl_consumer_lag_events", {{"consumer", "billing"}}) == 5);
    CHECK(sample_value(page, "eventctl_consumer_position", {{"consumer", "say \"hi\"\\"}}) == 20);
    CHECK(sample_value(page, "eventctl_consumer_status",
                       {{"consumer", "billing"}, {"status", "ok"}}) == 1);
    CHECK(sample_value(page, "eventctl_consumer_status",
                       {{"consumer", "billing"}, {"status", "stalled"}}) == 0);
    for (const auto& [name, family] : page["families"].items()) {
        INFO(name);
        CHECK(name.rfind("eventctl_", 0) == 0);
        CHECK(family["type"] == "gauge");
        CHECK_FALSE(family["help"].get<std::string>().empty());
        for (const auto& sample : family["samples"]) {
            for (const auto& [label, value] : sample["labels"].items()) {
                CHECK((label == "layout" || label == "table" || label == "status" ||
                       label == "consumer"));
            }
        }
    }

    auto failed = run_eventctl({"metrics", "-d", "host=/nonexistent port=1"});
    CHECK(failed.exit_code == 69);
    CHECK_THAT(failed.err, Catch::Contains("cannot reach the database"));
    auto failed_page = parse_prometheus(failed.out);
    CHECK(sample_value(failed_page, "eventctl_scrape_success") == 0);
    CHECK(failed_page["families"].size() == 2);

    // Each half alone, from the commands that have it.
    auto stats = run_eventctl({"outbox", "stats", "-d", db.conninfo(), "-o", "prometheus"});
    REQUIRE(stats.exit_code == 0);
    auto stats_page = parse_prometheus(stats.out);
    CHECK(sample_value(stats_page, "eventctl_outbox_entries", pending) == 3);
    CHECK_FALSE(stats_page["families"].contains("eventctl_log_head"));
    auto consumers = run_eventctl({"log", "consumers", "-d", db.conninfo(), "-o", "prometheus"});
    REQUIRE(consumers.exit_code == 0);
    CHECK(sample_value(parse_prometheus(consumers.out), "eventctl_log_head") == 20);
}

TEST_CASE("metrics: commands without gauges refuse -o prometheus before connecting") {
    for (std::vector<std::string> args : {std::vector<std::string>{"outbox", "list"},
                                          {"outbox", "show", "x"},
                                          {"log", "replay"},
                                          {"doctor"},
                                          {"outbox", "purge", "--older-than", "1d", "--yes"}}) {
        args.insert(args.end(), {"-d", "host=/nonexistent port=1", "-o", "prometheus"});
        auto result = run_eventctl(args);
        INFO(args[0] << " " << args[1] << ": " << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK_THAT(result.err, Catch::Contains("-o prometheus is printed by"));
    }
}

TEST_CASE("metrics: what a page cannot hold is refused before connecting, never left out") {
    struct Refusal {
        std::vector<std::string> args;
        std::string says;
    };
    // A label per tenant is a series per tenant; a rate read inside one scrape is Prometheus's
    // to take over its own window.
    for (auto refusal : {Refusal{{"outbox", "stats", "--by", "tenant"}, "takes no --by"},
                         Refusal{{"outbox", "stats", "--by", "event-type"}, "takes no --by"},
                         Refusal{{"log", "consumers", "--sample", "1s"}, "takes no --sample"},
                         // The Prometheus page is metrics' default, not a table asked for.
                         Refusal{{"metrics", "-o", "table"}, "metrics cannot print -o table"},
                         Refusal{{"metrics", "-o", "wide"}, "metrics cannot print -o table"}}) {
        refusal.args.insert(refusal.args.end(), {"-d", "host=/nonexistent port=1"});
        if (refusal.args[0] != "metrics") {
            refusal.args.insert(refusal.args.end(), {"-o", "prometheus"});
        }
        auto result = run_eventctl(refusal.args);
        INFO(refusal.args[0] << " " << refusal.args[1] << " " << refusal.args[2] << ": "
                             << result.err);
        CHECK(result.exit_code == 64);
        CHECK(result.out.empty());
        CHECK_THAT(result.err, Catch::Contains(refusal.says));
    }
}

TEST_CASE("metrics: --textfile replaces the file by a rename, never writing into it") {
    TestDatabase db;
    seed(db);
    auto directory = temporary_directory();
    auto path = directory + "/eventctl.prom";
    {
        std::ofstream old(path);
        old << "# an old page\n";
    }
    struct stat before {};
    REQUIRE(stat(path.c_str(), &before) == 0);
    // Held open, the old file's inode cannot be freed and given to one of the new pages, so a
    // different inode afterwards means a rename; and what it holds then shows it was never
    // written into.
    int old_file = open(path.c_str(), O_RDONLY);
    REQUIRE(old_file >= 0);

    // A reader that keeps reading while pages are written: it must only ever see whole ones.
    std::atomic<bool> done{false};
    std::atomic<int> reads{0};
    std::atomic<int> partial{0};
    std::thread reader([&] {
        while (!done) {
            auto text = read_file(path);
            ++reads;
            bool old_page = text == "# an old page\n";
            bool whole = text.rfind("# HELP eventctl_", 0) == 0 &&
                         text.find("\neventctl_scrape_duration_seconds ") != std::string::npos &&
                         text.back() == '\n';
            if (!old_page && !whole) {
                ++partial;
            }
        }
    });
    for (int i = 0; i < 8; ++i) {
        auto result = run_eventctl({"metrics", "-d", db.conninfo(), "--textfile", path});
        INFO(result.err);
        CHECK(result.exit_code == 0);
        CHECK(result.out.empty());
    }
    done = true;
    reader.join();
    CHECK(partial == 0);
    CHECK(reads > 0);

    struct stat after {};
    REQUIRE(stat(path.c_str(), &after) == 0);
    CHECK(after.st_ino != before.st_ino); // renamed over, not rewritten in place
    char old_text[64] = {};
    auto old_size = pread(old_file, old_text, sizeof old_text - 1, 0);
    close(old_file);
    CHECK(std::string(old_text, old_size > 0 ? static_cast<std::size_t>(old_size) : 0) ==
          "# an old page\n");
    CHECK((after.st_mode & 0777) == 0644);
    auto page = parse_prometheus(read_file(path));
    CHECK(sample_value(page, "eventctl_scrape_success") == 1);
    // Nothing else is left in the directory: no temporary file.
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(directory)) {
        ++files;
    }
    CHECK(files == 1);

    // A failed read replaces the page with one that says so.
    auto failed = run_eventctl({"metrics", "-d", "host=/nonexistent port=1", "--textfile", path});
    CHECK(failed.exit_code == 69);
    CHECK(sample_value(parse_prometheus(read_file(path)), "eventctl_scrape_success") == 0);

    // A file that cannot be written: exit 64, the old page stays.
    auto unwritable = run_eventctl(
        {"metrics", "-d", db.conninfo(), "--textfile", directory + "/no-such-dir/eventctl.prom"});
    CHECK(unwritable.exit_code == 64);
    CHECK_THAT(unwritable.err, Catch::Contains("--textfile: cannot write"));
    std::filesystem::remove_all(directory);
}

TEST_CASE("metrics: -o json holds both documents, and a layout with only an outbox its half") {
    TestDatabase db;
    seed(db);
    auto json = run_eventctl({"metrics", "-d", db.conninfo(), "-o", "json"});
    REQUIRE(json.exit_code == 0);
    auto document = nlohmann::json::parse(json.out);
    CHECK(document["outbox"]["by_status"]["pending"] == 3);
    CHECK(document["log"]["head"] == 20);
    auto csv = run_eventctl({"metrics", "-d", db.conninfo(), "-o", "csv"});
    CHECK(csv.exit_code == 64);
    auto with_textfile =
        run_eventctl({"metrics", "-d", db.conninfo(), "-o", "json", "--textfile", "/tmp/x.prom"});
    CHECK(with_textfile.exit_code == 64);
}
