#include "eventctl/render/csv.h"
#include "eventctl/render/json_text.h"
#include "eventctl/render/schema.h"
#include "eventctl/render/text_table.h"

namespace eventctl {

namespace {

nlohmann::json schema_init_json(const SchemaInitResult& result) {
    nlohmann::json objects = nlohmann::json::array();
    for (const auto& object : result.objects) {
        objects.push_back(
            {{"kind", object.kind}, {"name", object.name}, {"created", object.created}});
    }
    return {{"schema", result.schema}, {"objects", objects}};
}

} // namespace

void render_schema_init(std::ostream& out, const SchemaInitResult& result, OutputFormat format,
                        const Terminal& terminal) {
    switch (format) {
    case OutputFormat::json:
        out << json_text(schema_init_json(result), true) << '\n';
        return;
    case OutputFormat::ndjson: {
        auto json = schema_init_json(result);
        for (const auto& object : json["objects"]) {
            out << json_text(object, false) << '\n';
        }
        return;
    }
    case OutputFormat::csv:
        write_csv_record(out, {"kind", "name", "created"});
        for (const auto& object : result.objects) {
            write_csv_record(out, {object.kind, object.name, object.created ? "true" : "false"});
        }
        return;
    case OutputFormat::table:
        break;
    case OutputFormat::prometheus:
        refuse_format(format, "schema init");
    }
    TextTable table({"KIND", "NAME", "STATE"});
    for (const auto& object : result.objects) {
        table.add_row({{object.kind},
                       {object.name},
                       object.created ? Cell{"created", "32"} : Cell{"already there"}});
    }
    table.write(out, terminal);
}

} // namespace eventctl
