#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace eventctl {

// JSON text for output: compact (one line, for ndjson) or indented; invalid UTF-8 in data is
// replaced rather than aborting the command halfway through its output.
std::string json_text(const nlohmann::json& value, bool indented);

} // namespace eventctl
