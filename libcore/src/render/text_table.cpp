#include "eventctl/text_table.h"

#include <algorithm>
#include <numeric>

namespace eventctl {

namespace {

constexpr std::size_t column_gap = 2;
constexpr std::size_t narrowest_shrunk_column = 8;

bool is_continuation_byte(char c) {
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

// Control characters in data (a newline in last_error) would break the grid.
std::string printable(const std::string& text) {
    std::string shown = text;
    for (auto& c : shown) {
        if (c == '\n' || c == '\r' || c == '\t') {
            c = ' ';
        }
    }
    return shown;
}

} // namespace

std::size_t display_width(const std::string& text) {
    return static_cast<std::size_t>(
        std::count_if(text.begin(), text.end(), [](char c) { return !is_continuation_byte(c); }));
}

std::string truncate_to_width(const std::string& text, std::size_t width) {
    if (display_width(text) <= width) {
        return text;
    }
    if (width == 0) {
        return {};
    }
    std::size_t kept = 0;
    std::size_t end = 0;
    while (end < text.size()) {
        if (!is_continuation_byte(text[end])) {
            if (kept == width - 1) {
                break;
            }
            ++kept;
        }
        ++end;
    }
    return text.substr(0, end) + "\u2026";
}

std::string colorize(const std::string& text, const char* color, bool enabled) {
    if (!enabled || color == nullptr) {
        return text;
    }
    return std::string("\x1b[") + color + "m" + text + "\x1b[0m";
}

TextTable::TextTable(std::vector<std::string> headings, std::vector<bool> right_aligned)
    : m_headings(std::move(headings)), m_right_aligned(std::move(right_aligned)) {
    m_right_aligned.resize(m_headings.size(), false);
}

void TextTable::add_row(std::vector<Cell> row) {
    row.resize(m_headings.size());
    for (auto& cell : row) {
        cell.text = printable(cell.text);
    }
    m_rows.push_back(std::move(row));
}

void TextTable::fix_widths(const Terminal& terminal) {
    m_widths.assign(m_headings.size(), 0);
    for (std::size_t i = 0; i < m_headings.size(); ++i) {
        m_widths[i] = display_width(m_headings[i]);
        for (const auto& row : m_rows) {
            m_widths[i] = std::max(m_widths[i], display_width(row[i].text));
        }
    }
    if (!terminal.is_tty || terminal.width <= 0) {
        return;
    }
    auto available = static_cast<std::size_t>(terminal.width);
    auto total = [this] {
        return std::accumulate(m_widths.begin(), m_widths.end(), std::size_t{0}) +
               column_gap * (m_widths.size() - 1);
    };
    while (total() > available) {
        auto widest = std::max_element(m_widths.begin(), m_widths.end());
        if (*widest <= narrowest_shrunk_column) {
            break;
        }
        *widest -= std::min(*widest - narrowest_shrunk_column, total() - available);
    }
}

void TextTable::write(std::ostream& out, const Terminal& terminal) {
    bool first_write = m_widths.empty();
    if (first_write) {
        fix_widths(terminal);
    }
    auto write_row = [&](const std::vector<Cell>& row) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            bool last = i + 1 == row.size();
            auto text = terminal.is_tty ? truncate_to_width(row[i].text, m_widths[i]) : row[i].text;
            auto padding =
                m_widths[i] > display_width(text) ? m_widths[i] - display_width(text) : 0;
            auto padded = m_right_aligned[i] ? std::string(padding, ' ') + text
                                             : text + (last ? "" : std::string(padding, ' '));
            line += colorize(padded, row[i].color, terminal.color);
            if (!last) {
                line += std::string(column_gap, ' ');
            }
        }
        // An empty last cell would leave the padding of the cells before it.
        line.erase(line.find_last_not_of(' ') + 1);
        out << line << '\n';
    };
    if (first_write) {
        std::vector<Cell> heading;
        for (const auto& text : m_headings) {
            heading.push_back({text, nullptr});
        }
        write_row(heading);
    }
    for (const auto& row : m_rows) {
        write_row(row);
    }
    m_rows.clear();
}

} // namespace eventctl
