#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/log.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

nlohmann::json consumer_json(const ConsumerPosition& consumer) {
    return {{"consumer", consumer.consumer},
            {"position", consumer.position},
            {"lag", consumer.lag},
            {"updated_at", format_rfc3339(consumer.updated_at)}};
}

nlohmann::json watermark_json(const ConsumersResult& result) {
    return result.low_watermark ? nlohmann::json(*result.low_watermark) : nlohmann::json();
}

std::string watermark_text(const ConsumersResult& result) {
    return result.low_watermark ? "; low watermark " + std::to_string(*result.low_watermark) : "";
}

} // namespace

nlohmann::json consumers_json(const ConsumersResult& result) {
    nlohmann::json consumers = nlohmann::json::array();
    for (const auto& consumer : result.consumers) {
        consumers.push_back(consumer_json(consumer));
    }
    return {
        {"head", result.head}, {"low_watermark", watermark_json(result)}, {"consumers", consumers}};
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
            out << json_text(line, false) << '\n';
        }
        return;
    case OutputFormat::csv:
        write_csv_record(out,
                         {"consumer", "position", "lag", "updated_at", "head", "low_watermark"});
        for (const auto& consumer : result.consumers) {
            write_csv_record(out, {consumer.consumer, std::to_string(consumer.position),
                                   std::to_string(consumer.lag),
                                   format_rfc3339(consumer.updated_at), std::to_string(result.head),
                                   result.low_watermark ? std::optional<std::string>(
                                                              std::to_string(*result.low_watermark))
                                                        : std::nullopt});
        }
        return;
    case OutputFormat::table:
        break;
    }
    if (result.consumers.empty()) {
        out << "no consumers; head " << result.head << watermark_text(result) << '\n';
        return;
    }
    TextTable table({"CONSUMER", "POSITION", "LAG", "UPDATED"}, {false, true, true, false});
    for (const auto& consumer : result.consumers) {
        table.add_row({{consumer.consumer},
                       {std::to_string(consumer.position)},
                       {std::to_string(consumer.lag), consumer.lag > 0 ? "33" : nullptr},
                       {format_rfc3339(consumer.updated_at)}});
    }
    table.write(out, terminal);
    auto count = result.consumers.size();
    out << '\n'
        << count << (count == 1 ? " consumer" : " consumers") << "; head " << result.head
        << watermark_text(result) << '\n';
}

} // namespace eventctl
