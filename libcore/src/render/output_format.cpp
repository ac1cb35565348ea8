#include "eventctl/error.h"
#include "eventctl/render/output.h"
#include "eventctl/render/terminal_text.h"

#include <string>

namespace eventctl {

std::string_view to_string(OutputFormat format) {
    switch (format) {
    case OutputFormat::table:
        return "table";
    case OutputFormat::json:
        return "json";
    case OutputFormat::ndjson:
        return "ndjson";
    case OutputFormat::csv:
        return "csv";
    case OutputFormat::prometheus:
        return "prometheus";
    }
    return "table";
}

OutputFormat parse_output_format(std::string_view text) {
    for (auto format : {OutputFormat::table, OutputFormat::json, OutputFormat::ndjson,
                        OutputFormat::csv, OutputFormat::prometheus}) {
        if (to_string(format) == text) {
            return format;
        }
    }
    throw UsageError("invalid output format " + in_quotes(text) +
                     ": expected table, wide, json, ndjson, csv or prometheus");
}

void refuse_format(OutputFormat format, std::string_view what) {
    throw UsageError(std::string(what) + " cannot print -o " + std::string(to_string(format)),
                     format == OutputFormat::prometheus
                         ? "-o prometheus is for outbox stats, log consumers and metrics"
                         : "");
}

} // namespace eventctl
