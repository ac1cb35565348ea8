#include "actor.h"

#include <cstdio>
#include <iostream>
#include <stdexcept>
#include <sys/stat.h>
#include <thread>

namespace eventctl::torture {

ActorArgs::ActorArgs(int argc, char** argv) {
    if (argc < 2 || argc % 2 != 0) {
        throw std::runtime_error("usage: CONNINFO [--key value]...");
    }
    m_conninfo = argv[1];
    for (int i = 2; i + 1 < argc; i += 2) {
        std::string key = argv[i];
        if (key.rfind("--", 0) != 0) {
            throw std::runtime_error("expected --key, got " + key);
        }
        m_values[key.substr(2)] = argv[i + 1];
    }
}

std::string ActorArgs::text(const std::string& key, const std::string& fallback) const {
    auto found = m_values.find(key);
    return found == m_values.end() ? fallback : found->second;
}

int ActorArgs::number(const std::string& key, int fallback) const {
    auto found = m_values.find(key);
    return found == m_values.end() ? fallback : std::stoi(found->second);
}

StopCondition::StopCondition(const ActorArgs& args)
    : m_stop_file(args.text("stop-file", "")),
      m_deadline(std::chrono::steady_clock::now() +
                 std::chrono::seconds(args.number("seconds", 60))) {}

bool StopCondition::reached() const {
    struct stat info {};
    return std::chrono::steady_clock::now() >= m_deadline ||
           (!m_stop_file.empty() && stat(m_stop_file.c_str(), &info) == 0);
}

void pause_between(std::mt19937& random, int low_ms, int high_ms) {
    std::uniform_int_distribution<int> pick(low_ms, high_ms);
    std::this_thread::sleep_for(std::chrono::milliseconds(pick(random)));
}

void print_summary(const nlohmann::json& summary) {
    std::cout << summary.dump() << std::endl;
}

int run_actor(const char* name, int argc, char** argv, void (*body)(const ActorArgs&)) {
    try {
        ActorArgs args(argc, argv);
        body(args);
        return 0;
    } catch (const std::exception& error) {
        std::cerr << name << ": " << error.what() << std::endl;
        return 1;
    }
}

} // namespace eventctl::torture
