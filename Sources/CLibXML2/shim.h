// libxml2's SAX2 parser, used directly by EstateModel's XML reader.
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/SAX2.h>
#include <libxml/xmlerror.h>
