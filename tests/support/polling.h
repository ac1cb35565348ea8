#pragma once

#include <chrono>
#include <functional>

namespace eventctl::test {

// Checks condition every interval until it holds or timeout has passed, and says whether it
// held: how tests wait for something to happen, never with a bare sleep.
bool poll_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

} // namespace eventctl::test
