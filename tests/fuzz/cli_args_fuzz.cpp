// The command line: the input is argv, one argument per NUL-separated piece. The whole CLI11 tree
// parses it, and every argv -> options conversion that reads no file and opens no connection
// runs on what it filled in. Parse errors are CLI11's ParseError (exit 64 in the binary);
// conversions refuse with eventctl's typed errors.
#include "cli.h"
#include "fuzz_support.h"
#include "log_args.h"
#include "mutation_args.h"
#include "outbox_args.h"

#include <sstream>
#include <vector>

using namespace eventctl;
using namespace eventctl::cli;

namespace {

std::vector<std::string> split_arguments(std::string_view text) {
    std::vector<std::string> args{"eventctl"};
    std::size_t start = 0;
    while (start <= text.size() && args.size() < 64) {
        auto end = text.find('\0', start);
        args.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
        if (end == std::string_view::npos) {
            break;
        }
        start = end + 1;
    }
    return args;
}

// Option files are the file parsers' own targets; here a path must never be opened, since the
// fuzzer could name /dev/zero or a FIFO.
bool names_a_file(const SelectionArgs& selection) {
    return selection.ids_from && *selection.ids_from != "-";
}

void convert_everything(CliState& state, const TimePoint now) {
    std::istringstream no_input;
    fuzz::accepts([&] { parse_output_format(state.global.output); });
    fuzz::accepts([&] { parse_duration_ms(state.global.statement_timeout); });
    fuzz::accepts([&] { parse_duration_ms(state.global.lock_timeout); });
    fuzz::accepts([&] { to_stats_options(state.stats); });
    fuzz::accepts([&] { to_list_options(state.list, now); });
    fuzz::accepts([&] { to_purge_options(state.purge); });
    fuzz::accepts([&] { to_unlock_older_than(state.unlock_stale); });
    fuzz::accepts([&] { to_retry_options(state.retry); });
    if (state.retry.rate) {
        fuzz::accepts([&] { parse_rate(*state.retry.rate); });
    }
    if (!names_a_file(state.retry.selection)) {
        fuzz::accepts([&] { to_retry_selection(state.retry, now, no_input, "uuid"); });
    }
    for (auto* selection : {&state.mark_dead.selection, &state.unlock_stale.selection}) {
        if (!names_a_file(*selection)) {
            fuzz::accepts([&] { to_selection(*selection, now, no_input, "text"); });
        }
    }
    if (!state.log.seek.from_file) {
        fuzz::accepts([&] { to_seek_options(state.log.seek, now); });
    }
    fuzz::accepts([&] { to_replay_options(state.log.replay, now); });
    fuzz::accepts([&] { to_into_outbox_options(state.log.replay); });
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    auto args = split_arguments(fuzz::as_text(data, size));
    std::vector<const char*> argv;
    for (const auto& arg : args) {
        argv.push_back(arg.c_str());
    }
    // Building the tree costs far more than parsing, so it is built once; each input starts
    // from cleared parse results and fresh arguments (the tree holds references into state).
    static CliState state;
    static auto app = build_cli(state);
    app->clear();
    state = CliState{};
    try {
        app->parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::ParseError&) {
        return 0; // --help, --version and every usage error: the binary's exit 0 or 64
    }
    convert_everything(state, from_epoch_micros(1'795'000'000'000'000));
    return 0;
}
