// Durations (--older-than, --delay, --active-window, --by-duration, --max-duration, --sleep):
// anything is refused cleanly or parsed, and what parses prints back as text that parses to the
// same duration.
#include "eventctl/time.h"
#include "fuzz_support.h"

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = fuzz::as_text(data, size);
    std::chrono::seconds parsed{};
    if (!fuzz::accepts([&] { parsed = parse_duration(text); })) {
        return 0;
    }
    fuzz::require(parsed.count() >= 0, "a parsed duration is never negative");
    auto printed = format_duration(parsed);
    std::chrono::seconds again{};
    fuzz::require(fuzz::accepts([&] { again = parse_duration(printed); }),
                  "a formatted duration parses");
    fuzz::require(again == parsed, "format_duration round-trips through parse_duration");
    return 0;
}
