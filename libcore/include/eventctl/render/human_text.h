#pragma once

// Numbers, ages and selections in the words a person reads at a prompt or under a table; the
// machine formats keep their own forms (plain integers, seconds, JSON).

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

// Items joined with ", ", for one-line messages.
std::string joined(const std::vector<std::string>& items);

// n with thousands separators: 1234567 as "1,234,567".
std::string grouped(std::int64_t n);

// An age to the precision that matters: "45s", "7m", "3h12m", "2d4h", "58d", rounded down, as
// kubectl shows ages; "-" for a negative one (a clock ahead of the server's).
std::string short_age(std::chrono::seconds age);

// A resolved selection (the "selection" of a change's JSON) as words: "status failed or dead,
// event type OrderPlaced, created after 2026-11-01T00:00:00Z". Text values are escaped for the
// terminal.
std::string describe_selection(const nlohmann::json& selection);

// "table on database@host:port", the words every prompt and footer names the target with.
std::string target_words(const std::string& table, const std::string& database);

} // namespace eventctl
