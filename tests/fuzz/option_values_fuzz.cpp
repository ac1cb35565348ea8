// The small value parsers behind enumerated and numeric options: --output, --status, --by,
// --order and --rate. The first byte picks the parser, the rest is the value.
#include "eventctl/outbox/entry.h"
#include "eventctl/outbox/list_cursor.h"
#include "eventctl/outbox/stats.h"
#include "eventctl/render/output.h"
#include "fuzz_support.h"
#include "mutation_args.h"

using namespace eventctl;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) {
        return 0;
    }
    auto value = fuzz::as_text(data + 1, size - 1);
    switch (data[0] % 5) {
    case 0:
        fuzz::accepts([&] { parse_output_format(value); });
        break;
    case 1:
        fuzz::accepts([&] { parse_status(value); });
        break;
    case 2:
        fuzz::accepts([&] { parse_stats_grouping(value); });
        break;
    case 3:
        fuzz::accepts([&] { parse_sort_order(value); });
        break;
    default: {
        double rate = 0;
        if (fuzz::accepts([&] { rate = cli::parse_rate(std::string(value)); })) {
            // Its range (0 included) is libcore's to refuse: plan_retry.
            fuzz::require(rate >= 0, "an accepted --rate is not negative");
        }
    }
    }
    return 0;
}
