#pragma once

// What the torture test's helper processes share: their command line, when to stop, and the
// one JSON line each prints when it ends.

#include <chrono>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <string>

namespace eventctl::torture {

// An actor's command line: CONNINFO followed by --key value pairs.
class ActorArgs {
  public:
    ActorArgs(int argc, char** argv);

    const std::string& conninfo() const { return m_conninfo; }
    std::string text(const std::string& key, const std::string& fallback) const;
    int number(const std::string& key, int fallback) const;

  private:
    std::string m_conninfo;
    std::map<std::string, std::string> m_values;
};

// Runs until the stop file exists or the time limit passes, whichever is first; the limit means
// an actor left behind by a crashed test still ends by itself.
class StopCondition {
  public:
    explicit StopCondition(const ActorArgs& args);
    bool reached() const;

  private:
    std::string m_stop_file;
    std::chrono::steady_clock::time_point m_deadline;
};

// Sleeps a random time in [low, high] ms: an actor's own pace (how long a relay holds a row,
// how often a consumer acknowledges), not a wait for anything.
void pause_between(std::mt19937& random, int low_ms, int high_ms);

// Prints the actor's summary as one JSON line on stdout, for the test to read.
void print_summary(const nlohmann::json& summary);

// Runs body, turning an exception into a message and exit 1 so the test sees why.
int run_actor(const char* name, int argc, char** argv, void (*body)(const ActorArgs&));

} // namespace eventctl::torture
