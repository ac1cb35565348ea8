#include "eventctl/render/human_text.h"

#include "eventctl/render/terminal_text.h"

namespace eventctl {

std::string joined(const std::vector<std::string>& items) {
    std::string text;
    for (const auto& item : items) {
        text += (text.empty() ? "" : ", ") + item;
    }
    return text;
}

std::string grouped(std::int64_t n) {
    auto digits = std::to_string(n);
    std::size_t first = digits[0] == '-' ? 1 : 0;
    for (auto at = digits.size(); at > first + 3; at -= 3) {
        digits.insert(at - 3, ",");
    }
    return digits;
}

std::string short_age(std::chrono::seconds age) {
    auto s = age.count();
    if (s < 0) {
        return "-";
    }
    constexpr std::int64_t minute = 60;
    constexpr std::int64_t hour = 60 * minute;
    constexpr std::int64_t day = 24 * hour;
    auto two = [](std::int64_t big, const char* big_unit, std::int64_t small,
                  const char* small_unit) {
        return std::to_string(big) + big_unit +
               (small > 0 ? std::to_string(small) + small_unit : std::string());
    };
    if (s < 2 * minute) {
        return std::to_string(s) + "s";
    }
    if (s < 10 * minute) {
        return two(s / minute, "m", s % minute, "s");
    }
    if (s < 3 * hour) {
        return std::to_string(s / minute) + "m";
    }
    if (s < 8 * hour) {
        return two(s / hour, "h", s % hour / minute, "m");
    }
    if (s < 2 * day) {
        return std::to_string(s / hour) + "h";
    }
    if (s < 8 * day) {
        return two(s / day, "d", s % day / hour, "h");
    }
    return std::to_string(s / day) + "d";
}

namespace {

std::string words_of_key(const std::string& key) {
    std::string words = key;
    for (auto& c : words) {
        c = c == '_' ? ' ' : c;
    }
    return words;
}

std::string value_words(const nlohmann::json& value) {
    if (value.is_string()) {
        return terminal_safe(value.get<std::string>());
    }
    if (value.is_array()) {
        std::string text;
        for (std::size_t i = 0; i < value.size(); ++i) {
            text += (i == 0 ? "" : i + 1 == value.size() ? " or " : ", ") + value_words(value[i]);
        }
        return text;
    }
    if (value.is_number_integer()) {
        return grouped(value.get<std::int64_t>());
    }
    return terminal_safe(value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

} // namespace

std::string describe_selection(const nlohmann::json& selection) {
    std::string text;
    for (const auto& [key, value] : selection.items()) {
        std::string part;
        if (key == "all" && value == true) {
            part = "every entry (--all)";
        } else if (key == "ids" && value.is_number_integer()) {
            part = grouped(value.get<std::int64_t>()) + " ids given";
        } else if (key == "payload_contains") {
            part = "payload containing " + value_words(value);
        } else {
            part = words_of_key(key) + " " + value_words(value);
        }
        text += (text.empty() ? "" : ", ") + part;
    }
    return text.empty() ? "no filter" : text;
}

std::string target_words(const std::string& table, const std::string& database) {
    return terminal_safe(table) + " on " + terminal_safe(database);
}

} // namespace eventctl
