#pragma once

// --watch [DUR]: a read-only command sampled again and again in one session (its statement and
// lock timeouts kept) until Ctrl-C or SIGTERM, which end it with exit 0. On a terminal each
// sample redraws the screen in place with what changed since the one before; into a pipe, or
// with -o ndjson, each sample is one NDJSON record.

#include "context.h"
#include "watch_args.h"

#include <chrono>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace eventctl::cli {

// How a watch shows its samples.
enum class WatchDisplay { screen, records };

// Declares --watch [DUR] on a command.
void add_watch_option(CLI::App& command, WatchArgs& args);

// The interval asked for (default 2s); throws UsageError for a bad or zero duration.
std::chrono::seconds watch_interval(const WatchArgs& args);

// How samples are shown for the context's format and terminal; throws UsageError (exit 64)
// for a format that cannot be a stream of samples (csv, prometheus).
WatchDisplay watch_display(const Context& context, const std::string& command);

// Blocks SIGINT and SIGTERM for its lifetime, so they end the wait between samples rather than
// the process; a signal that arrives during a sample ends the watch once the sample is shown.
// The signal that ended it, delivered again, does not end the process (stop_signals.h).
class WatchClock {
  public:
    explicit WatchClock(std::chrono::seconds interval);
    ~WatchClock();
    WatchClock(const WatchClock&) = delete;
    WatchClock& operator=(const WatchClock&) = delete;

    // Waits for the next sample's time; false when a stop signal came instead.
    bool wait();

  private:
    std::chrono::seconds m_interval;
    std::chrono::steady_clock::time_point m_next;
    int m_stopped_by = 0; // the signal that ended the wait, if one did
};

// Clears a terminal and writes the heading of one sample: what is watched, where, when.
void draw_heading(std::ostream& out, const std::string& what, const std::string& database,
                  std::chrono::seconds interval, TimePoint at);

// A record of a sample: the document, with the time it was taken (sampled_at).
nlohmann::json watch_record(const nlohmann::json& document, TimePoint at);

} // namespace eventctl::cli
