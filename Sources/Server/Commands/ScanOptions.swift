// MATCH and COUNT of HSCAN, SSCAN and ZSCAN, parsed once for the three (Redis's
// scanGenericCommand). As in Redis, the options are read after the key was looked up (a
// missing key answers an empty scan whatever follows), option names are compared as C
// strings (strcasecmp: "count\0x" is COUNT), COUNT must be an integer (else "value is not an
// integer") of at least 1 (else a syntax error), and a MATCH of "*" filters nothing.

import DataStructures

struct ScanOptions {
    var count = 10
    /// nil: every element matches.
    var pattern: UnsafeRawBufferPointer? = nil
}

extension Client {
    /// The scan options from argument `first` on; nil after replying the error.
    func parseScanOptions(from first: Int) -> ScanOptions? {
        var o = ScanOptions()
        var i = first
        while i < argc {
            let remaining = argc - i
            if optionMatches(arg(i), "count") && remaining >= 2 {
                guard let v = parseStrictInt64(arg(i + 1)) else { addErrorNotInteger(); return nil }
                if v < 1 { addErrorSyntax(); return nil }
                o.count = Int(v)
                i += 2
            } else if optionMatches(arg(i), "match") && remaining >= 2 {
                let p = arg(i + 1)
                o.pattern = (p.count == 1 && p[0] == UInt8(ascii: "*")) ? nil : p
                i += 2
            } else {
                addErrorSyntax()
                return nil
            }
        }
        return o
    }
}
