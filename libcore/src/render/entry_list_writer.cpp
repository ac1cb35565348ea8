#include "entry_fields.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/entry_columns.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/outbox.h"
#include "eventctl/render/text_table.h"
#include "json_line.h"

namespace eventctl {

namespace {

// Rows the table format buffers to size its columns before it starts printing.
constexpr std::size_t table_batch_rows = 200;

void write_cursor_note(std::ostream& err, const ListResult& result) {
    if (result.next_cursor) {
        err << "next_cursor: " << *result.next_cursor << '\n';
    }
}

class NdjsonWriter : public EntryListWriter {
  public:
    NdjsonWriter(std::ostream& out, std::ostream& err, bool with_payload)
        : m_lines(out), m_err(err), m_with_payload(with_payload) {}

    void write(const OutboxEntry& entry) override {
        m_lines.add(entry_json_text(entry, m_with_payload, false));
    }
    void flush() override { m_lines.flush(); }
    void finish(const ListResult& result) override {
        m_lines.flush();
        write_cursor_note(m_err, result);
    }

  private:
    LineBuffer m_lines;
    std::ostream& m_err;
    bool m_with_payload;
};

class JsonWriter : public EntryListWriter {
  public:
    JsonWriter(std::ostream& out, bool with_payload) : m_out(out), m_with_payload(with_payload) {}

    void write(const OutboxEntry& entry) override {
        m_out << (m_first ? "{\"items\": [\n  " : ",\n  ")
              << entry_json_text(entry, m_with_payload, false);
        m_first = false;
    }
    void finish(const ListResult& result) override {
        m_out << (m_first ? "{\"items\": [" : "\n") << "], \"next_cursor\": "
              << json_text(result.next_cursor ? nlohmann::json(*result.next_cursor)
                                              : nlohmann::json(),
                           false)
              << "}\n";
    }

  private:
    std::ostream& m_out;
    bool m_with_payload;
    bool m_first = true;
};

class CsvWriter : public EntryListWriter {
  public:
    CsvWriter(std::ostream& out, std::ostream& err, bool with_payload)
        : m_out(out), m_err(err), m_with_payload(with_payload) {
        std::vector<std::optional<std::string>> header;
        for (const auto& field : entry_fields(OutboxEntry{}, with_payload)) {
            header.emplace_back(field.first);
        }
        write_csv_record(m_out, header);
    }

    void write(const OutboxEntry& entry) override {
        std::vector<std::optional<std::string>> record;
        for (auto& field : entry_fields(entry, m_with_payload)) {
            record.push_back(std::move(field.second));
        }
        write_csv_record(m_out, record);
    }
    void flush() override { m_out.flush(); }
    void finish(const ListResult& result) override {
        m_out.flush();
        write_cursor_note(m_err, result);
    }

