// Entry ids (outbox show ID, ids given to retry and mark-dead): each input is checked against
// every id type a layout can declare, so only text of that type ever reaches the server as an id.
#include "eventctl/outbox/show.h"
#include "fuzz_support.h"

#include <cctype>

using namespace eventctl;

namespace {

bool is_digit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}

void check_uuid(const std::string& id) {
    if (!fuzz::accepts([&] { validate_entry_id(id, "uuid"); })) {
        return;
    }
    fuzz::require(id.size() == 36, "an accepted uuid has 36 characters");
    for (std::size_t i = 0; i < id.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        fuzz::require(dash ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0,
                      "an accepted uuid is 8-4-4-4-12 hex digits");
    }
}

void check_bigint(const std::string& id) {
    if (!fuzz::accepts([&] { validate_entry_id(id, "bigint"); })) {
        return;
    }
    fuzz::require(!id.empty() && id.size() <= 19, "an accepted bigint has 1 to 19 characters");
    std::size_t first_digit = id[0] == '-' ? 1 : 0;
    fuzz::require(first_digit < id.size(), "an accepted bigint has a digit");
    for (std::size_t i = first_digit; i < id.size(); ++i) {
        fuzz::require(is_digit(id[i]), "an accepted bigint is digits after an optional minus");
    }
}

void check_text(const std::string& id) {
    if (!fuzz::accepts([&] { validate_entry_id(id, "text"); })) {
        return;
    }
    fuzz::require(!id.empty(), "an accepted text id is not empty");
    fuzz::require(id.find('\0') == std::string::npos, "an accepted text id holds no NUL byte");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string id(fuzz::as_text(data, size));
    check_uuid(id);
    check_bigint(id);
    check_text(id);
    return 0;
}
