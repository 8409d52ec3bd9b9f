// Opening a shared library on first use instead of linking it (see CLibXML2 and COpenSSL).
//
// The worker reads XML with libxml2 and PKCS#12 with libcrypto, but a ping, a validation by handle or a ledger
// operation needs neither. Linked, both (with libxml2's ICU, zlib and lzma) were mapped and bound by the dynamic
// loader before `main` at every start; opened here, they cost nothing until the first XML or PKCS#12 read.
#ifndef CSMIGRATE_LIBRARY_LOADER_H
#define CSMIGRATE_LIBRARY_LOADER_H

#include <stddef.h>

/// Opens the shared library named by the environment variable `variable` when it is set and not empty, otherwise
/// `soname`, with `RTLD_LAZY | RTLD_LOCAL` (its symbols stay out of the global scope). On failure returns NULL and
/// writes the loader's reason (the file tried and why) into `failure`.
void *csm_library_open(const char *variable, const char *soname, char *failure, size_t capacity);

/// The address of `name` in the library `handle` opened; on failure NULL, with the reason in `failure`.
void *csm_library_symbol(void *handle, const char *name, char *failure, size_t capacity);

/// Sets `table.name` to the function `name` of the library `handle`, cast to the field's type (the header's own
/// signature); returns from the calling function, with the reason in `failure`, when the library lacks it.
#define CSM_LIBRARY_RESOLVE(table, handle, name, failure)                                                  \
  if (((table).name = (__typeof__((table).name))csm_library_symbol(handle, #name, failure, sizeof failure)) \
      == NULL)                                                                                             \
    return;

#endif
