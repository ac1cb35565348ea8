#include "eventctl/render/text_table.h"

#include "eventctl/render/human_text.h"

#include <algorithm>
#include <numeric>
#include <optional>

namespace eventctl {

namespace {

constexpr std::size_t column_gap = 2;
constexpr std::size_t narrowest_shrunk_column = 8;

} // namespace

std::string colorize(const std::string& text, const char* color, bool enabled) {
    if (!enabled || color == nullptr) {
        return text;
    }
    return std::string("\x1b[") + color + "m" + text + "\x1b[0m";
}

TextTable::TextTable(std::vector<std::string> headings, std::vector<bool> right_aligned)
    : m_headings(std::move(headings)), m_right_aligned(std::move(right_aligned)) {
    m_right_aligned.resize(m_headings.size(), false);
    m_shrinkable.assign(m_headings.size(), false);
}

void TextTable::set_fitting(std::vector<std::size_t> shrinkable,
                            std::vector<std::size_t> drop_order) {
    for (auto column : shrinkable) {
        m_shrinkable.at(column) = true;
    }
    m_drop_order = std::move(drop_order);
}

void TextTable::add_row(std::vector<Cell> row) {
    row.resize(m_headings.size());
    m_rows.push_back(std::move(row));
}

std::size_t TextTable::shown_width() const {
    std::size_t total = 0;
    std::size_t columns = 0;
    for (std::size_t i = 0; i < m_widths.size(); ++i) {
        if (m_shown[i]) {
            total += m_widths[i];
            ++columns;
        }
    }
    return total + (columns > 0 ? column_gap * (columns - 1) : 0);
}

// Cuts the widest free-text column first, each no narrower than its heading (or than
// narrowest_shrunk_column, when the text is that wide), until the table fits or none can give.
void TextTable::shrink_to(std::size_t available) {
    while (shown_width() > available) {
        std::optional<std::size_t> widest;
        for (std::size_t i = 0; i < m_widths.size(); ++i) {
            auto floor = std::max(display_width(m_headings[i]), narrowest_shrunk_column);
            if (m_shown[i] && m_shrinkable[i] && m_widths[i] > floor &&
                (!widest || m_widths[i] > m_widths[*widest])) {
                widest = i;
            }
        }
        if (!widest) {
            return;
        }
        auto floor = std::max(display_width(m_headings[*widest]), narrowest_shrunk_column);
        m_widths[*widest] -= std::min(m_widths[*widest] - floor, shown_width() - available);
    }
}

// Ids and timestamps are copied from here into the next command, so they are never cut: free
// text gives way first, then whole columns of less use, and as a last resort the line runs
// past the terminal's edge.
void TextTable::fix_widths(const Terminal& terminal) {
    std::vector<std::size_t> natural(m_headings.size(), 0);
    for (std::size_t i = 0; i < m_headings.size(); ++i) {
        natural[i] = display_width(m_headings[i]);
        for (const auto& row : m_rows) {
            natural[i] = std::max(natural[i], display_width(terminal_safe(row[i].text)));
        }
    }
    m_widths = natural;
    m_shown.assign(m_headings.size(), true);
    if (!terminal.is_tty || terminal.width <= 0 || terminal.table.wide) {
        return;
    }
    auto available = static_cast<std::size_t>(terminal.width);
    shrink_to(available);
    for (auto column : m_drop_order) {
        if (shown_width() <= available) {
            break;
        }
        m_shown.at(column) = false;
        m_widths = natural; // what is left may use the room again
        shrink_to(available);
    }
}

std::vector<std::string> TextTable::left_out() const {
    std::vector<std::string> headings;
    for (std::size_t i = 0; i < m_shown.size(); ++i) {
        if (!m_shown[i]) {
            headings.push_back(m_headings[i]);
        }
    }
    return headings;
}

std::string left_out_note(const TextTable& table) {
    auto note = joined(table.left_out());
    return note.empty() ? note : "left out to fit the terminal: " + note + " (-o json has them)";
}

void TextTable::write(std::ostream& out, const Terminal& terminal) {
    bool first_write = m_widths.empty();
    if (first_write) {
        fix_widths(terminal);
    }
    std::size_t last_shown = 0;
    for (std::size_t i = 0; i < m_shown.size(); ++i) {
        last_shown = m_shown[i] ? i : last_shown;
    }
    auto write_row = [&](const std::vector<Cell>& row) {
        std::string line;
        for (std::size_t i = 0; i < row.size(); ++i) {
            if (!m_shown[i]) {
                continue;
            }
            bool last = i == last_shown;
            // Escaped here, from the text as it came: an ESC sequence or a newline in data (a
            // remote server's error text) would redraw the terminal or break the grid, and a cut
            // keeps an escape whole or leaves it out.
            auto text = terminal.is_tty && !terminal.table.wide
                            ? terminal_safe_cut(row[i].text, m_widths[i])
                            : terminal_safe(row[i].text);
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
    if (first_write && terminal.table.headers) {
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
