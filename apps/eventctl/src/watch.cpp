#include "watch.h"

#include "eventctl/error.h"
#include "stop_signals.h"

#include <cerrno>
#include <csignal>
#include <ctime>

namespace eventctl::cli {

void add_watch_option(CLI::App& command, WatchArgs& args) {
    command
        .add_option("--watch", args.interval,
                    "Sample again every DUR (default 2s) until Ctrl-C: redrawn in place on a "
                    "terminal, one NDJSON record per sample otherwise")
        ->option_text("[DUR]")
        ->expected(0, 1);
}

std::chrono::seconds watch_interval(const WatchArgs& args) {
    if (!args.interval || args.interval->empty()) {
        return std::chrono::seconds(2);
    }
    std::chrono::seconds interval;
    try {
        interval = parse_duration(*args.interval);
    } catch (const UsageError& e) {
        throw UsageError(std::string("--watch: ") + e.what());
    }
    if (interval.count() <= 0) {
        throw UsageError("--watch: the interval must be at least 1s");
    }
    return interval;
}

WatchDisplay watch_display(const Context& context, const std::string& command) {
    switch (context.format) {
    case OutputFormat::table:
        return context.terminal.is_tty ? WatchDisplay::screen : WatchDisplay::records;
    case OutputFormat::json:
    case OutputFormat::ndjson:
        return WatchDisplay::records;
    case OutputFormat::csv:
    case OutputFormat::prometheus:
        break;
    }
    throw UsageError(command + " --watch cannot print -o " + std::string(to_string(context.format)),
                     "watch a terminal (table) or take one NDJSON record per sample (-o ndjson)");
}

namespace {

sigset_t stop_signals() {
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    return set;
}

sigset_t previous_mask;

} // namespace

WatchClock::WatchClock(std::chrono::seconds interval)
    : m_interval(interval), m_next(std::chrono::steady_clock::now() + interval) {
    auto set = stop_signals();
    sigprocmask(SIG_BLOCK, &set, &previous_mask);
}

WatchClock::~WatchClock() {
    // The signal that ended the watch may come again (timeout(1) sends it to the process and to
    // its group), pending here or moments later: it must not end the process as it finishes.
    if (m_stopped_by != 0) {
        stopped_by_signal(m_stopped_by);
    }
    sigprocmask(SIG_SETMASK, &previous_mask, nullptr);
}

bool WatchClock::wait() {
    auto set = stop_signals();
    for (;;) {
        auto left = m_next - std::chrono::steady_clock::now();
        if (left < std::chrono::nanoseconds(0)) {
            left = std::chrono::nanoseconds(0);
        }
        auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
        timespec timeout{static_cast<time_t>(nanos / 1'000'000'000),
                         static_cast<long>(nanos % 1'000'000'000)};
        int signal = sigtimedwait(&set, nullptr, &timeout);
        if (signal == SIGINT || signal == SIGTERM) {
            m_stopped_by = signal;
            return false;
        }
        if (signal < 0 && errno == EINTR) {
            continue;
        }
        // A sample that took longer than the interval is followed at once, not by a burst.
        auto now = std::chrono::steady_clock::now();
        m_next = std::max(m_next + m_interval, now);
        if (signal < 0 && errno == EAGAIN) {
            return true;
        }
    }
}

void draw_heading(std::ostream& out, const std::string& what, const std::string& database,
                  std::chrono::seconds interval, TimePoint at) {
    // Home and clear: the next sample replaces this one instead of scrolling.
    out << "\x1b[H\x1b[2J"
        << "Every " << format_duration(interval) << ": " << what << " on " << database << "   "
        << format_rfc3339(std::chrono::time_point_cast<std::chrono::seconds>(at))
        << "   (Ctrl-C to stop)\n\n";
}

nlohmann::json watch_record(const nlohmann::json& document, TimePoint at) {
    nlohmann::json record = {{"sampled_at", format_rfc3339(at)}};
    for (const auto& [key, value] : document.items()) {
        record[key] = value;
    }
    return record;
}

} // namespace eventctl::cli
