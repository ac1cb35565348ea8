#include "eventctl/json_text.h"

namespace eventctl {

std::string json_text(const nlohmann::json& value, bool indented) {
    return value.dump(indented ? 2 : -1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace eventctl
