#include "eventctl/csv.h"
#include "eventctl/json_text.h"
#include "eventctl/render_log.h"
#include "eventctl/text_table.h"

#include <algorithm>

namespace eventctl {

namespace {

// Rows the table format buffers to size its columns before it starts printing.
constexpr std::size_t table_batch_rows = 200;

// Plain ASCII, the usual ids and type names, is written as it is; anything else goes through
// the JSON library, which escapes it and replaces invalid UTF-8.
void append_string(std::string& line, const std::optional<std::string>& value) {
    if (!value) {
        line += "null";
        return;
    }
    bool plain = std::all_of(value->begin(), value->end(),
                             [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) {
        line += '"';
        line += *value;
        line += '"';
    } else {
        line += json_text(nlohmann::json(*value), false);
    }
}

void append_number(std::string& line, const std::optional<std::int64_t>& value) {
    line += value ? std::to_string(*value) : "null";
}

std::optional<std::string> number_text(const std::optional<std::int64_t>& value) {
    return value ? std::optional<std::string>(std::to_string(*value)) : std::nullopt;
}

void write_more_note(std::ostream& err, const ReplayResult& result) {
    if (result.more && result.last_position) {
        err << "more events follow: continue with --after-seq " << *result.last_position << '\n';
    }
}

class NdjsonWriter : public EventWriter {
  public:
    NdjsonWriter(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

    void write(const LogEvent& event) override {
        // Flushed per line: a pipe reader sees each event as soon as it is read.
        m_out << event_json_line(event) << '\n' << std::flush;
    }
    void finish(const ReplayResult& result) override { write_more_note(m_err, result); }

  private:
    std::ostream& m_out;
    std::ostream& m_err;
};

class JsonWriter : public EventWriter {
  public:
    JsonWriter(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {}

    void write(const LogEvent& event) override {
        m_out << (m_first ? "{\"items\": [\n  " : ",\n  ") << event_json_line(event);
        m_first = false;
    }
    void finish(const ReplayResult& result) override {
        m_out << (m_first ? "{\"items\": [" : "\n") << "]}\n";
        write_more_note(m_err, result);
    }

  private:
    std::ostream& m_out;
    std::ostream& m_err;
    bool m_first = true;
};

class CsvWriter : public EventWriter {
  public:
    CsvWriter(std::ostream& out, std::ostream& err) : m_out(out), m_err(err) {
        write_csv_record(m_out, {"seq_no", "stream_id", "stream_seq", "event_type", "tenant_id",
                                 "created_at", "payload", "metadata"});
    }

    void write(const LogEvent& event) override {
        write_csv_record(m_out, {number_text(event.seq_no), event.stream_id,
                                 number_text(event.stream_seq), event.event_type, event.tenant_id,
                                 format_rfc3339(event.created_at), event.payload, event.metadata});
    }
    void finish(const ReplayResult& result) override { write_more_note(m_err, result); }

  private:
    std::ostream& m_out;
    std::ostream& m_err;
};

class TableWriter : public EventWriter {
  public:
    TableWriter(std::ostream& out, const Terminal& terminal)
        : m_out(out), m_terminal(terminal),
          m_table({"SEQ_NO", "STREAM", "STREAM_SEQ", "EVENT TYPE", "TENANT", "CREATED", "PAYLOAD"},
                  {true, false, true, false, false, false, false}) {
        // Positions, stream and tenant ids and times are never cut; the payload and the event
        // type are, and then whole columns go, the payload (cut to a few characters, of no use)
        // first.
        m_table.set_fitting(
            {column_event_type, column_payload},
            {column_payload, column_stream_seq, column_tenant, column_created, column_stream});
    }

    void write(const LogEvent& event) override {
        m_table.add_row({{number_text(event.seq_no).value_or("-")},
                         {event.stream_id.value_or("-")},
                         {number_text(event.stream_seq).value_or("-")},
                         {event.event_type},
                         {event.tenant_id.value_or("-")},
                         {format_rfc3339(event.created_at)},
                         {event.payload}});
        if (m_table.buffered() >= table_batch_rows) {
            m_table.write(m_out, m_terminal);
        }
    }
    void finish(const ReplayResult& result) override {
        if (result.count == 0) {
            m_out << "no matching events\n";
            return;
        }
        m_table.write(m_out, m_terminal);
        m_out << '\n' << result.count << (result.count == 1 ? " event" : " events");
        if (result.more && result.last_position) {
            m_out << "; more with --after-seq " << *result.last_position;
        }
        m_out << '\n';
        if (auto note = left_out_note(m_table); !note.empty()) {
            m_out << note << '\n';
        }
    }

  private:
    static constexpr std::size_t column_stream = 1;
    static constexpr std::size_t column_stream_seq = 2;
    static constexpr std::size_t column_event_type = 3;
    static constexpr std::size_t column_tenant = 4;
    static constexpr std::size_t column_created = 5;
    static constexpr std::size_t column_payload = 6;

    std::ostream& m_out;
    Terminal m_terminal;
    TextTable m_table;
};

} // namespace

std::string event_json_line(const LogEvent& event) {
    std::string line;
    line.reserve(160 + event.payload.size() + (event.metadata ? event.metadata->size() : 0));
    line += "{\"seq_no\":";
    append_number(line, event.seq_no);
    line += ",\"stream_id\":";
    append_string(line, event.stream_id);
    line += ",\"stream_seq\":";
    append_number(line, event.stream_seq);
    line += ",\"event_type\":";
    append_string(line, event.event_type);
    line += ",\"tenant_id\":";
    append_string(line, event.tenant_id);
    line += ",\"created_at\":\"" + format_rfc3339(event.created_at) + "\"";
    line += ",\"payload\":" + event.payload;
    line += ",\"metadata\":" + event.metadata.value_or("null");
    line += '}';
    return line;
}

std::unique_ptr<EventWriter> make_event_writer(OutputFormat format, std::ostream& out,
                                               std::ostream& err, const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json:
        return std::make_unique<JsonWriter>(out, err);
    case OutputFormat::ndjson:
        return std::make_unique<NdjsonWriter>(out, err);
    case OutputFormat::csv:
        return std::make_unique<CsvWriter>(out, err);
    case OutputFormat::table:
        break;
    }
    return std::make_unique<TableWriter>(out, terminal);
}

} // namespace eventctl
