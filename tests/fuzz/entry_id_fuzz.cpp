// Entry ids (outbox show ID, ids given to retry and mark-dead): only UUID text passes, so
// nothing else ever reaches the server as an id.
#include "eventctl/outbox_show.h"
#include "fuzz_support.h"

#include <cctype>

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string id(fuzz::as_text(data, size));
    if (!fuzz::accepts([&] { validate_entry_id(id); })) {
        return 0;
    }
    fuzz::require(id.size() == 36, "an accepted id has 36 characters");
    for (std::size_t i = 0; i < id.size(); ++i) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        fuzz::require(dash ? id[i] == '-' : std::isxdigit(static_cast<unsigned char>(id[i])) != 0,
                      "an accepted id is 8-4-4-4-12 hex digits");
    }
    return 0;
}
