#include "COpenSSL.h"

#include <CLibraryLoader.h>
#include <openssl/provider.h>
#include <pthread.h>

#if defined(__APPLE__)
static const char soname[] = "libcrypto.3.dylib";
#else
static const char soname[] = "libcrypto.so.3";
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static csm_libcrypto functions;
static const csm_libcrypto *loaded;
static char failure_text[512];
/// The providers loaded, kept reachable for the process's life.
static OSSL_PROVIDER *providers[2];

#define RESOLVE(name) CSM_LIBRARY_RESOLVE(functions, handle, name, failure_text)

static void load(void) {
  void *handle = csm_library_open(CSM_LIBCRYPTO_VARIABLE, soname, failure_text, sizeof failure_text);
  if (handle == NULL) return;
  __typeof__(OSSL_PROVIDER_load) *load_provider;
  RESOLVE(ERR_clear_error)
  RESOLVE(d2i_PKCS12)
  RESOLVE(PKCS12_free)
  RESOLVE(PKCS12_mac_present)
  RESOLVE(PKCS12_verify_mac)
  RESOLVE(PKCS12_parse)
  RESOLVE(EVP_PKEY_free)
  RESOLVE(X509_free)
  RESOLVE(X509_check_private_key)
  RESOLVE(i2d_X509)
  RESOLVE(OPENSSL_sk_num)
  RESOLVE(OPENSSL_sk_value)
  RESOLVE(OPENSSL_sk_free)
  load_provider = (__typeof__(load_provider))csm_library_symbol(
    handle, "OSSL_PROVIDER_load", failure_text, sizeof failure_text);
  if (load_provider == NULL) return;
  providers[0] = load_provider(NULL, "legacy");
  providers[1] = load_provider(NULL, "default");
  loaded = &functions;
}

const csm_libcrypto *csm_libcrypto_load(const char **failure) {
  pthread_once(&once, load);
  *failure = loaded != NULL ? NULL : failure_text;
  return loaded;
}
