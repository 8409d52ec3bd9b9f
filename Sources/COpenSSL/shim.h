// The system OpenSSL, for reading PKCS#12 (.pfx/.p12) containers only.
//
// swift-certificates reads X.509 (PEM/DER) but has no PKCS#12 reader, and PKCS#12 needs the legacy
// password-based ciphers (RC2, 3DES, PBES2) and MAC checks that OpenSSL maintains; writing them by hand
// would be exactly the unreviewed ASN.1/crypto code we want to avoid.
#ifndef CSMIGRATE_COPENSSL_SHIM_H
#define CSMIGRATE_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/provider.h>
#include <openssl/x509.h>

#endif
