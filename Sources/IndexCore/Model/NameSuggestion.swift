/// "Did you mean …?" for a name that is not one of the known ones: the nearest by edit distance.
/// Used for messages across the package (unknown options, framework keys, columns, commands); not
/// part of IndexCore's public API.
package enum NameSuggestion {
    /// The known name nearest to `name`, when it is within `limit` edits.
    package static func nearest(to name: String, in known: [String], within limit: Int) -> String? {
        guard let nearest = known.min(by: { distance($0, name) < distance($1, name) }),
            distance(nearest, name) <= limit
        else { return nil }
        return nearest
    }

    /// Levenshtein distance, ignoring case.
    package static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased())
        let y = Array(b.lowercased())
        guard !x.isEmpty else { return y.count }
        guard !y.isEmpty else { return x.count }
        var previous = Array(0...y.count)
        for i in 1...x.count {
            var current = [i] + [Int](repeating: 0, count: y.count)
            for j in 1...y.count {
                current[j] = Swift.min(
                    previous[j] + 1,
                    current[j - 1] + 1,
                    previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
                )
            }
            previous = current
        }
        return previous[y.count]
    }
}
