/* COpenSSL has only static inline wrappers (include/COpenSSL.h); SwiftPM wants one
 * source file per C target. */
#include "COpenSSL.h"