  private:
    std::ostream& m_out;
    std::ostream& m_err;
    bool m_with_payload;
};

// A table column: its heading, alignment and the cell an entry gives it.
struct TableColumn {
    const char* name;
    const char* heading;
    bool right_aligned;
    Cell (*cell)(const OutboxEntry&);
};

std::string time_or_dash(const std::optional<TimePoint>& time) {
    return time ? format_rfc3339(*time) : "-";
}

const std::vector<TableColumn>& table_columns() {
    static const std::vector<TableColumn> columns = {
        {"id", "ID", false, [](const OutboxEntry& e) { return Cell{e.id}; }},
        {"status", "STATUS", false,
         [](const OutboxEntry& e) {
             return Cell{std::string(to_string(e.status)), status_color(e.status)};
         }},
        {"event_type", "EVENT TYPE", false,
         [](const OutboxEntry& e) { return Cell{e.event_type}; }},
        {"created_at", "CREATED", false,
         [](const OutboxEntry& e) { return Cell{format_rfc3339(e.created_at)}; }},
        {"attempts", "ATTEMPTS", true,
         [](const OutboxEntry& e) {
             std::string attempts = e.attempts ? std::to_string(*e.attempts) : "-";
             if (e.attempts && e.max_attempts) {
                 attempts += "/" + std::to_string(*e.max_attempts);
             }
             return Cell{attempts};
         }},
        {"last_error", "LAST ERROR", false,
         [](const OutboxEntry& e) { return Cell{e.last_error.value_or("")}; }},
        {"tenant_id", "TENANT", false,
         [](const OutboxEntry& e) { return Cell{e.tenant_id.value_or("-")}; }},
        {"aggregate_type", "AGGREGATE TYPE", false,
         [](const OutboxEntry& e) { return Cell{e.aggregate_type.value_or("-")}; }},
        {"aggregate_id", "AGGREGATE ID", false,
         [](const OutboxEntry& e) { return Cell{e.aggregate_id.value_or("-")}; }},
        {"scheduled_at", "SCHEDULED", false,
         [](const OutboxEntry& e) { return Cell{time_or_dash(e.scheduled_at)}; }},
        {"locked_by", "LOCKED BY", false,
         [](const OutboxEntry& e) { return Cell{e.locked_by.value_or("-")}; }},
        {"locked_until", "LOCKED UNTIL", false,
         [](const OutboxEntry& e) { return Cell{time_or_dash(e.locked_until)}; }},
        {"processed_at", "PROCESSED", false,
         [](const OutboxEntry& e) { return Cell{time_or_dash(e.processed_at)}; }},
    };
    return columns;
}

std::vector<const TableColumn*> chosen_columns(const std::vector<std::string>& names) {
    std::vector<const TableColumn*> chosen;
    for (const auto& name : names) {
        for (const auto& column : table_columns()) {
            if (name == column.name) {
                chosen.push_back(&column);
            }
        }
    }
    return chosen;
}

TextTable table_of(const std::vector<const TableColumn*>& columns) {
    std::vector<std::string> headings;
    std::vector<bool> right;
    for (const auto* column : columns) {
        headings.emplace_back(column->heading);
        right.push_back(column->right_aligned);
    }
    return TextTable(headings, right);
}

class TableWriter : public EntryListWriter {
  public:
    TableWriter(std::ostream& out, const Terminal& terminal, const std::vector<std::string>& names)
        : m_out(out), m_terminal(terminal), m_columns(chosen_columns(names)),
          m_table(table_of(m_columns)) {
        // Ids are copied into show and retry, so they are never cut; event types and errors
        // are, and then the columns least needed to pick an entry go: show has every field.
        auto index = [this](const char* name) -> std::optional<std::size_t> {
            for (std::size_t i = 0; i < m_columns.size(); ++i) {
                if (std::string_view(m_columns[i]->name) == name) {
                    return i;
                }
            }
            return std::nullopt;
        };
        std::vector<std::size_t> shrinkable;
        std::vector<std::size_t> drop_order;
        for (const char* name : {"event_type", "last_error"}) {
            if (auto i = index(name)) {
                shrinkable.push_back(*i);
            }
        }
        for (const char* name : {"last_error", "attempts", "created_at", "event_type"}) {
            if (auto i = index(name)) {
                drop_order.push_back(*i);
            }
        }
        m_table.set_fitting(shrinkable, drop_order);
    }

    void write(const OutboxEntry& entry) override {
        std::vector<Cell> row;
        for (const auto* column : m_columns) {
            row.push_back(column->cell(entry));
        }
        m_table.add_row(std::move(row));
        if (m_table.buffered() >= table_batch_rows) {
            m_table.write(m_out, m_terminal);
        }
    }
    void finish(const ListResult& result) override {
        if (!m_terminal.table.headers) {
            // --no-headers: the rows alone, for awk and cut.
            m_table.write(m_out, m_terminal);
            return;
        }
        if (result.count == 0) {
            m_out << "no matching entries in " << target_words(result.table, result.database)
                  << '\n';
            return;
        }
        m_table.write(m_out, m_terminal);
        m_out << '\n'
              << grouped(result.count) << (result.count == 1 ? " entry of " : " entries of ")
              << target_words(result.table, result.database);
        if (result.next_cursor) {
            m_out << "; more with --after " << *result.next_cursor;
        }
        m_out << '\n';
        if (auto note = left_out_note(m_table); !note.empty()) {
            m_out << note << '\n';
        }
    }

  private:
    std::ostream& m_out;
    Terminal m_terminal;
    std::vector<const TableColumn*> m_columns;
    TextTable m_table;
};

} // namespace

std::unique_ptr<EntryListWriter> make_entry_list_writer(OutputFormat format, std::ostream& out,
                                                        std::ostream& err, const Terminal& terminal,
                                                        bool with_payload,
                                                        const std::vector<std::string>& columns) {
    switch (format) {
    case OutputFormat::json:
        return std::make_unique<JsonWriter>(out, with_payload);
    case OutputFormat::ndjson:
        return std::make_unique<NdjsonWriter>(out, err, with_payload);
    case OutputFormat::csv:
        return std::make_unique<CsvWriter>(out, err, with_payload);
    case OutputFormat::table:
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "outbox list");
    }
    return std::make_unique<TableWriter>(
        out, terminal, columns.empty() ? default_entry_columns(OutboxFilter{}) : columns);
}

} // namespace eventctl
