#include "entry_fields.h"
#include "eventctl/render/csv.h"
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

class TableWriter : public EntryListWriter {
  public:
    TableWriter(std::ostream& out, const Terminal& terminal)
        : m_out(out), m_terminal(terminal),
          m_table({"ID", "STATUS", "EVENT TYPE", "CREATED", "ATTEMPTS", "LAST ERROR"},
                  {false, false, false, false, true, false}) {
        // Ids are copied into show and retry, so they are never cut; event types and errors
        // are, and then the columns least needed to pick an entry go: show has every field.
        m_table.set_fitting(
            {column_event_type, column_last_error},
            {column_last_error, column_attempts, column_created, column_event_type});
    }

    void write(const OutboxEntry& entry) override {
        std::string attempts = entry.attempts ? std::to_string(*entry.attempts) : "-";
        if (entry.attempts && entry.max_attempts) {
            attempts += "/" + std::to_string(*entry.max_attempts);
        }
        m_table.add_row({{entry.id},
                         {std::string(to_string(entry.status)), status_color(entry.status)},
                         {entry.event_type.value_or("-")},
                         {entry.created_at ? format_rfc3339(*entry.created_at) : "-"},
                         {attempts},
                         {entry.last_error.value_or("")}});
        if (m_table.buffered() >= table_batch_rows) {
            m_table.write(m_out, m_terminal);
        }
    }
    void finish(const ListResult& result) override {
        if (result.count == 0) {
            m_out << "no matching entries\n";
            return;
        }
        m_table.write(m_out, m_terminal);
        m_out << '\n' << result.count << (result.count == 1 ? " entry" : " entries");
        if (result.next_cursor) {
            m_out << "; more with --after " << *result.next_cursor;
        }
        m_out << '\n';
        if (auto note = left_out_note(m_table); !note.empty()) {
            m_out << note << '\n';
        }
    }

  private:
    static constexpr std::size_t column_event_type = 2;
    static constexpr std::size_t column_created = 3;
    static constexpr std::size_t column_attempts = 4;
    static constexpr std::size_t column_last_error = 5;

    std::ostream& m_out;
    Terminal m_terminal;
    TextTable m_table;
};

} // namespace

std::unique_ptr<EntryListWriter> make_entry_list_writer(OutputFormat format, std::ostream& out,
                                                        std::ostream& err, const Terminal& terminal,
                                                        bool with_payload) {
    switch (format) {
    case OutputFormat::json:
        return std::make_unique<JsonWriter>(out, with_payload);
    case OutputFormat::ndjson:
        return std::make_unique<NdjsonWriter>(out, err, with_payload);
    case OutputFormat::csv:
        return std::make_unique<CsvWriter>(out, err, with_payload);
    case OutputFormat::table:
        break;
    }
    return std::make_unique<TableWriter>(out, terminal);
}

} // namespace eventctl
