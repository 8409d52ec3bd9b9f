#include "CLibXML2.h"

#include <CLibraryLoader.h>
#include <pthread.h>

#if defined(__APPLE__)
static const char soname[] = "libxml2.2.dylib";
#else
static const char soname[] = "libxml2.so.2";
#endif

static pthread_once_t once = PTHREAD_ONCE_INIT;
static csm_libxml2 functions;
static const csm_libxml2 *loaded;
static char failure_text[512];

#define RESOLVE(name) CSM_LIBRARY_RESOLVE(functions, handle, name, failure_text)

static void load(void) {
  void *handle = csm_library_open(CSM_LIBXML2_VARIABLE, soname, failure_text, sizeof failure_text);
  if (handle == NULL) return;
  RESOLVE(xmlInitParser)
  RESOLVE(xmlCreatePushParserCtxt)
  RESOLVE(xmlCtxtUseOptions)
  RESOLVE(xmlParseChunk)
  RESOLVE(xmlStopParser)
  RESOLVE(xmlFreeParserCtxt)
  RESOLVE(xmlSAX2GetLineNumber)
  RESOLVE(xmlSAX2GetColumnNumber)
  // libxml2's global state, set up once before the first parse on any thread.
  functions.xmlInitParser();
  loaded = &functions;
}

const csm_libxml2 *csm_libxml2_load(const char **failure) {
  pthread_once(&once, load);
  *failure = loaded != NULL ? NULL : failure_text;
  return loaded;
}
