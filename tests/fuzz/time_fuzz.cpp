// Times (--created-before/--created-after, --to-time, --from-time): RFC 3339, dates and "that
// long ago" durations. What parses prints as RFC 3339 UTC that parses to the same instant.
#include "eventctl/time.h"
#include "fuzz_support.h"

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto text = fuzz::as_text(data, size);
    // A fixed "now", so a duration input means the same instant on every run.
    const auto now = from_epoch_micros(1'795'000'000'000'000);
    TimePoint parsed;
    if (!fuzz::accepts([&] { parsed = parse_time(text, now); })) {
        return 0;
    }
    auto printed = format_rfc3339(parsed);
    fuzz::require(printed.size() >= 20 && printed.back() == 'Z', "times print as RFC 3339 UTC");
    TimePoint again;
    fuzz::require(fuzz::accepts([&] { again = parse_time(printed, now); }),
                  "a formatted time parses");
    fuzz::require(again == parsed, "format_rfc3339 round-trips through parse_time");
    return 0;
}
