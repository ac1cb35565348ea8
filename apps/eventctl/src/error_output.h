#pragma once

// How a failure reaches the user: one line on stderr ("eventctl: ..." and a "HINT: ..." line),
// and under -o json or ndjson one JSON object on stdout as well, so a script or a cron log that
// reads stdout gets a record of every outcome (DESIGN 7).

#include "eventctl/error_report.h"
#include "eventctl/render/output.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl::cli {

// Writes the report: the lines on err, escaped for the terminal, and with a machine format
// {"error", "exit_code", "hint"} on out.
void report_error(const ErrorReport& report, std::optional<OutputFormat> format, std::ostream& out,
                  std::ostream& err);

// The output format a command line asks for (-o, --output, --json), read from the words
// themselves: for errors found before or while they are parsed. Empty when none is given or the
// value is not a format.
std::optional<OutputFormat> format_in_args(const std::vector<std::string>& args);

} // namespace eventctl::cli
