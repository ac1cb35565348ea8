#pragma once

#include <string_view>

namespace eventctl {

// The formats every command can print (DESIGN 4.1), and the Prometheus text format that the
// commands with gauges print (the others refuse it).
enum class OutputFormat { table, json, ndjson, csv, prometheus };

// The -o spelling of a format.
std::string_view to_string(OutputFormat format);

// Parses an -o value; throws UsageError naming the accepted values.
OutputFormat parse_output_format(std::string_view text);

// How tables for people are laid out, as the command line asked.
struct TableStyle {
    bool wide = false;   // -o wide: every column, none cut or left out to fit the terminal
    bool headers = true; // --no-headers: the rows alone, no heading line and no footer
};

// Throws UsageError (exit 64): what (a command) cannot print in format.
[[noreturn]] void refuse_format(OutputFormat format, std::string_view what);

// What the renderers may assume about where their text goes.
struct Terminal {
    bool is_tty = false; // stdout is a terminal: truncate to width, colour if allowed
    int width = 0;       // columns available; 0 when unknown or not a terminal
    bool color = false;  // ANSI colours allowed (a terminal, no NO_COLOR, --color not never)
    TableStyle table;
};

} // namespace eventctl
