#include "fault_support.h"

#include "polling.h"

#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace eventctl::test {

std::string fault_server() {
    std::ifstream file(std::string(FAULT_CLUSTER_STATE_DIR) + "/conninfo");
    std::string conninfo;
    if (!std::getline(file, conninfo) || conninfo.empty()) {
        throw std::runtime_error("no fault server: run the [faults] tests through ctest, which "
                                 "starts one (fixture postgres_faults)");
    }
    return conninfo;
}

void restart_fault_server() {
    std::string command = std::string("bash ") + FAULT_CLUSTER_SCRIPT + " restart " +
                          FAULT_CLUSTER_STATE_DIR + " >/dev/null";
    if (std::system(command.c_str()) != 0) {
        throw std::runtime_error("restarting the fault server failed: " + command);
    }
    auto server = fault_server();
    bool up = poll_until(
        [&] {
            try {
                pqxx::connection probe(server);
                return true;
            } catch (const std::exception&) {
                return false;
            }
        },
        std::chrono::seconds(60), std::chrono::milliseconds(100));
    if (!up) {
        throw std::runtime_error("the fault server did not come back within 60 s");
    }
}

bool is_one_line_error(const std::string& err) {
    if (err.rfind("eventctl: ", 0) != 0 || err.find("internal error") != std::string::npos ||
        err.empty() || err.back() != '\n') {
        return false;
    }
    auto first_end = err.find('\n');
    auto rest = err.substr(first_end + 1);
    return rest.empty() || (rest.rfind("HINT: ", 0) == 0 && rest.find('\n') == rest.size() - 1);
}

bool wait_until_no_eventctl_session(const TestDatabase& db, std::chrono::milliseconds timeout) {
    return poll_until(
        [&] {
            return db.scalar("SELECT count(*) FROM pg_stat_activity WHERE datname = "
                             "current_database() AND application_name LIKE 'eventctl/%'") == "0";
        },
        timeout);
}

int terminate_sessions(const TestDatabase& db, const std::string& command) {
    return std::stoi(db.scalar("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = current_database() AND application_name = "
                               "'eventctl/" +
                               command + "'"));
}

ProcessResult rerun_until_done(const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout) {
    ProcessResult result;
    poll_until(
        [&] {
            result = run_eventctl(args);
            return result.exit_code != 75;
        },
        timeout, std::chrono::milliseconds(100));
    return result;
}

} // namespace eventctl::test
