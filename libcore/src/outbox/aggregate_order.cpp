#include "aggregate_order.h"

namespace eventctl {

namespace {

std::string prefix(const std::string& alias) {
    return alias.empty() ? "" : alias + ".";
}

// A sequence nobody wrote sorts after every written one, as ORDER BY puts NULL last.
constexpr const char* unsequenced = "9223372036854775807";

} // namespace

std::string aggregate_columns(const OutboxPart& part, const OutboxTable& outbox,
                              const std::string& alias) {
    return part.value(OutboxField::aggregate_type, "text", alias) + "::text AS aggregate_type, " +
           part.value(OutboxField::aggregate_id, "text", alias) + "::text AS aggregate_id, " +
           "COALESCE(" + part.value(OutboxField::sequence, "bigint", alias) + "::bigint, " +
           unsequenced + ") AS sequence, " + outbox.created_at_micros(part, alias) +
           " AS created, " + part.value(OutboxField::id, "text", alias) + "::text AS id";
}

std::string aggregate_place_order(const std::string& alias) {
    auto p = prefix(alias);
    return p + "sequence, " + p + "created, " + p + "id";
}

std::string earlier_in_aggregate(const std::string& a, const std::string& b) {
    return "(" + aggregate_place_order(a) + ") < (" + aggregate_place_order(b) + ")";
}

std::string same_aggregate(const std::string& a, const std::string& b) {
    return a + ".aggregate_id = " + b + ".aggregate_id AND " + a +
           ".aggregate_type IS NOT DISTINCT FROM " + b + ".aggregate_type";
}

std::vector<Status> unfinished_states(const OutboxLayout& layout) {
    std::vector<Status> states;
    for (auto status : {Status::pending, Status::processing, Status::failed, Status::dead}) {
        if (layout.state(status) != nullptr) {
            states.push_back(status);
        }
    }
    return states;
}

} // namespace eventctl
