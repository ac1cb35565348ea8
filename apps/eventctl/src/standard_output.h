#pragma once

// Standard output with every write checked. A full disk, a closed descriptor or /dev/full make
// a write fail; the first failure is kept (its errno), fails the stream from then on, and the
// command exits 74 with one line saying so instead of 0 with the output cut short.

#include <ostream>
#include <streambuf>
#include <string>
#include <vector>

namespace eventctl::cli {

// A stream buffer over a file descriptor that remembers the first failed write.
class CheckedOutputBuffer : public std::streambuf {
  public:
    explicit CheckedOutputBuffer(int fd);
    ~CheckedOutputBuffer() override;
    CheckedOutputBuffer(const CheckedOutputBuffer&) = delete;
    CheckedOutputBuffer& operator=(const CheckedOutputBuffer&) = delete;

    // The errno of the first write that failed; 0 while none has.
    int error() const { return m_error; }

  protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* text, std::streamsize size) override;
    int sync() override;

  private:
    bool drain();

    int m_fd;
    std::vector<char> m_buffer;
    int m_error = 0;
};

// Standard output (file descriptor 1) through a CheckedOutputBuffer.
class StandardOutput {
  public:
    StandardOutput();
    std::ostream& stream() { return m_stream; }

  private:
    CheckedOutputBuffer m_buffer;
    std::ostream m_stream;
};

// Throws Error (exit 74) when a write to out has failed: "cannot write to standard output: No
// space left on device". applied, when a change was applied, is added: the change stands even
// though its result is lost. Does not flush: a streaming command checks as it goes.
void require_written(std::ostream& out, const std::string& applied = {});

// Flushes out and then checks it, as require_written.
void flush_written(std::ostream& out, const std::string& applied = {});

} // namespace eventctl::cli
