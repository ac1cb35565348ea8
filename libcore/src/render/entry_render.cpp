#include "entry_fields.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

// payload and metadata are shown indented below the fields, as JSON reads best.
void render_entry_text(std::ostream& out, const OutboxEntry& entry, const Terminal& terminal) {
    for (const auto& [name, value] : entry_fields(entry, false)) {
        std::string label = name + ":";
        label.resize(16, ' ');
        auto text = value.value_or("-");
        if (name == "status") {
            text = colorize(text, status_color(entry.status), terminal.color);
        }
        out << label << text << '\n';
    }
    // As stored: re-encoding would round numbers and reorder nothing a reader needs.
    out << "payload:         " << entry.payload.value_or("null") << '\n';
    out << "metadata:        " << entry.metadata.value_or("null") << '\n';
    if (!entry.columns) {
        return;
    }
    // Every column of the row as the table holds it, mapped or not.
    auto columns = nlohmann::json::parse(*entry.columns, nullptr, false);
    if (!columns.is_object() || columns.empty()) {
        return;
    }
    out << "columns:\n";
    for (const auto& [name, value] : columns.items()) {
        out << "  " << name << ": "
            << (value.is_string() ? value.get<std::string>() : json_text(value, false)) << '\n';
    }
}

} // namespace

void render_entry(std::ostream& out, const OutboxEntry& entry, OutputFormat format,
                  const Terminal& terminal) {
    switch (format) {
    case OutputFormat::table:
        render_entry_text(out, entry, terminal);
        break;
    case OutputFormat::json:
        out << entry_json_text(entry, true, true) << '\n';
        break;
    case OutputFormat::ndjson:
        out << entry_json_text(entry, true, false) << '\n';
        break;
    case OutputFormat::csv: {
        std::vector<std::optional<std::string>> header;
        std::vector<std::optional<std::string>> record;
        for (auto& [name, value] : entry_fields(entry, true)) {
            header.emplace_back(name);
            record.push_back(std::move(value));
        }
        if (entry.columns) {
            header.emplace_back("columns");
            record.push_back(entry.columns);
        }
        write_csv_record(out, header);
        write_csv_record(out, record);
        break;
    }
    }
}

} // namespace eventctl
