#include "eventctl/change/change.h"

#include <algorithm>
#include <csignal>
#include <thread>

namespace eventctl {

std::optional<std::string> StopRequest::reason() const {
    if (m_signal == nullptr) {
        return std::nullopt;
    }
    switch (m_signal->load()) {
    case 0:
        return std::nullopt;
    case SIGINT:
        return "SIGINT";
    case SIGTERM:
        return "SIGTERM";
    default:
        return "signal " + std::to_string(m_signal->load());
    }
}

bool StopRequest::wait_until(std::chrono::steady_clock::time_point deadline) const {
    // Short slices: a signal's handler only sets a flag, and a sleep would outlast it.
    constexpr auto slice = std::chrono::milliseconds(50);
    while (!reason()) {
        auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            return true;
        }
        std::this_thread::sleep_until(std::min(deadline, now + slice));
    }
    return false;
}

namespace {

TimePoint now() {
    return std::chrono::time_point_cast<Microseconds>(Clock::now());
}

} // namespace

RunRecord start_record(const std::string& database) {
    RunRecord record;
    record.started_at = now();
    record.finished_at = record.started_at;
    record.database = database;
    return record;
}

void finish_record(RunRecord& record) {
    record.finished_at = now();
}

} // namespace eventctl
