#include "standard_output.h"

#include "eventctl/error.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <unistd.h>

namespace eventctl::cli {

namespace {

// About what a pipe holds: a stream of NDJSON reaches its reader in whole blocks.
constexpr std::size_t buffer_bytes = 64 * 1024;

} // namespace

CheckedOutputBuffer::CheckedOutputBuffer(int fd) : m_fd(fd), m_buffer(buffer_bytes) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

CheckedOutputBuffer::~CheckedOutputBuffer() {
    // The command checked its output before it ended; what is left goes out unchecked.
    drain();
}

bool CheckedOutputBuffer::drain() {
    auto* data = pbase();
    auto size = static_cast<std::size_t>(pptr() - pbase());
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    if (m_error != 0) {
        return false;
    }
    for (std::size_t written = 0; written < size;) {
        auto n = ::write(m_fd, data + written, size - written);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            m_error = n < 0 ? errno : EIO;
            return false;
        }
        written += static_cast<std::size_t>(n);
    }
    return true;
}

CheckedOutputBuffer::int_type CheckedOutputBuffer::overflow(int_type c) {
    if (!drain()) {
        return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

std::streamsize CheckedOutputBuffer::xsputn(const char* text, std::streamsize size) {
    std::streamsize done = 0;
    while (done < size) {
        if (pptr() == epptr() && !drain()) {
            return done;
        }
        auto room = static_cast<std::streamsize>(epptr() - pptr());
        auto part = std::min(room, size - done);
        std::memcpy(pptr(), text + done, static_cast<std::size_t>(part));
        pbump(static_cast<int>(part));
        done += part;
    }
    return done;
}

int CheckedOutputBuffer::sync() {
    return drain() ? 0 : -1;
}

StandardOutput::StandardOutput() : m_buffer(STDOUT_FILENO), m_stream(&m_buffer) {}

void require_written(std::ostream& out, const std::string& applied) {
    if (out) {
        return;
    }
    const auto* checked = dynamic_cast<const CheckedOutputBuffer*>(out.rdbuf());
    std::string why = checked != nullptr && checked->error() != 0 ? std::strerror(checked->error())
                                                                  : std::string("a write failed");
    if (applied.empty()) {
        throw Error(ExitCode::io_error, "cannot write to standard output: " + why);
    }
    throw Error(ExitCode::io_error,
                "cannot write the result to standard output: " + why + "; the change WAS " +
                    "applied: " + applied,
                "do not simply run it again: the audit record (or the table) shows what it did");
}

void flush_written(std::ostream& out, const std::string& applied) {
    out.flush();
    require_written(out, applied);
}

} // namespace eventctl::cli
