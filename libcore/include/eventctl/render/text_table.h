#pragma once

#include "eventctl/render/output.h"
#include "eventctl/render/terminal_text.h"

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

    // How the table gives way on a terminal too narrow for it. Columns named in shrinkable hold
    // free text, cut with an ellipsis (never below the width of their heading) when the table
    // is too wide; when that is not enough, the columns in drop_order are left out whole, the
    // first first. Every other column (ids, timestamps, numbers) is never cut: with nothing
    // left to give, the line is wider than the terminal rather than an id shortened.
    void set_fitting(std::vector<std::size_t> shrinkable, std::vector<std::size_t> drop_order);
    // Buffers a row; it must have one cell per heading. Cells hold text as it came: control
    // characters and bytes that are not UTF-8 are shown escaped (terminal_safe), and widths
    // are measured on what is shown.
    void add_row(std::vector<Cell> row);
    // Rows buffered since the last write.
    std::size_t buffered() const { return m_rows.size(); }
    // Writes the heading (the first time) and the buffered rows, fitted to the terminal's width
    // on a terminal as set_fitting says.
    void write(std::ostream& out, const Terminal& terminal);
    // The headings of the columns left out to fit the terminal, once the first write fixed them.
    std::vector<std::string> left_out() const;

  private:
    void fix_widths(const Terminal& terminal);
    std::size_t shown_width() const;
    void shrink_to(std::size_t available);

    std::vector<std::string> m_headings;
    std::vector<bool> m_right_aligned;
    std::vector<bool> m_shrinkable;
    std::vector<std::size_t> m_drop_order;
    std::vector<std::vector<Cell>> m_rows;
    std::vector<std::size_t> m_widths;
    std::vector<bool> m_shown;
};

// A footer line naming the columns a table left out to fit the terminal; empty when none.
std::string left_out_note(const TextTable& table);

// Text wrapped in an ANSI colour when colour is on.
std::string colorize(const std::string& text, const char* color, bool enabled);

} // namespace eventctl
