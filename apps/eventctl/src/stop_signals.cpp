#include "stop_signals.h"

#include <atomic>
#include <csignal>

namespace eventctl::cli {

namespace {

std::atomic<int> received{0};
struct sigaction previous_int;
struct sigaction previous_term;

extern "C" void note_signal(int signal) {
    received.store(signal);
    // The next one is not asked: it ends the process.
    std::signal(signal, SIG_DFL);
}

} // namespace

StopSignals::StopSignals() {
    received.store(0);
    struct sigaction action {};
    action.sa_handler = note_signal;
    sigemptyset(&action.sa_mask);
    // Restarted system calls: libpq's wait for the batch in flight goes on, and the batch commits.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, &previous_int);
    sigaction(SIGTERM, &action, &previous_term);
}

StopSignals::~StopSignals() {
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
}

StopRequest StopSignals::request() const {
    return StopRequest(&received);
}

} // namespace eventctl::cli
