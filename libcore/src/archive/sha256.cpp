#include "sha256.h"

#include "eventctl/error.h"

#include <openssl/evp.h>

namespace eventctl {

struct Sha256::Context {
    EVP_MD_CTX* md = EVP_MD_CTX_new();
    ~Context() { EVP_MD_CTX_free(md); }
};

Sha256::Sha256() : m_context(std::make_unique<Context>()) {
    if (m_context->md == nullptr || EVP_DigestInit_ex(m_context->md, EVP_sha256(), nullptr) != 1) {
        throw Error(ExitCode::internal, "cannot start a SHA-256 digest");
    }
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view bytes) {
    if (EVP_DigestUpdate(m_context->md, bytes.data(), bytes.size()) != 1) {
        throw Error(ExitCode::internal, "cannot compute a SHA-256 digest");
    }
}

std::string Sha256::hex() const {
    // A copy is finalised, so the running digest can take more bytes after it.
    Context copy;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int size = 0;
    if (copy.md == nullptr || EVP_MD_CTX_copy_ex(copy.md, m_context->md) != 1 ||
        EVP_DigestFinal_ex(copy.md, digest, &size) != 1) {
        throw Error(ExitCode::internal, "cannot compute a SHA-256 digest");
    }
    static const char digits[] = "0123456789abcdef";
    std::string text;
    for (unsigned int i = 0; i < size; ++i) {
        text.push_back(digits[digest[i] >> 4]);
        text.push_back(digits[digest[i] & 0x0f]);
    }
    return text;
}

} // namespace eventctl
