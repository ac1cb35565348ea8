#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace eventctl {

// JSON text for output: compact (one line, for ndjson) or indented; invalid UTF-8 in data is
// replaced rather than aborting the command halfway through its output.
std::string json_text(const nlohmann::json& value, bool indented);

// A document read from a text column, made safe to splice into output: JSON re-written on one
// line (an NDJSON line must not break), anything else as a JSON string holding the text.
std::string one_line_json(const std::string& text);

// Fields whose values are JSON text to keep verbatim (payloads: re-encoding would round numbers).
using RawJsonFields = std::vector<std::pair<std::string, std::optional<std::string>>>;

// An object's JSON text with raw fields appended: each value written as stored when it is
// valid JSON, as a JSON string when it is not (a text column), null when absent.
std::string json_text(const nlohmann::json& object, const RawJsonFields& raw, bool indented);

} // namespace eventctl
