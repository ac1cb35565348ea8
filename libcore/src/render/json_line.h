#pragma once

// Compact JSON built piece by piece, for the writers that print one small object per row:
// building an nlohmann::json per row and dumping it costs more than reading the row did. The
// text is the same as the library's compact dump.

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>

namespace eventctl {

// A compact JSON object written field by field, in the order given. Strings of plain printable
// ASCII are copied as they are, anything else is escaped by the JSON library (invalid UTF-8
// replaced), as json_text would; an absent value is null. Keys are plain names.
class JsonLine {
  public:
    explicit JsonLine(std::size_t reserve = 256);

    JsonLine& string(const char* key, const std::optional<std::string>& value);
    JsonLine& number(const char* key, const std::optional<std::int64_t>& value);
    // A value that is JSON text already.
    JsonLine& raw(const char* key, const std::string& json);
    // The object, closed.
    std::string done();

  private:
    void key(const char* name);

    std::string m_line;
};

// A stored JSON document as it is when it is valid JSON, as a JSON string holding the text when
// it is not (a text column), null when absent.
std::string raw_json_value(const std::optional<std::string>& value);

// Whole lines on their way to a stream: gathered while rows keep coming and written together when
// enough have gathered or when eventctl is about to wait for more (flush). A reader at the other
// end of a pipe gets each line whole and as soon as eventctl has nothing else to do, without a
// write (and a wake-up of the reader) per line, which made NDJSON into a pipe several times
// slower than the table.
class LineBuffer {
  public:
    explicit LineBuffer(std::ostream& out) : m_out(out) {}
    ~LineBuffer() { flush(); }
    LineBuffer(const LineBuffer&) = delete;
    LineBuffer& operator=(const LineBuffer&) = delete;

    // Adds one line (without its newline).
    void add(const std::string& line);
    // Writes what was gathered and flushes the stream.
    void flush();

  private:
    std::ostream& m_out;
    std::string m_pending;
};

} // namespace eventctl
