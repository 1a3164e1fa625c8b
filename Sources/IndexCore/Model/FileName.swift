/// File names derived from data (framework, evaluation, unit and figure ids), made safe.
///
/// Every file name the tool derives from data goes through here, so an id such as `../../escaped`,
/// `a/b`, `C:x`, `.hidden`, `NUL` or one with control characters becomes one plain name that stays
/// in the folder it is written to. Pure string work: it knows nothing of the file system.
///
/// ```swift
/// FileName.unique(["../../x.csv", "a/b.csv", "a_b.csv"])  // ["_._.._x.csv", "a_b.csv", "a_b-2.csv"]
/// ```
package enum FileName {
    /// The longest name kept, in UTF-8 bytes (file systems allow 255).
    package static let maxBytes = 120

    /// One safe path component for a wanted name.
    ///
    /// - Letters and digits of any script, `-`, `_` and `.` are kept; every other character (path
    ///   separators, `:`, spaces, quotes, control characters) becomes `_`.
    /// - A leading `.` becomes `_`, so no name is hidden, `.` or `..`.
    /// - A name Windows reserves (`CON`, `NUL`, `COM1`, …) gets a leading `_`; an empty name is `_`.
    /// - A name longer than ``maxBytes`` is shortened before its extension.
    package static func component(_ wanted: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in wanted.unicodeScalars {
            let kept =
                scalar.properties.isAlphabetic || scalar.properties.numericType != nil || scalar == "-" || scalar == "_"
                || scalar == "."
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            scalars.append(kept && !isControl ? scalar : "_")
        }
        if let first = scalars.first, first == "." {
            scalars.replaceSubrange(scalars.startIndex...scalars.startIndex, with: ["_"])
        }
        var name = String(scalars)
        if name.isEmpty { name = "_" }
        let stem = name.split(separator: ".", maxSplits: 1).first.map(String.init) ?? name
        if reserved.contains(stem.uppercased()) { name = "_" + name }
        return shortened(name, to: maxBytes)
    }

    /// Safe names for wanted names, in order, each distinct from the others (case-insensitively, as
    /// macOS and Windows compare names): a repeat gets `-2`, `-3`, … before its extension.
    package static func unique(_ wanted: [String]) -> [String] {
        var taken: Set<String> = []
        var names: [String] = []
        names.reserveCapacity(wanted.count)
        for name in wanted {
            var candidate = component(name)
            var counter = 1
            while taken.contains(candidate.lowercased()) {
                counter += 1
                let (stem, suffix) = split(component(name))
                candidate =
                    shortened(stem, to: maxBytes - suffix.utf8.count - "-\(counter)".utf8.count) + "-\(counter)"
                    + suffix
            }
            taken.insert(candidate.lowercased())
            names.append(candidate)
        }
        return names
    }

    static let reserved = Set(["CON", "PRN", "AUX", "NUL"] + (1...9).flatMap { ["COM\($0)", "LPT\($0)"] })

    /// `name.ext` → (`name`, `.ext`); no extension → (`name`, "").
    static func split(_ name: String) -> (stem: String, suffix: String) {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return (name, "") }
        return (String(name[..<dot]), String(name[dot...]))
    }

    /// At most `limit` UTF-8 bytes, cut at a character boundary before the extension.
    static func shortened(_ name: String, to limit: Int) -> String {
        guard name.utf8.count > limit else { return name }
        let (stem, suffix) = split(name)
        let room = max(1, limit - suffix.utf8.count)
        var kept = ""
        for character in stem {
            if kept.utf8.count + String(character).utf8.count > room { break }
            kept.append(character)
        }
        return (kept.isEmpty ? "_" : kept) + (suffix.utf8.count < limit ? suffix : "")
    }
}
