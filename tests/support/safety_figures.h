#pragma once

#include <nlohmann/json.hpp>
#include <string>

namespace eventctl::test {

// Appends one NDJSON line {"test": NAME, ...figures} to the safety figures file
// (EVENTCTL_FIGURES_FILE, else the build's safety-figures.ndjson); scripts/safety-report.sh
// adds them up for SAFETY.md. One write per line, so tests running in parallel never interleave.
void record_figures(const std::string& test, nlohmann::json figures);

// A whole-number setting from the environment (e.g. EVENTCTL_TORTURE_SECONDS), or fallback when
// it is unset or empty: CI runs the short fallback, a developer asks for a longer run.
int env_setting(const char* name, int fallback);

} // namespace eventctl::test
