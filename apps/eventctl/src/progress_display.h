#pragma once

#include "context.h"
#include "eventctl/change/change.h"

#include <chrono>
#include <optional>

namespace eventctl::cli {

// A progress line redrawn on stderr after each batch, only when stderr is a terminal and not
// --quiet; cron logs and pipes see nothing.
class ProgressDisplay {
  public:
    explicit ProgressDisplay(const Context& context);
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    // The count a confirmed preview found: the line then says "of N" and the time left.
    void set_total(std::int64_t total) { m_total = total; }
    // The sink to hand to a mutation; empty when nothing should be drawn.
    ProgressSink sink();
    // Ends the progress line, so what follows starts on a line of its own.
    void finish();

  private:
    const Context& m_context;
    bool m_enabled;
    bool m_drawn = false;
    std::optional<std::int64_t> m_total;
    std::chrono::steady_clock::time_point m_started = std::chrono::steady_clock::now();
};

} // namespace eventctl::cli
