#pragma once

// A place in a JSON document being read, which knows its path, so that every complaint about a
// layout file says where: "layout my.json: outbox.states.dead.when[0]: ...".

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace eventctl {

class JsonNode {
  public:
    JsonNode(const nlohmann::json& json, std::string origin, std::string path = {})
        : m_json(json), m_origin(std::move(origin)), m_path(std::move(path)) {}

    const nlohmann::json& json() const { return m_json; }

    // The member named key; fails when it is missing.
    JsonNode at(const std::string& key) const;
    // The i-th element of an array.
    JsonNode item(std::size_t i) const;

    // Fails unless the node is an object / holds only these keys.
    void require_object() const;
    void allow_keys(std::initializer_list<const char*> keys) const;

    // The object's keys in document order (nlohmann sorts them; order does not matter here).
    std::vector<std::string> object_keys() const;
    // The array's length; fails unless the node is an array.
    std::size_t array_size() const;

    // The value as a non-empty string, a boolean, an integer.
    std::string string() const;
    bool boolean() const;
    std::int64_t integer() const;
    // A string, number or boolean as the text a bound parameter carries.
    std::string scalar_text() const;

    // Throws UsageError naming the file and the path.
    [[noreturn]] void fail(const std::string& message) const;

  private:
    const nlohmann::json& m_json;
    std::string m_origin;
    std::string m_path;
};

} // namespace eventctl
