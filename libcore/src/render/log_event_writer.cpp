#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/text_table.h"
#include "json_line.h"
#include "render/optional_text.h"

#include <algorithm>

namespace eventctl {

namespace {

// Rows the table format buffers to size its columns before it starts printing.
constexpr std::size_t table_batch_rows = 200;
void write_more_note(std::ostream& err, const ReplayResult& result) {
    if (result.more && result.last_position) {
        err << "more events follow: continue with --after-seq " << *result.last_position << '\n';
    }
}

class NdjsonWriter : public EventWriter {
  public:
    NdjsonWriter(std::ostream& out, std::ostream& err) : m_lines(out), m_err(err) {}

    void write(const LogEvent& event) override { m_lines.add(event_json_line(event)); }
    void flush() override { m_lines.flush(); }
    void finish(const ReplayResult& result) override {
        m_lines.flush();
        write_more_note(m_err, result);
    }

  private:
    LineBuffer m_lines;
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
    void flush() override { m_out.flush(); }
    void finish(const ReplayResult& result) override {
        m_out.flush();
        write_more_note(m_err, result);
    }

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
    return JsonLine(160 + event.payload.size() + (event.metadata ? event.metadata->size() : 0))
        .number("seq_no", event.seq_no)
        .string("stream_id", event.stream_id)
        .number("stream_seq", event.stream_seq)
        .string("event_type", event.event_type)
        .string("tenant_id", event.tenant_id)
        .string("created_at", format_rfc3339(event.created_at))
        .raw("payload", event.payload)
        .raw("metadata", event.metadata.value_or("null"))
        .done();
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
    case OutputFormat::prometheus:
        refuse_format(format, "log replay");
    }
    return std::make_unique<TableWriter>(out, terminal);
}

} // namespace eventctl
