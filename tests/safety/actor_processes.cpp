#include "actor_processes.h"

#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <unistd.h>

namespace eventctl::test {

std::string relay_worker_binary() {
    return TORTURE_RELAY_WORKER;
}

std::string log_consumer_binary() {
    return TORTURE_LOG_CONSUMER;
}

std::string event_producer_binary() {
    return TORTURE_EVENT_PRODUCER;
}

ActorGroup::ActorGroup(int limit_seconds) : m_limit_seconds(limit_seconds) {
    char dir[] = "/tmp/eventctl-torture-XXXXXX";
    if (mkdtemp(dir) == nullptr) {
        throw std::runtime_error("mkdtemp failed");
    }
    m_dir = dir;
    m_stop_file = m_dir + "/stop";
}

ActorGroup::~ActorGroup() {
    std::ofstream(m_stop_file).put('\n');
    m_processes.clear(); // kills and reaps any still running
    std::remove(m_stop_file.c_str());
    rmdir(m_dir.c_str());
}

void ActorGroup::start(const std::string& binary, const std::string& conninfo,
                       std::vector<std::string> args) {
    args.insert(args.begin(), conninfo);
    args.insert(args.end(),
                {"--stop-file", m_stop_file, "--seconds", std::to_string(m_limit_seconds)});
    m_processes.push_back(std::make_unique<BackgroundProcess>(binary, args));
}

bool ActorGroup::any_exited() const {
    for (const auto& process : m_processes) {
        if (process->exited()) {
            return true;
        }
    }
    return false;
}

std::vector<nlohmann::json> ActorGroup::stop_all(std::chrono::milliseconds timeout) {
    std::ofstream(m_stop_file).put('\n');
    std::vector<nlohmann::json> summaries;
    for (auto& process : m_processes) {
        auto result = process->wait_for(timeout);
        auto last_line = result.out.substr(result.out.rfind('\n', result.out.size() - 2) + 1);
        if (result.exit_code != 0 || result.out.empty()) {
            m_failures.push_back("exit " + std::to_string(result.exit_code) + ": " + result.err);
            summaries.push_back({{"error", result.err}});
            continue;
        }
        summaries.push_back(nlohmann::json::parse(last_line));
    }
    return summaries;
}

} // namespace eventctl::test
