#include "eventctl/render/csv.h"
#include "eventctl/render/human_text.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/text_table.h"
#include "render/optional_text.h"

#include <cmath>
#include <cstdio>

namespace eventctl {

namespace {

template <typename T> nlohmann::json optional_json(const std::optional<T>& value) {
    return value ? nlohmann::json(*value) : nlohmann::json();
}

// Rates to three decimals: a JSON number a person can read, and exact enough for a rate.
std::optional<double> rounded(const std::optional<double>& value) {
    if (!value) {
        return std::nullopt;
    }
    return std::round(*value * 1000.0) / 1000.0;
}

nlohmann::json consumer_json(const ConsumerPosition& consumer) {
    // A table without an update time (a layout that maps none) has null.
    auto updated = time_text(consumer.updated_at);
    return {{"consumer", consumer.consumer},
            {"position", consumer.position},
            {"lag", consumer.lag},
            {"updated_at", optional_json(updated)},
            {"updated_age_seconds", optional_json(consumer.updated_age_seconds)},
            {"lag_seconds", optional_json(consumer.lag_seconds)},
            {"status", to_string(consumer.status)},
            {"consumed_per_second", optional_json(rounded(consumer.consumed_per_second))},
            {"drain_seconds", optional_json(rounded(consumer.drain_seconds))}};
}

// Three decimals, as the JSON rounds them.
std::optional<std::string> decimal_text(const std::optional<double>& value) {
    if (!value) {
        return std::nullopt;
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.3f", *value);
    return std::string(buffer);
}

const char* status_color(ConsumerStatus status) {
    switch (status) {
    case ConsumerStatus::ok:
    case ConsumerStatus::idle:
        return "32";
    case ConsumerStatus::lagging:
        return "33";
    case ConsumerStatus::stalled:
    case ConsumerStatus::behind_the_floor:
    case ConsumerStatus::ahead_of_head:
        break;
    }
    return "31";
}

std::string age_text(const std::optional<std::int64_t>& seconds) {
    return seconds ? short_age(std::chrono::seconds(*seconds)) : "-";
}

std::string rate_text(const std::optional<double>& rate) {
    if (!rate) {
        return "-";
    }
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.1f/s", *rate);
    return buffer;
}

std::string drain_text(const ConsumerPosition& consumer) {
    if (!consumer.consumed_per_second) {
        return "-";
    }
    if (!consumer.drain_seconds) {
        return "never";
    }
    return short_age(std::chrono::seconds(std::llround(std::ceil(*consumer.drain_seconds))));
}

nlohmann::json watermark_json(const ConsumersResult& result) {
    return optional_json(result.low_watermark);
}

// People are told the low watermark once events are missing from the start of the log (purged,
// or never committed); a log that still holds its first event has nothing to tell.
std::string watermark_text(const ConsumersResult& result) {
    if (!result.low_watermark || *result.low_watermark <= result.first_possible_seq) {
        return "";
    }
    return "; low watermark " + std::to_string(*result.low_watermark);
}

void render_table(std::ostream& out, const ConsumersResult& result, const Terminal& terminal) {
    if (result.consumers.empty()) {
        out << "no consumers in " << target_words(result.consumers_table, result.database)
            << "; head " << grouped(result.head) << watermark_text(result) << '\n';
        return;
    }
    bool sampled = result.sample_seconds.has_value();
    std::vector<std::string> headings{"CONSUMER", "POSITION", "LAG",    "LAG TIME",
                                      "MOVED",    "STATUS",   "UPDATED"};
    std::vector<bool> right{false, true, true, true, true, false, false};
    if (sampled) {
        headings.insert(headings.end(), {"RATE", "DRAIN"});
        right.insert(right.end(), {true, true});
    }
    TextTable table(headings, right);
    for (const auto& consumer : result.consumers) {
        std::vector<Cell> row{
            {consumer.consumer},
            {std::to_string(consumer.position)},
            {std::to_string(consumer.lag), consumer.lag > 0 ? "33" : nullptr},
            {age_text(consumer.lag_seconds)},
            {consumer.updated_age_seconds ? age_text(consumer.updated_age_seconds) + " ago" : "-"},
            {std::string(to_string(consumer.status)), status_color(consumer.status)},
            {time_text(consumer.updated_at).value_or("-")}};
        if (sampled) {
            row.push_back({rate_text(consumer.consumed_per_second)});
            row.push_back({drain_text(consumer)});
        }
        table.add_row(std::move(row));
    }
    table.write(out, terminal);
    if (!terminal.table.headers) {
        return; // --no-headers: the rows alone
    }
    auto count = result.consumers.size();
    out << '\n'
        << count << (count == 1 ? " consumer of " : " consumers of ")
        << target_words(result.consumers_table, result.database) << "; head "
        << grouped(result.head);
    out << watermark_text(result);
    if (sampled) {
        out << "; written " << rate_text(result.written_per_second) << " over "
            << decimal_text(result.sample_seconds).value_or("-") << "s";
    }
    out << '\n';
}

} // namespace

nlohmann::json consumers_json(const ConsumersResult& result) {
    nlohmann::json consumers = nlohmann::json::array();
    for (const auto& consumer : result.consumers) {
        consumers.push_back(consumer_json(consumer));
    }
    return {{"head", result.head},
            {"latest", result.latest},
            {"low_watermark", watermark_json(result)},
            {"read_at", format_rfc3339(result.read_at)},
            {"sample_seconds", optional_json(rounded(result.sample_seconds))},
            {"written_per_second", optional_json(rounded(result.written_per_second))},
            {"consumers", consumers}};
}

void render_consumers(std::ostream& out, const ConsumersResult& result, OutputFormat format,
                      const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json:
        out << json_text(consumers_json(result), true) << '\n';
        return;
    case OutputFormat::ndjson:
        // One consumer per line; each carries the head, as a line stands alone in a pipe.
        for (const auto& consumer : result.consumers) {
            auto line = consumer_json(consumer);
            line["head"] = result.head;
            line["low_watermark"] = watermark_json(result);
            line["read_at"] = format_rfc3339(result.read_at);
            out << json_text(line, false) << '\n';
        }
        return;
    case OutputFormat::csv:
        write_csv_record(out, {"consumer", "position", "lag", "updated_at", "head",
                               "updated_age_seconds", "lag_seconds", "status",
                               "consumed_per_second", "drain_seconds", "low_watermark"});
        for (const auto& consumer : result.consumers) {
            write_csv_record(
                out, {consumer.consumer, std::to_string(consumer.position),
                      std::to_string(consumer.lag), time_text(consumer.updated_at),
                      std::to_string(result.head), number_text(consumer.updated_age_seconds),
                      number_text(consumer.lag_seconds), std::string(to_string(consumer.status)),
                      decimal_text(consumer.consumed_per_second),
                      decimal_text(consumer.drain_seconds), number_text(result.low_watermark)});
        }
        return;
    case OutputFormat::prometheus:
        // A scrape times itself and says whether it worked (the app's scrape).
        refuse_format(format, "log consumers' renderer");
    case OutputFormat::table:
        break;
    }
    render_table(out, result, terminal);
}

} // namespace eventctl
