#pragma once

#include "context.h"
#include "eventctl/change/change.h"

namespace eventctl::cli {

// A progress line redrawn on stderr after each batch, only when stderr is a terminal and not
// --quiet; cron logs and pipes see nothing.
class ProgressDisplay {
  public:
    explicit ProgressDisplay(const Context& context);
    ~ProgressDisplay();
    ProgressDisplay(const ProgressDisplay&) = delete;
    ProgressDisplay& operator=(const ProgressDisplay&) = delete;

    // The sink to hand to a mutation; empty when nothing should be drawn.
    ProgressSink sink();
    // Ends the progress line, so what follows starts on a line of its own.
    void finish();

  private:
    const Context& m_context;
    bool m_enabled;
    bool m_drawn = false;
};

} // namespace eventctl::cli
