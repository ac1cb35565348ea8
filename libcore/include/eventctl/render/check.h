#pragma once

// eventctl check's output: the monitoring-plugin text (a status line with perfdata, then a line
// per check) that Nagios, Icinga and their kin read, or a JSON document.

#include "eventctl/check/check.h"
#include "eventctl/error_report.h"
#include "eventctl/render/output.h"

#include <nlohmann/json.hpp>
#include <ostream>
#include <string>

namespace eventctl {

// The plugin text: "EVENTCTL CRITICAL - dead 150 > 100 | dead=150;10;100;0;" and a line per
// check.
std::string nagios_text(const CheckReport& report);

// The check document: status, exit_code, summary, checks, and the standby's lag when read from
// one.
nlohmann::json check_json(const CheckReport& report);

// Writes the report: the plugin text for table, the document for json and ndjson; refuses csv
// and prometheus.
void render_check(std::ostream& out, const CheckReport& report, OutputFormat format);

// What check prints when it cannot check (exit 3 UNKNOWN): the plugin line, or for json and
// ndjson the error document (status, exit_code, error, hint).
void render_check_error(std::ostream& out, const ErrorReport& error, OutputFormat format);

} // namespace eventctl
