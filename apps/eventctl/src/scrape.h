#pragma once

// A Prometheus scrape (-o prometheus, eventctl metrics): the read timed, and the page written
// whether it worked or not.

#include "context.h"
#include "eventctl/render/prometheus.h"

#include <functional>
#include <optional>
#include <string>

namespace eventctl::cli {

// Runs read, which adds its metrics to the page, and writes the page with
// eventctl_scrape_success and eventctl_scrape_duration_seconds: to stdout, or with a textfile
// atomically to that file. When read throws, the page holds only those two (success 0, so the
// collector reads a valid file that says the scrape failed) and the error goes on to be
// reported and to set the exit code.
void run_scrape(const Context& context, const std::optional<std::string>& textfile,
                const std::function<void(MetricPage&)>& read);

// The standby's lag as a metric, when the read went to one.
MetricPage standby_page(const Context& context);

} // namespace eventctl::cli
