#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "layout_reading.h"

#include <algorithm>

namespace eventctl {

namespace {

// The JSON library's message without its own parts ("[json.exception.parse_error.101] parse
// error at line 3, column 5: ... ; last read: '...'"): what is wrong, and where, in the file's
// own lines and columns.
std::string json_syntax_problem(const nlohmann::json::exception& error, const std::string& text) {
    std::string message = error.what();
    if (auto bracket = message.find("] ");
        message.rfind("[json.exception.", 0) == 0 && bracket != std::string::npos) {
        message.erase(0, bracket + 2);
    }
    if (auto last_read = message.find("; last read: '"); last_read != std::string::npos) {
        auto end = message.find("'; ", last_read + 14);
        message.erase(last_read,
                      end == std::string::npos ? std::string::npos : end + 1 - last_read);
    }
    const auto* parse = dynamic_cast<const nlohmann::json::parse_error*>(&error);
    if (parse == nullptr) {
        return message;
    }
    if (auto colon = message.find(": ");
        message.rfind("parse error", 0) == 0 && colon != std::string::npos) {
        message.erase(0, colon + 2);
    }
    // byte counts from 1; the line and column of the character the parser stopped at.
    auto stop = std::min<std::size_t>(parse->byte == 0 ? 0 : parse->byte - 1, text.size());
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < stop; ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
            ++column;
        }
    }
    return "line " + std::to_string(line) + ", column " + std::to_string(column) + ": " + message;
}

} // namespace

Layout parse_layout(const std::string& text, const std::string& origin) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw UsageError("layout " + origin + " is not JSON: " + json_syntax_problem(e, text),
                         "see eventctl-layout(5) for the format");
    }
    JsonNode root(document, origin);
    root.require_object();
    root.allow_keys({"version", "name", "description", "schema", "outbox", "log", "audit"});
    Layout layout;
    layout.origin = origin;
    if (document.contains("version")) {
        auto version = root.at("version").integer();
        if (version != 1 && version != 2) {
            root.at("version").fail("expected 1 or 2, the formats this eventctl reads");
        }
        layout.version = static_cast<int>(version);
    }
    layout.name = root.at("name").string();
    if (document.contains("description")) {
        layout.description = root.at("description").string();
    }
    if (document.contains("schema")) {
        layout.schema = root.at("schema").string();
    }
    if (document.contains("outbox")) {
        layout.outbox = reading::read_outbox(root.at("outbox"), layout.schema, layout.version);
    }
    if (document.contains("log")) {
        layout.log = reading::read_log(root.at("log"), layout.schema, layout.name, layout.version);
    }
    if (document.contains("audit")) {
        auto audit = root.at("audit");
        audit.require_object();
        audit.allow_keys({"table"});
        layout.audit = reading::table_name(audit, layout.schema);
    }
    if (!layout.outbox && !layout.log) {
        root.fail("a layout describes an \"outbox\", a \"log\" or both");
    }
    return layout;
}

} // namespace eventctl
