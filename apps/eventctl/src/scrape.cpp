#include "scrape.h"

#include "textfile.h"

#include <chrono>
#include <sstream>

namespace eventctl::cli {

namespace {

void publish(const Context& context, const std::optional<std::string>& textfile,
             const MetricPage& page) {
    std::ostringstream text;
    write_prometheus(text, page);
    if (textfile) {
        write_file_atomically(*textfile, text.str());
    } else {
        context.out << text.str() << std::flush;
    }
}

} // namespace

void run_scrape(const Context& context, const std::optional<std::string>& textfile,
                const std::function<void(MetricPage&)>& read) {
    auto started = std::chrono::steady_clock::now();
    auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    };
    MetricPage page;
    try {
        read(page);
    } catch (...) {
        // The error is what the operator needs; a file that cannot be written on top of it
        // would only hide it.
        try {
            publish(context, textfile, scrape_metrics(false, elapsed()));
        } catch (...) {
        }
        throw;
    }
    append_metrics(page, scrape_metrics(true, elapsed()));
    publish(context, textfile, page);
}

MetricPage standby_page(const Context& context) {
    if (!context.standby || !context.standby->in_recovery) {
        return {};
    }
    return standby_metrics(context.standby->replay_lag_seconds);
}

} // namespace eventctl::cli
