#include "last_change.h"

namespace eventctl {

std::string last_change_micros(const OutboxPart& part, const std::string& alias) {
    for (auto field :
         {OutboxField::updated_at, OutboxField::processed_at, OutboxField::created_at}) {
        if (const auto* column = part.field(field)) {
            return time_epoch_micros(part.ref(column->name, alias), column->time);
        }
    }
    return "NULL::bigint";
}

} // namespace eventctl
