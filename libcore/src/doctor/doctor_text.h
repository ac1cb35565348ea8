#pragma once

#include <string>
#include <vector>

namespace eventctl::doctor_text {

// Items joined for one line of a report: "a, b, c".
inline std::string joined(const std::vector<std::string>& items,
                          const std::string& separator = ", ") {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : separator) + item;
    }
    return text;
}

} // namespace eventctl::doctor_text
