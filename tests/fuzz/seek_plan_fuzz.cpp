// Seek plan files (log seek --from-file): CSV a person may have edited. What reads writes back
// as a plan that reads to the same moves.
#include "eventctl/log/seek_file.h"
#include "fuzz_support.h"

#include <sstream>

using namespace eventctl;

namespace {

bool same_moves(const std::vector<SavedMove>& a, const std::vector<SavedMove>& b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (a[i].consumer != b[i].consumer || a[i].from != b[i].from || a[i].to != b[i].to) {
            return false;
        }
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::istringstream in{std::string(fuzz::as_text(data, size))};
    std::vector<SavedMove> moves;
    if (!fuzz::accepts([&] { moves = read_seek_plan_csv(in, "plan.csv"); })) {
        return 0;
    }
    std::vector<SeekMove> written;
    for (const auto& move : moves) {
        fuzz::require(!move.consumer.empty(), "a plan names its consumers");
        fuzz::require(move.to >= 0 && move.from.value_or(0) >= 0, "positions are not negative");
        written.push_back({move.consumer, move.from, move.to, std::nullopt, std::nullopt});
    }
    std::ostringstream out;
    write_seek_plan_csv(out, written);
    std::istringstream again_in(out.str());
    std::vector<SavedMove> again;
    fuzz::require(fuzz::accepts([&] { again = read_seek_plan_csv(again_in, "plan.csv"); }),
                  "a written plan reads");
    fuzz::require(same_moves(again, moves), "write_seek_plan_csv round-trips");
    return 0;
}
