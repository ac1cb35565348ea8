#include "eventctl/outbox/id_list.h"

#include "eventctl/error.h"
#include "eventctl/outbox/show.h"

#include <unordered_set>

namespace eventctl {

namespace {

// Reads one line of at most max_id_line_bytes; false at the end of the input. A longer line is
// an error, found without reading the rest of it into memory.
bool next_line(std::istream& in, std::string& line, const std::string& where) {
    line.clear();
    std::streambuf* buffer = in.rdbuf();
    bool any = false;
    for (;;) {
        auto c = buffer->sbumpc();
        if (c == std::char_traits<char>::eof()) {
            return any;
        }
        any = true;
        if (c == '\n') {
            return true;
        }
        if (line.size() == max_id_line_bytes) {
            throw DataError(where + " is longer than " + std::to_string(max_id_line_bytes) +
                                " bytes: not an id",
                            "--ids-from takes one id per line");
        }
        line.push_back(static_cast<char>(c));
    }
}

std::string trimmed(const std::string& line) {
    auto first = line.find_first_not_of(" \t\r");
    if (first == std::string::npos) {
        return {};
    }
    auto last = line.find_last_not_of(" \t\r");
    return line.substr(first, last - first + 1);
}

bool in_double_quotes(const std::string& id) {
    return id.size() >= 2 && id.front() == '"' && id.back() == '"';
}

} // namespace

std::vector<std::string> read_ids(std::istream& in, const std::string& source,
                                  const std::string& id_type) {
    std::vector<std::string> ids;
    std::unordered_set<std::string> seen;
    std::string line;
    const std::string from = "--ids-from " + source;
    for (std::size_t number = 1;; ++number) {
        auto where = from + ": line " + std::to_string(number);
        if (!next_line(in, line, where)) {
            break;
        }
        if (number > max_id_lines) {
            throw DataError(from + " has more than " + std::to_string(max_id_lines) + " lines",
                            "split the list (e.g. with split -l " + std::to_string(max_id_lines) +
                                ") and run once per part, or select by filters");
        }
        if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) {
            line.erase(0, 3);
        }
        if (line.find('\0') != std::string::npos) {
            throw DataError(where + " holds a NUL byte: not an id");
        }
        auto id = trimmed(line);
        if (id.empty()) {
            continue;
        }
        if (in_double_quotes(id)) {
            throw DataError(where + ": the id is in double quotes, as jq prints a string "
                                    "without -r",
                            "use jq -r, e.g. eventctl outbox list -o ndjson --limit 0 | jq -r .id");
        }
        try {
            validate_entry_id(id, id_type);
        } catch (const DataError& error) {
            throw DataError(where + ": " + error.what(), error.hint());
        }
        if (seen.insert(id).second) {
            ids.push_back(std::move(id));
        }
    }
    return ids;
}

} // namespace eventctl
