#include "eventctl/log/seek_file.h"

#include "eventctl/error.h"
#include "eventctl/render/csv.h"
#include "eventctl/render/terminal_text.h"

#include <cerrno>
#include <cstdlib>
#include <set>

namespace eventctl {

void write_seek_plan_csv(std::ostream& out, const std::vector<SeekMove>& moves) {
    write_csv_record(out, {"consumer", "from", "to"});
    for (const auto& move : moves) {
        write_csv_record(
            out, {move.consumer,
                  move.from ? std::optional<std::string>(std::to_string(*move.from)) : std::nullopt,
                  std::to_string(move.to)});
    }
}

namespace {

// Reads one RFC 4180 record (CRLF or LF); false at the end of the input. Quoted fields may hold
// commas, quotes (doubled) and line breaks, as a consumer name could.
bool read_record(std::istream& in, std::vector<std::string>& fields, std::size_t& line,
                 const std::string& name) {
    fields.clear();
    int c = in.get();
    if (c == EOF) {
        return false;
    }
    std::string field;
    bool quoted = false;
    bool was_quoted = false;
    auto bad = [&](const std::string& what) {
        throw DataError(name + ":" + std::to_string(line) + ": " + what);
    };
    for (;; c = in.get()) {
        if (quoted) {
            if (c == EOF) {
                bad("a quoted field is not closed");
            }
            if (c == '"') {
                if (in.peek() == '"') {
                    field.push_back('"');
                    in.get();
                } else {
                    quoted = false;
                }
            } else {
                line += c == '\n' ? 1 : 0;
                field.push_back(static_cast<char>(c));
            }
            continue;
        }
        if (c == '"' && field.empty() && !was_quoted) {
            quoted = true;
            was_quoted = true;
        } else if (c == ',' || c == '\n' || c == EOF) {
            fields.push_back(std::move(field));
            field.clear();
            was_quoted = false;
            if (c != ',') {
                return true;
            }
        } else if (c == '\r' && in.peek() == '\n') {
            continue;
        } else if (was_quoted) {
            bad("text after a closing quote");
        } else {
            field.push_back(static_cast<char>(c));
        }
    }
}

std::optional<std::int64_t> read_position(const std::string& text, bool allow_empty,
                                          const std::string& where) {
    if (text.empty() && allow_empty) {
        return std::nullopt;
    }
    errno = 0;
    char* end = nullptr;
    long long value = std::strtoll(text.c_str(), &end, 10);
    bool digits_only = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
    if (!digits_only || errno == ERANGE || end != text.c_str() + text.size()) {
        throw DataError(where + in_quotes(text) + " is not a position (0 or a positive number)");
    }
    return static_cast<std::int64_t>(value);
}

} // namespace

std::vector<SavedMove> read_seek_plan_csv(std::istream& in, const std::string& name) {
    std::vector<std::string> fields;
    std::size_t line = 1;
    if (!read_record(in, fields, line, name) ||
        fields != std::vector<std::string>{"consumer", "from", "to"}) {
        throw DataError(name + ":1: expected the header consumer,from,to (a plan written by "
                               "log seek --export)");
    }
    std::vector<SavedMove> moves;
    std::set<std::string> seen;
    while (read_record(in, fields, ++line, name)) {
        auto where = name + ":" + std::to_string(line) + ": ";
        if (fields.size() == 1 && fields[0].empty()) {
            continue; // a blank line, such as a final newline after the last record
        }
        if (fields.size() != 3) {
            throw DataError(where + "expected 3 fields (consumer,from,to), found " +
                            std::to_string(fields.size()));
        }
        if (fields[0].empty()) {
            throw DataError(where + "the consumer name is empty");
        }
        if (!seen.insert(fields[0]).second) {
            throw DataError(where + "consumer " + in_quotes(fields[0]) + " appears twice");
        }
        moves.push_back({fields[0], read_position(fields[1], true, where + "from: "),
                         *read_position(fields[2], false, where + "to: ")});
    }
    return moves;
}

} // namespace eventctl
