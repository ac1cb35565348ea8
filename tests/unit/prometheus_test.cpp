#include "eventctl/render/prometheus.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;

TEST_CASE("prometheus: label values and HELP text are escaped as the format says") {
    MetricPage page{{"eventctl_test",
                     "a help\\text\nover two lines",
                     {{{{"consumer", "a\"b\\c\nd"}}, 1.5}, {{}, 3}}}};
    std::ostringstream out;
    write_prometheus(out, page);
    CHECK(out.str() == "# HELP eventctl_test a help\\\\text\\nover two lines\n"
                       "# TYPE eventctl_test gauge\n"
                       "eventctl_test{consumer=\"a\\\"b\\\\c\\nd\"} 1.500000\n"
                       "eventctl_test 3\n");
}

TEST_CASE("prometheus: a failed scrape is still a page with both scrape gauges") {
    std::ostringstream out;
    write_prometheus(out, scrape_metrics(false, 0.25));
    CHECK(out.str() == "# HELP eventctl_scrape_success 1 when eventctl read every metric, 0 when "
                       "it failed.\n# TYPE eventctl_scrape_success gauge\n"
                       "eventctl_scrape_success 0\n"
                       "# HELP eventctl_scrape_duration_seconds How long eventctl took to read the "
                       "metrics.\n# TYPE eventctl_scrape_duration_seconds gauge\n"
                       "eventctl_scrape_duration_seconds 0.250000\n");
}

TEST_CASE("prometheus: a consumer's status is one of a bounded set, one sample each") {
    ConsumersResult result;
    result.layout = "canonical";
    result.table = "public.event_log";
    ConsumerPosition consumer;
    consumer.consumer = "billing";
    consumer.status = ConsumerStatus::stalled;
    result.consumers.push_back(consumer);
    auto page = consumers_metrics(result);
    const MetricFamily* status = nullptr;
    for (const auto& family : page) {
        if (family.name == "eventctl_consumer_status") {
            status = &family;
        }
    }
    REQUIRE(status != nullptr);
    CHECK(status->samples.size() == all_consumer_statuses.size());
    double total = 0;
    for (const auto& sample : status->samples) {
        total += sample.value;
    }
    CHECK(total == 1.0);
}
