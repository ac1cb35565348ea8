#include "json_line.h"

#include "eventctl/render/json_text.h"

#include <algorithm>

namespace eventctl {

JsonLine::JsonLine(std::size_t reserve) {
    m_line.reserve(reserve);
    m_line += '{';
}

void JsonLine::key(const char* name) {
    if (m_line.size() > 1) {
        m_line += ',';
    }
    m_line += '"';
    m_line += name;
    m_line += "\":";
}

JsonLine& JsonLine::string(const char* key, const std::optional<std::string>& value) {
    this->key(key);
    if (!value) {
        m_line += "null";
        return *this;
    }
    bool plain = std::all_of(value->begin(), value->end(),
                             [](char c) { return c >= 0x20 && c < 0x7f && c != '"' && c != '\\'; });
    if (plain) {
        m_line += '"';
        m_line += *value;
        m_line += '"';
    } else {
        m_line += json_text(nlohmann::json(*value), false);
    }
    return *this;
}

JsonLine& JsonLine::number(const char* key, const std::optional<std::int64_t>& value) {
    this->key(key);
    m_line += value ? std::to_string(*value) : "null";
    return *this;
}

JsonLine& JsonLine::raw(const char* key, const std::string& json) {
    this->key(key);
    m_line += json;
    return *this;
}

std::string JsonLine::done() {
    m_line += '}';
    return std::move(m_line);
}

std::string raw_json_value(const std::optional<std::string>& value) {
    if (!value) {
        return "null";
    }
    return nlohmann::json::accept(*value) ? *value : json_text(nlohmann::json(*value), false);
}

namespace {

// Enough lines to make each write worth it; a page of rows is written in a few of them.
constexpr std::size_t line_buffer_bytes = 64 * 1024;

} // namespace

void LineBuffer::add(const std::string& line) {
    m_pending += line;
    m_pending += '\n';
    if (m_pending.size() >= line_buffer_bytes) {
        flush();
    }
}

void LineBuffer::flush() {
    if (!m_pending.empty()) {
        m_out.write(m_pending.data(), static_cast<std::streamsize>(m_pending.size()));
        m_pending.clear();
    }
    m_out.flush();
}

} // namespace eventctl
