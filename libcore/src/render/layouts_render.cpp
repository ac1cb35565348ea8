#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/layouts.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

std::vector<LayoutSummary> summarize_presets() {
    std::vector<LayoutSummary> summaries;
    for (const auto& name : preset_names()) {
        auto layout = load_layout(name);
        summaries.push_back({layout.name, layout.description, layout.outbox.has_value(),
                             layout.log.has_value(), layout.audit.has_value(),
                             layout_capabilities(layout)});
    }
    return summaries;
}

namespace {

// What a layout holds, in a word or three: "outbox, log, audit".
std::string tables_text(const LayoutSummary& layout) {
    std::string text;
    for (const auto& [has, name] : {std::pair<bool, const char*>{layout.outbox, "outbox"},
                                    {layout.log, "log"},
                                    {layout.audit, "audit"}}) {
        if (has) {
            text += (text.empty() ? "" : ", ") + std::string(name);
        }
    }
    return text;
}

nlohmann::json layout_json(const LayoutSummary& layout) {
    nlohmann::json supported = nlohmann::json::array();
    nlohmann::json unsupported = nlohmann::json::array();
    for (const auto& capability : layout.capabilities) {
        if (capability.supported) {
            supported.emplace_back(command_name(capability.command));
        } else {
            unsupported.push_back(
                {{"command", command_name(capability.command)}, {"lacks", capability.lacking}});
        }
    }
    return {{"name", layout.name},       {"description", layout.description},
            {"outbox", layout.outbox},   {"log", layout.log},
            {"audit", layout.audit},     {"supported", supported},
            {"unsupported", unsupported}};
}

} // namespace

void render_layouts(std::ostream& out, const std::vector<LayoutSummary>& layouts,
                    OutputFormat format, const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json: {
        nlohmann::json list = nlohmann::json::array();
        for (const auto& layout : layouts) {
            list.push_back(layout_json(layout));
        }
        out << json_text({{"layouts", list}}, true) << '\n';
        return;
    }
    case OutputFormat::ndjson:
        for (const auto& layout : layouts) {
            out << json_text(layout_json(layout), false) << '\n';
        }
        return;
    case OutputFormat::csv:
        write_csv_record(out, {"name", "tables", "description"});
        for (const auto& layout : layouts) {
            write_csv_record(out, {layout.name, tables_text(layout), layout.description});
        }
        return;
    case OutputFormat::table:
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "layouts");
    }
    TextTable table({"NAME", "TABLES", "DESCRIPTION"});
    for (const auto& layout : layouts) {
        table.add_row({{layout.name}, {tables_text(layout)}, {layout.description}});
    }
    table.write(out, terminal);
}

} // namespace eventctl
