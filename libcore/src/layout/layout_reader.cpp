#include "eventctl/error.h"
#include "eventctl/layout/layout_file.h"
#include "layout_reading.h"

namespace eventctl {

Layout parse_layout(const std::string& text, const std::string& origin) {
    nlohmann::json document;
    try {
        document = nlohmann::json::parse(text);
    } catch (const nlohmann::json::exception& e) {
        throw UsageError("layout " + origin + " is not JSON: " + e.what(),
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
