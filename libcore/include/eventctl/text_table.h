#pragma once

#include "eventctl/output.h"

#include <optional>
#include <ostream>
#include <string>
#include <vector>

namespace eventctl {

// One table cell: its text and, on a colour terminal, the ANSI colour to show it in.
struct Cell {
    std::string text;
    const char* color = nullptr; // an SGR code such as "32"; nullptr for plain
};

// Aligned columns for people. Rows are buffered and written in batches: the first batch fixes
// the column widths, so a listing of any length streams in bounded memory.
class TextTable {
  public:
    // A table with these column headings; numeric columns are right-aligned.
    TextTable(std::vector<std::string> headings, std::vector<bool> right_aligned = {});

    // Buffers a row; it must have one cell per heading.
    void add_row(std::vector<Cell> row);
    // Rows buffered since the last write.
    std::size_t buffered() const { return m_rows.size(); }
    // Writes the heading (the first time) and the buffered rows, fitting the terminal width on
    // a terminal by shortening the widest column with an ellipsis.
    void write(std::ostream& out, const Terminal& terminal);

  private:
    void fix_widths(const Terminal& terminal);

    std::vector<std::string> m_headings;
    std::vector<bool> m_right_aligned;
    std::vector<std::vector<Cell>> m_rows;
    std::vector<std::size_t> m_widths;
};

// The number of characters (UTF-8 code points) text shows as.
std::size_t display_width(const std::string& text);

// Text shortened to at most width characters, ending in an ellipsis when it was cut.
std::string truncate_to_width(const std::string& text, std::size_t width);

// Text wrapped in an ANSI colour when colour is on.
std::string colorize(const std::string& text, const char* color, bool enabled);

} // namespace eventctl
