#pragma once

// Starting and stopping the torture test's helper processes (tests/safety/actors/).

#include "process.h"

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl::test {

// The built helper executables.
std::string relay_worker_binary();
std::string log_consumer_binary();
std::string event_producer_binary();

// Actors running in the background until stop_all; all share one stop file.
class ActorGroup {
  public:
    // limit_seconds: each actor's own deadline, so none outlives a test that died.
    explicit ActorGroup(int limit_seconds);
    ~ActorGroup();
    ActorGroup(const ActorGroup&) = delete;
    ActorGroup& operator=(const ActorGroup&) = delete;

    void start(const std::string& binary, const std::string& conninfo,
               std::vector<std::string> args);
    // Whether any actor has ended already (a crash, or its deadline).
    bool any_exited() const;
    // Asks every actor to stop, waits for each at most timeout, and returns their summaries
    // (one JSON object each; an actor that failed gives {"error": its stderr}).
    std::vector<nlohmann::json> stop_all(std::chrono::milliseconds timeout);
    // After stop_all: whether every actor exited 0 with a summary.
    bool all_succeeded() const { return m_failures.empty(); }
    const std::vector<std::string>& failures() const { return m_failures; }

  private:
    int m_limit_seconds;
    std::string m_dir;
    std::string m_stop_file;
    std::vector<std::unique_ptr<BackgroundProcess>> m_processes;
    std::vector<std::string> m_failures;
};

} // namespace eventctl::test
