#include "eventctl/render/log.h"
#include "json_documents.h"

#include <catch2/catch.hpp>
#include <sstream>

using namespace eventctl;
using eventctl::test::without_run_record;

namespace {

LogEvent sample_event() {
    LogEvent event;
    event.seq_no = 42;
    event.stream_id = "order-\"7\"";
    event.stream_seq = 3;
    event.event_type = "OrderPlaced";
    event.tenant_id = "acme";
    event.created_at = from_epoch_micros(1767225600000000); // 2026-01-01T00:00:00Z
    event.payload = R"({"total": 42.5, "lines": [1, 2]})";
    event.metadata = R"({"trace": "ü"})";
    return event;
}

} // namespace

TEST_CASE("log render: an EVENT line carries the contract's fields, JSON values spliced") {
    auto line = event_json_line(sample_event());
    CHECK(line.find('\n') == std::string::npos);
    auto json = nlohmann::json::parse(line);
    CHECK(json == nlohmann::json{{"seq_no", 42},
                                 {"stream_id", "order-\"7\""},
                                 {"stream_seq", 3},
                                 {"event_type", "OrderPlaced"},
                                 {"tenant_id", "acme"},
                                 {"created_at", "2026-01-01T00:00:00Z"},
                                 {"payload", {{"total", 42.5}, {"lines", {1, 2}}}},
                                 {"metadata", {{"trace", "ü"}}}});

    auto odd = sample_event();
    odd.tenant_id = "tab\there \\ \"quoted\"";
    odd.stream_id = std::string("bad \xff byte");
    auto escaped = nlohmann::json::parse(event_json_line(odd));
    CHECK(escaped["tenant_id"] == "tab\there \\ \"quoted\"");
    CHECK(escaped["stream_id"].get<std::string>().rfind("bad ", 0) == 0);

    LogEvent bare;
    bare.event_type = "E";
    bare.payload = "[]";
    auto nulls = nlohmann::json::parse(event_json_line(bare));
    for (const char* field : {"seq_no", "stream_id", "stream_seq", "tenant_id", "metadata"}) {
        CHECK(nulls[field].is_null());
    }
    CHECK(nulls["payload"] == nlohmann::json::array());
}

TEST_CASE("log render: consumers, seek and --into-outbox documents have the contract's shape") {
    ConsumersResult consumers;
    consumers.head = 12;
    consumers.latest = 12;
    consumers.low_watermark = 0;
    consumers.read_at = from_epoch_micros(60'000'000);
    ConsumerPosition billing_position;
    billing_position.consumer = "billing";
    billing_position.position = 10;
    billing_position.lag = 2;
    billing_position.updated_at = from_epoch_micros(0);
    billing_position.updated_age_seconds = 60;
    billing_position.lag_seconds = 30;
    billing_position.status = ConsumerStatus::ok;
    consumers.consumers.push_back(billing_position);
    // The contract's fields, and the health fields beside them.
    CHECK(consumers_json(consumers) ==
          nlohmann::json::parse(R"({"head": 12, "latest": 12, "low_watermark": 0,
              "read_at": "1970-01-01T00:01:00Z", "sample_seconds": null,
              "written_per_second": null, "consumers": [{"consumer": "billing",
              "position": 10, "lag": 2, "updated_at": "1970-01-01T00:00:00Z",
              "updated_age_seconds": 60, "lag_seconds": 30, "status": "ok",
              "consumed_per_second": null, "drain_seconds": null}]})"));

    SeekPlan plan;
    plan.dry_run = true;
    plan.horizon.head = 12;
    SeekMove billing;
    billing.consumer = "billing";
    billing.from = 10;
    billing.to = 4;
    SeekMove fresh;
    fresh.consumer = "new";
    fresh.to = 12;
    plan.moves = {billing, fresh};
    CHECK(without_run_record(seek_json(plan)) ==
          nlohmann::json::parse(R"({"dry_run": true, "plan": [
        {"consumer": "billing", "from": 10, "to": 4, "lag_before": 2, "lag_after": 8},
        {"consumer": "new", "from": null, "to": 12, "lag_before": null, "lag_after": 0}]})"));

    IntoOutboxResult result;
    result.matched = 5;
    result.changed = 3;
    result.label = "incident";
    result.batches = 1;
    auto json = into_outbox_json(result);
    CHECK(json["command"] == "log replay");
    CHECK(json["dry_run"] == false);
    CHECK(json["matched"] == 5);
    CHECK(json["changed"] == 3);
    CHECK(json["already_enqueued"] == 2);
    CHECK(json["label"] == "incident");
    CHECK(json["selection"].is_object());
}

TEST_CASE("log render: replay writers for every format") {
    ReplayResult result;
    result.count = 1;
    result.more = true;
    result.last_position = 42;

    std::ostringstream out;
    std::ostringstream err;
    auto ndjson = make_event_writer(OutputFormat::ndjson, out, err, {});
    ndjson->write(sample_event());
    ndjson->finish(result);
    CHECK(nlohmann::json::parse(out.str())["seq_no"] == 42);
    CHECK(err.str() == "more events follow: continue with --after-seq 42\n");

    std::ostringstream json_out;
    auto json = make_event_writer(OutputFormat::json, json_out, err, {});
    json->write(sample_event());
    json->write(sample_event());
    json->finish(result);
    CHECK(nlohmann::json::parse(json_out.str())["items"].size() == 2);
    std::ostringstream empty_out;
    make_event_writer(OutputFormat::json, empty_out, err, {})->finish({});
    CHECK(nlohmann::json::parse(empty_out.str()) ==
          nlohmann::json{{"items", nlohmann::json::array()}});

    std::ostringstream csv_out;
    auto csv = make_event_writer(OutputFormat::csv, csv_out, err, {});
    csv->write(sample_event());
    CHECK(csv_out.str() ==
          "seq_no,stream_id,stream_seq,event_type,tenant_id,created_at,payload,metadata\r\n"
          "42,\"order-\"\"7\"\"\",3,OrderPlaced,acme,2026-01-01T00:00:00Z,"
          "\"{\"\"total\"\": 42.5, \"\"lines\"\": [1, 2]}\",\"{\"\"trace\"\": \"\"ü\"\"}\"\r\n");

    std::ostringstream table_out;
    auto table = make_event_writer(OutputFormat::table, table_out, err, {});
    table->write(sample_event());
    table->finish(result);
    CHECK_THAT(table_out.str(), Catch::StartsWith("SEQ_NO") &&
                                    Catch::EndsWith("1 event; more with --after-seq 42\n"));
}
