// Id lists (retry and mark-dead --ids-from FILE|-): one id a line, as a pipeline writes them.
// Every id read is trimmed and non-empty, none spans lines, and each then passes or fails
// validation the documented way.
#include "eventctl/outbox/selection.h"
#include "eventctl/outbox/show.h"
#include "fuzz_support.h"

#include <sstream>

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in{std::string(fuzz::as_text(data, size))};
    auto ids = read_ids(in);
    for (const auto& id : ids) {
        fuzz::require(!id.empty(), "no empty id");
        fuzz::require(id.find('\n') == std::string::npos, "an id is one line");
        fuzz::require(id.front() != ' ' && id.front() != '\t' && id.back() != ' ' &&
                          id.back() != '\t' && id.back() != '\r',
                      "ids are trimmed");
        for (const char* id_type : {"uuid", "bigint", "text"}) {
            fuzz::accepts([&] { validate_entry_id(id, id_type); });
        }
    }
    if (!ids.empty()) {
        OutboxSelection selection;
        selection.ids = ids;
        for (const char* id_type : {"uuid", "bigint", "text"}) {
            fuzz::accepts([&] { validate_selection(selection, id_type); });
        }
    }
    return 0;
}
