#include "eventctl/render/json_text.h"

#include "json_line.h"

namespace eventctl {

std::string json_text(const nlohmann::json& value, bool indented) {
    return value.dump(indented ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string one_line_json(const std::string& text) {
    auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        document = text;
    }
    return json_text(document, false);
}

std::string json_text(const nlohmann::json& object, const RawJsonFields& raw, bool indented) {
    auto text = json_text(object, indented);
    // Reopen the object: drop its closing brace (and, indented, the newline before it).
    text.pop_back();
    bool empty = object.empty();
    if (indented && !empty) {
        text.pop_back();
    }
    for (const auto& [name, value] : raw) {
        text += empty ? "" : ",";
        text += indented ? "\n  " : "";
        text += json_text(nlohmann::json(name), false) + (indented ? ": " : ":") +
                raw_json_value(value);
        empty = false;
    }
    text += indented ? "\n}" : "}";
    return text;
}

} // namespace eventctl
