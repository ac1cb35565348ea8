#include "error_output.h"

#include "eventctl/render/json_text.h"
#include "eventctl/render/terminal_text.h"

#include <nlohmann/json.hpp>

namespace eventctl::cli {

void report_error(const ErrorReport& report, std::optional<OutputFormat> format, std::ostream& out,
                  std::ostream& err) {
    // Messages quote what the server, a file or the command line said; whatever escaped the
    // quoting at its source (a server's message) is escaped here.
    err << "eventctl: " << terminal_safe(report.message) << '\n';
    if (!report.hint.empty()) {
        err << "HINT: " << terminal_safe(report.hint) << '\n';
    }
    if (format == OutputFormat::json || format == OutputFormat::ndjson) {
        nlohmann::json record = {
            {"error", report.message},
            {"exit_code", to_int(report.code)},
            {"hint", report.hint.empty() ? nlohmann::json() : nlohmann::json(report.hint)}};
        out << json_text(record, false) << '\n' << std::flush;
    }
}

std::optional<OutputFormat> format_in_args(const std::vector<std::string>& args) {
    std::optional<std::string> named;
    bool json = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const auto& arg = args[i];
        if (arg == "--") {
            break;
        }
        if (arg == "--json") {
            json = true;
        } else if ((arg == "-o" || arg == "--output") && i + 1 < args.size()) {
            named = args[++i];
        } else if (arg.rfind("--output=", 0) == 0) {
            named = arg.substr(9);
        } else if (arg.rfind("-o", 0) == 0 && arg.size() > 2) {
            named = arg.substr(2);
        }
    }
    if (json) {
        return OutputFormat::json;
    }
    if (named) {
        try {
            return parse_output_format(*named);
        } catch (const std::exception&) {
            return std::nullopt;
        }
    }
    return std::nullopt;
}

} // namespace eventctl::cli
