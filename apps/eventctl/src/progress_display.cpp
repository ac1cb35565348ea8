#include "progress_display.h"

#include "eventctl/render/mutation.h"

#include <chrono>
#include <optional>
#include <unistd.h>

namespace eventctl::cli {

ProgressDisplay::ProgressDisplay(const Context& context)
    : m_context(context), m_enabled(isatty(STDERR_FILENO) == 1 && !context.global.quiet) {}

ProgressDisplay::~ProgressDisplay() {
    finish();
}

void ProgressDisplay::finish() {
    if (m_drawn) {
        m_context.err << '\n';
        m_drawn = false;
    }
}

ProgressSink ProgressDisplay::sink() {
    if (!m_enabled) {
        return {};
    }
    return [this](const ChangeProgress& result) {
        int width = m_context.terminal.width > 0 ? m_context.terminal.width : 80;
        // \r and erase-line redraw in place; the final newline comes from the destructor.
        std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - m_started;
        m_context.err << "\r\x1b[K" << progress_line(result, width, {m_total, elapsed.count()})
                      << std::flush;
        m_drawn = true;
    };
}

} // namespace eventctl::cli
