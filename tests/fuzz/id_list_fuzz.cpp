// Id lists (retry, mark-dead and unlock-stale --ids-from FILE|-): one id a line, as a pipeline
// writes them. For each id type, the list is read or refused as bad input data (exit 65); every
// id read is trimmed, non-empty, one line, given once, and valid for the type.
#include "eventctl/outbox/id_list.h"
#include "eventctl/outbox/selection.h"
#include "eventctl/outbox/show.h"
#include "fuzz_support.h"

#include <set>
#include <sstream>

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    for (const char* id_type : {"uuid", "bigint", "text"}) {
        std::istringstream in{std::string(fuzz::as_text(data, size))};
        std::vector<std::string> ids;
        if (!fuzz::accepts([&] { ids = read_ids(in, "-", id_type); })) {
            continue;
        }
        std::set<std::string> distinct(ids.begin(), ids.end());
        fuzz::require(distinct.size() == ids.size(), "an id given twice is read once");
        for (const auto& id : ids) {
            fuzz::require(!id.empty(), "no empty id");
            fuzz::require(id.find('\n') == std::string::npos, "an id is one line");
            fuzz::require(id.front() != ' ' && id.front() != '\t' && id.back() != ' ' &&
                              id.back() != '\t' && id.back() != '\r',
                          "ids are trimmed");
            fuzz::require(fuzz::accepts([&] { validate_entry_id(id, id_type); }),
                          "every id read is valid for its type");
        }
        OutboxSelection selection;
        selection.ids = ids;
        selection.ids_listed = true;
        fuzz::require(fuzz::accepts([&] { validate_selection(selection, id_type); }),
                      "a list read is a valid selection, even an empty one");
    }
    return 0;
}
