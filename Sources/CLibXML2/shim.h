/* Debian's libxml2 is built with ICU, so <libxml/encoding.h> pulls in the system ICU headers,
   whose UErrorCode clashes with the copy Foundation bundles as _FoundationICU (Swift 6.3).
   We never use ICU through libxml2, so hide it. */
#include <libxml/xmlversion.h>
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/xmlreader.h>
#include <libxml/xmlerror.h>

/* xmlFree is a global variable (a function pointer), which Swift 6 rejects as shared mutable state. */
static inline void cxml_free(void *p) { xmlFree(p); }
