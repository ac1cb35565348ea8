#include "json_node.h"

#include "eventctl/error.h"
#include "eventctl/render/terminal_text.h"

namespace eventctl {

JsonNode JsonNode::at(const std::string& key) const {
    require_object();
    auto found = m_json.find(key);
    if (found == m_json.end()) {
        fail(in_quotes(key) + " is missing");
    }
    return JsonNode(*found, m_origin, m_path.empty() ? key : m_path + "." + key);
}

JsonNode JsonNode::item(std::size_t i) const {
    return JsonNode(m_json.at(i), m_origin, m_path + "[" + std::to_string(i) + "]");
}

void JsonNode::require_object() const {
    if (!m_json.is_object()) {
        fail("expected an object");
    }
}

void JsonNode::allow_keys(std::initializer_list<const char*> keys) const {
    require_object();
    for (const auto& [key, value] : m_json.items()) {
        bool known = false;
        for (const char* allowed : keys) {
            known = known || key == allowed;
        }
        if (!known) {
            std::string expected;
            for (const char* allowed : keys) {
                expected += (expected.empty() ? "" : ", ") + std::string(allowed);
            }
            fail("unknown key " + in_quotes(key) + " (expected " + expected + ")");
        }
    }
}

std::vector<std::string> JsonNode::object_keys() const {
    require_object();
    std::vector<std::string> keys;
    for (const auto& [key, value] : m_json.items()) {
        keys.push_back(key);
    }
    return keys;
}

std::size_t JsonNode::array_size() const {
    if (!m_json.is_array()) {
        fail("expected an array");
    }
    return m_json.size();
}

std::string JsonNode::string() const {
    if (!m_json.is_string() || m_json.get_ref<const std::string&>().empty()) {
        fail("expected a non-empty string");
    }
    return m_json.get<std::string>();
}

bool JsonNode::boolean() const {
    if (!m_json.is_boolean()) {
        fail("expected true or false");
    }
    return m_json.get<bool>();
}

std::int64_t JsonNode::integer() const {
    if (!m_json.is_number_integer()) {
        fail("expected an integer");
    }
    return m_json.get<std::int64_t>();
}

std::string JsonNode::scalar_text() const {
    if (m_json.is_string()) {
        return m_json.get<std::string>();
    }
    if (m_json.is_boolean()) {
        return m_json.get<bool>() ? "true" : "false";
    }
    if (m_json.is_number()) {
        return m_json.dump();
    }
    fail("expected a string, a number or a boolean");
}

void JsonNode::fail(const std::string& message) const {
    throw UsageError("layout " + m_origin + ": " + (m_path.empty() ? "" : m_path + ": ") + message,
                     "see eventctl-layout(5) for the format");
}

} // namespace eventctl
