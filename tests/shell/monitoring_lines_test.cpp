// The lines an operator copies into a crontab and a Nagios or Icinga configuration, taken from
// the manual pages that show them (and that the README quotes) and run as written: only the
// binary's path, the textfile directory and the check's $ARG1$ are put in for this machine.

#include "child_process.h"
#include "prometheus_text.h"
#include "temp_directory.h"
#include "test_database.h"

#include <catch2/catch.hpp>
#include <fstream>
#include <sstream>

using namespace eventctl::test;

namespace {

// The first line of a man page's source starting with prefix (after leading blanks), with the
// roff escapes of an example (\- and \e) read as the reader sees them.
std::string example_line(const std::string& page, const std::string& prefix) {
    std::ifstream file(std::string(EVENTCTL_SOURCE_DIR) + "/man/" + page);
    std::string line;
    while (std::getline(file, line)) {
        auto start = line.find_first_not_of(' ');
        if (start == std::string::npos || line.compare(start, prefix.size(), prefix) != 0) {
            continue;
        }
        std::string text;
        for (std::size_t i = start; i < line.size(); ++i) {
            if (line[i] == '\\' && i + 1 < line.size()) {
                text.push_back(line[i + 1] == 'e' ? '\\' : line[i + 1]);
                ++i;
            } else {
                text.push_back(line[i]);
            }
        }
        return text;
    }
    FAIL(page << " has no example line starting with " << prefix);
    return {};
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
    for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
        text.replace(at, from.size(), to);
    }
    return text;
}

std::string read_file(const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
}

} // namespace

TEST_CASE("monitoring lines: the node_exporter textfile cron line writes a page", "[db]") {
    TestDatabase db;
    db.exec("INSERT INTO outbox (event_type, payload, status) VALUES ('E', '{}', 'dead')");
    auto cron = example_line("eventctl-metrics.1", "* * * * * ");
    auto command = cron.substr(std::string("* * * * * ").size());
    CHECK(command == "/usr/bin/eventctl metrics --textfile "
                     "/var/lib/prometheus/node-exporter/eventctl.prom");
    TempDirectory directory;
    command = replaced(command, "/usr/bin/eventctl", std::string(EVENTCTL_BINARY));
    command = replaced(command, "/var/lib/prometheus/node-exporter", directory.path());
    // cron runs the command with /bin/sh, the crontab's EVENTCTL_DB in its environment.
    auto result = run_child({"/bin/sh", "-c", command}, {{"EVENTCTL_DB", db.conninfo()}});
    INFO(command << "\n" << result.err);
    CHECK(result.exit_code == 0);
    CHECK(result.out.empty());
    auto page = parse_prometheus(read_file(directory.path() + "/eventctl.prom"));
    CHECK(sample_value(page, "eventctl_scrape_success") == 1);
    CHECK(sample_value(page, "eventctl_outbox_entries", {{"status", "dead"}}) == 1);
}

TEST_CASE("monitoring lines: the Nagios and Icinga command definition checks", "[db]") {
    TestDatabase db;
    auto definition = example_line("eventctl-check.1", "command_line ");
    auto command = definition.substr(definition.find("/usr/bin/eventctl"));
    CHECK(command == "/usr/bin/eventctl check -d '$ARG1$' --oldest-pending 5m:15m --dead 10:100 "
                     "--consumer-lag 1000:10000 --stalled-consumers 0:1");
    command = replaced(command, "/usr/bin/eventctl", std::string(EVENTCTL_BINARY));
    // Nagios puts the service's first argument in place of $ARG1$ and runs the line with sh.
    command = replaced(command, "$ARG1$", db.conninfo());
    auto ok = run_child({"/bin/sh", "-c", command});
    INFO(command << "\n" << ok.out << ok.err);
    CHECK(ok.exit_code == 0);
    CHECK_THAT(ok.out, Catch::StartsWith("EVENTCTL OK - 4 checks ok | "));

    db.exec("INSERT INTO outbox (event_type, payload, status) SELECT 'E', '{}', 'dead' "
            "FROM generate_series(1, 150)");
    auto critical = run_child({"/bin/sh", "-c", command});
    CHECK(critical.exit_code == 2);
    CHECK_THAT(critical.out, Catch::StartsWith("EVENTCTL CRITICAL - dead 150 > 100 | "));
}
