#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace eventctl::test {

// Parses a Prometheus text page with the Prometheus client library's parser (Debian's
// python3-prometheus-client, run by /usr/bin/python3) and returns {"families": {NAME: {"type",
// "help", "samples": [{"name", "labels", "value"}]}}}; throws std::runtime_error with the
// parser's complaint when the page does not parse.
nlohmann::json parse_prometheus(const std::string& text);

// The value of the sample of family name whose labels include every label given; throws when
// there is none.
double sample_value(const nlohmann::json& page, const std::string& name,
                    const nlohmann::json& labels = nlohmann::json::object());

} // namespace eventctl::test
