#pragma once

// SHA-256 of bytes given piece by piece (OpenSSL's libcrypto), for the archive manifest.

#include <memory>
#include <string>
#include <string_view>

namespace eventctl {

class Sha256 {
  public:
    Sha256();
    ~Sha256();
    Sha256(const Sha256&) = delete;
    Sha256& operator=(const Sha256&) = delete;

    // Adds bytes to what is hashed.
    void update(std::string_view bytes);
    // The digest of everything added, as 64 lowercase hex digits; the hash can go on after it.
    std::string hex() const;

  private:
    struct Context;
    std::unique_ptr<Context> m_context;
};

} // namespace eventctl
