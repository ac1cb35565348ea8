#include "eventctl/render/csv.h"

namespace eventctl {

std::string csv_field(const std::optional<std::string>& value) {
    if (!value) {
        return {};
    }
    if (value->find_first_of(",\"\r\n") == std::string::npos) {
        return *value;
    }
    std::string quoted = "\"";
    for (char c : *value) {
        if (c == '"') {
            quoted.push_back('"');
        }
        quoted.push_back(c);
    }
    quoted.push_back('"');
    return quoted;
}

void write_csv_record(std::ostream& out, const std::vector<std::optional<std::string>>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (i > 0) {
            out << ',';
        }
        out << csv_field(fields[i]);
    }
    out << "\r\n";
}

} // namespace eventctl
