// libxml2's SAX2 parser, used directly by EstateModel's XML reader, opened on the first XML read.
//
// The headers (libxml2-dev) give the types and signatures; the library itself is not linked: `csm_libxml2_load`
// opens it (see CLibraryLoader.h) and resolves exactly the functions the reader calls into `csm_libxml2`, with the
// headers' own signatures.
//
// Debian builds libxml2 with ICU, so its headers would pull in the system's ICU headers, which clash with the
// ICU copy Foundation ships (_FoundationICU) when both reach one Swift module. The worker never uses libxml2's
// ICU converters (it reads UTF-8 and the encodings libxml2 handles itself) and never touches the encoding
// handler's fields, so the ICU part of the headers is left out.
#ifndef CSMIGRATE_CLIBXML2_H
#define CSMIGRATE_CLIBXML2_H

#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>

/// The environment variable that names another file for libxml2 (a different soname, a build of one's own).
#define CSM_LIBXML2_VARIABLE "CSMIGRATE_LIBXML2"

/// The functions of libxml2 the worker calls, named and typed as in libxml2's headers.
typedef struct csm_libxml2 {
  __typeof__(xmlInitParser) *_Nonnull xmlInitParser;
  __typeof__(xmlCreatePushParserCtxt) *_Nonnull xmlCreatePushParserCtxt;
  __typeof__(xmlCtxtUseOptions) *_Nonnull xmlCtxtUseOptions;
  __typeof__(xmlParseChunk) *_Nonnull xmlParseChunk;
  __typeof__(xmlStopParser) *_Nonnull xmlStopParser;
  __typeof__(xmlFreeParserCtxt) *_Nonnull xmlFreeParserCtxt;
  __typeof__(xmlSAX2GetLineNumber) *_Nonnull xmlSAX2GetLineNumber;
  __typeof__(xmlSAX2GetColumnNumber) *_Nonnull xmlSAX2GetColumnNumber;
} csm_libxml2;

/// libxml2's functions, opening the library and initialising its parser on the first call (once per process,
/// safe from any thread); NULL when the library or one of the functions cannot be found, with the reason in
/// `*failure` (the same on every later call).
const csm_libxml2 *_Nullable csm_libxml2_load(const char *_Nullable *_Nonnull failure);

#endif
