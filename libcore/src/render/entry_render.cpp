#include "entry_fields.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/terminal_text.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

// A document for people: keys sorted, two spaces of indent, every line safe for the terminal.
// Numbers print as the library reads them (a 30-digit integer as a double); -o json prints the
// document exactly as stored.
std::string indented_document(const std::string& text) {
    auto document = nlohmann::json::parse(text, nullptr, false);
    if (document.is_discarded()) {
        return terminal_safe(text);
    }
    auto dumped = document.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    std::string shown;
    std::size_t start = 0;
    while (start <= dumped.size()) {
        auto end = dumped.find('\n', start);
        auto line =
            dumped.substr(start, end == std::string::npos ? std::string::npos : end - start);
        shown += terminal_safe(line) + "\n";
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return shown;
}

// The fields one per line, then payload and metadata below them, indented and sorted, as JSON
// reads best. Every value is escaped: an entry's text comes from whoever wrote the event.
void render_entry_text(std::ostream& out, const OutboxEntry& entry, const Terminal& terminal) {
    for (const auto& [name, value] : entry_fields(entry, false)) {
        std::string label = name + ":";
        label.resize(16, ' ');
        auto text = terminal_safe(value.value_or("-"));
        if (name == "status") {
            text = colorize(text, status_color(entry.status), terminal.color);
        }
        out << label << text << '\n';
    }
    out << "payload:\n" << indented_document(entry.payload.value_or("null"));
    out << "metadata:\n" << indented_document(entry.metadata.value_or("null"));
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
        write_csv_record(out, header);
        write_csv_record(out, record);
        break;
    }
    case OutputFormat::prometheus:
        refuse_format(format, "outbox show");
    }
}

} // namespace eventctl
