// libxml2's SAX2 parser, used directly by EstateModel's XML reader.
//
// Debian builds libxml2 with ICU, so its headers would pull in the system's ICU headers, which clash with the
// ICU copy Foundation ships (_FoundationICU) when both reach one Swift module. The worker never uses libxml2's
// ICU converters (it reads UTF-8 and the encodings libxml2 handles itself) and never touches the encoding
// handler's fields, so the ICU part of the headers is left out.
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
