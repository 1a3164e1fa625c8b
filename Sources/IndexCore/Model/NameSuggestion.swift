/// "Did you mean …?" for a name that is not one of the known ones: the nearest by edit distance.
/// Used for messages across the package (unknown options, framework keys, columns, commands); not
/// part of IndexCore's public API.
package enum NameSuggestion {
    /// The known name nearest to `name`, when it is within `limit` edits (the first of equals).
    ///
    /// The name comes from input (a JSON key, a column, a command): each distance is computed once,
    /// and only for known names whose length is within `limit` of it — the distance is at least the
    /// difference in length — so a long name costs one pass over it, not a table per comparison.
    ///
    /// - Complexity: O(k · n · m) for the k known names of length m within `limit` of n.
    package static func nearest(to name: String, in known: [String], within limit: Int) -> String? {
        var best: (name: String, distance: Int)?
        for candidate in candidates(for: name, in: known, within: limit) {
            let edits = distance(candidate, name)
            if edits <= limit, edits < best?.distance ?? .max { best = (candidate, edits) }
        }
        return best?.name
    }

    /// The known names whose distance to `name` is worth computing: those whose length is within
    /// `limit` of it (the distance is at least the difference in length).
    package static func candidates(for name: String, in known: [String], within limit: Int) -> [String] {
        let length = name.lowercased().count
        return known.filter { abs($0.lowercased().count - length) <= limit }
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
