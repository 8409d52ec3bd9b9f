// The system OpenSSL's libcrypto, for reading PKCS#12 (.pfx/.p12) containers only, opened on the first read.
//
// swift-certificates reads X.509 (PEM/DER) but has no PKCS#12 reader, and PKCS#12 needs the legacy
// password-based ciphers (RC2, 3DES, PBES2) and MAC checks that OpenSSL maintains; writing them by hand
// would be exactly the unreviewed ASN.1/crypto code we want to avoid.
//
// The headers (libssl-dev) give the types and signatures; the library itself is not linked: `csm_libcrypto_load`
// opens it (see CLibraryLoader.h) and resolves exactly the functions the reader calls into `csm_libcrypto`, with
// the headers' own signatures. libssl is not used.
#ifndef CSMIGRATE_COPENSSL_H
#define CSMIGRATE_COPENSSL_H

#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>

/// The environment variable that names another file for libcrypto (a different soname, a build of one's own).
#define CSM_LIBCRYPTO_VARIABLE "CSMIGRATE_LIBCRYPTO"

/// The functions of libcrypto the worker calls, named and typed as in OpenSSL's headers.
typedef struct csm_libcrypto {
  __typeof__(ERR_clear_error) *_Nonnull ERR_clear_error;
  __typeof__(d2i_PKCS12) *_Nonnull d2i_PKCS12;
  __typeof__(PKCS12_free) *_Nonnull PKCS12_free;
  __typeof__(PKCS12_mac_present) *_Nonnull PKCS12_mac_present;
  __typeof__(PKCS12_verify_mac) *_Nonnull PKCS12_verify_mac;
  __typeof__(PKCS12_parse) *_Nonnull PKCS12_parse;
  __typeof__(EVP_PKEY_free) *_Nonnull EVP_PKEY_free;
  __typeof__(X509_free) *_Nonnull X509_free;
  __typeof__(X509_check_private_key) *_Nonnull X509_check_private_key;
  __typeof__(i2d_X509) *_Nonnull i2d_X509;
  __typeof__(OPENSSL_sk_num) *_Nonnull OPENSSL_sk_num;
  __typeof__(OPENSSL_sk_value) *_Nonnull OPENSSL_sk_value;
  __typeof__(OPENSSL_sk_free) *_Nonnull OPENSSL_sk_free;
} csm_libcrypto;

/// libcrypto's functions, opening the library and loading its `legacy` and `default` providers on the first call
/// (once per process, safe from any thread); NULL when the library or one of the functions cannot be found, with
/// the reason in `*failure` (the same on every later call).
///
/// The legacy provider decrypts the RC2/3DES containers of older Windows exports; loading it may fail harmlessly.
/// Both providers stay loaded for the process's life, and their handles stay reachable, so LeakSanitizer does not
/// report OpenSSL's provider tables as leaked at exit.
const csm_libcrypto *_Nullable csm_libcrypto_load(const char *_Nullable *_Nonnull failure);

#endif
