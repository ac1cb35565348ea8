#include "stop_signals.h"

#include <atomic>
#include <csignal>
#include <cstdint>
#include <ctime>

namespace eventctl::cli {

namespace {

// timeout(1) sends its signal to the process and again to its process group: two deliveries of
// one request, moments apart. A person's second Ctrl-C comes later.
constexpr std::int64_t same_request_ns = 500'000'000;

std::atomic<int> received{0};
std::atomic<std::int64_t> received_at_ns{0};
struct sigaction previous_int;
struct sigaction previous_term;

// clock_gettime is async-signal-safe; the steady clock's now() is not promised to be.
std::int64_t monotonic_ns() {
    timespec now{};
    clock_gettime(CLOCK_MONOTONIC, &now);
    return static_cast<std::int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec;
}

extern "C" void note_signal(int signal) {
    auto now = monotonic_ns();
    int none = 0;
    if (received.compare_exchange_strong(none, signal)) {
        received_at_ns.store(now);
        return;
    }
    if (now - received_at_ns.load() < same_request_ns) {
        return;
    }
    // A second request ends the process at once, as without eventctl's handler: the signal is
    // blocked while its handler runs, so it is delivered, by default, as the handler returns.
    std::signal(signal, SIG_DFL);
    std::raise(signal);
}

void install_handler(struct sigaction* previous_int_out, struct sigaction* previous_term_out) {
    struct sigaction action {};
    action.sa_handler = note_signal;
    // Neither interrupts the other's handler halfway through noting the first request.
    sigemptyset(&action.sa_mask);
    sigaddset(&action.sa_mask, SIGINT);
    sigaddset(&action.sa_mask, SIGTERM);
    // Restarted system calls: libpq's wait for the batch in flight goes on, and the batch commits.
    action.sa_flags = SA_RESTART;
    sigaction(SIGINT, &action, previous_int_out);
    sigaction(SIGTERM, &action, previous_term_out);
}

} // namespace

StopSignals::StopSignals() {
    received.store(0);
    received_at_ns.store(0);
    install_handler(&previous_int, &previous_term);
}

StopSignals::~StopSignals() {
    // A change a signal stopped keeps the rule while its result is printed: the signal's second
    // delivery may come yet.
    if (received.load() != 0) {
        return;
    }
    sigaction(SIGINT, &previous_int, nullptr);
    sigaction(SIGTERM, &previous_term, nullptr);
}

StopRequest StopSignals::request() const {
    return StopRequest(&received);
}

void stopped_by_signal(int signal) {
    received_at_ns.store(monotonic_ns());
    received.store(signal);
    install_handler(nullptr, nullptr);
}

} // namespace eventctl::cli
