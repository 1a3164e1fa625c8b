/// A table of Saaty's random index RI(n), used to turn CI into CR.
///
/// CR depends on which table is used, so every AHP result names its table (METHOD.md §8).
/// RI(1) = RI(2) = 0 in every table (CR is 0 by definition there).
public struct RandomIndexTable: Sendable, Hashable {
    /// The table's name, such as `saaty-1980`.
    public var name: String
    /// RI for n = 3, 4, …
    public var values: [Double]
    /// A formula for n beyond the table, where its authors give one.
    var extrapolate: (@Sendable (Int) -> Double)?

    /// Tables are equal when their names are (the name identifies the values).
    public static func == (lhs: RandomIndexTable, rhs: RandomIndexTable) -> Bool {
        lhs.name == rhs.name && lhs.values == rhs.values
    }

    /// Hashes the name, consistently with ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(values)
    }

    /// RI for an n × n matrix.
    ///
    /// - Throws: ``IndexError`` when the table has no value for `n`.
    public func value(for n: Int) throws -> Double {
        if n <= 2 { return 0 }
        if n - 3 < values.count { return values[n - 3] }
        if let extrapolate { return extrapolate(n) }
        throw IndexError("RI table '\(name)' has no value for n = \(n) (it covers n ≤ \(values.count + 2))")
    }

    /// Saaty 1980 (n ≤ 10; 11–15 as commonly reproduced). The default.
    public static let saaty1980 = RandomIndexTable(
        name: "saaty-1980",
        values: [0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49, 1.51, 1.48, 1.56, 1.57, 1.59]
    )
    /// Chinese textbooks (1,000 random matrices per n).
    public static let chinese1000 = RandomIndexTable(
        name: "chinese-1000",
        values: [0.52, 0.89, 1.12, 1.26, 1.36, 1.41, 1.46, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59]
    )
    /// Saaty 2005/2008.
    public static let saaty2008 = RandomIndexTable(
        name: "saaty-2008",
        values: [0.52, 0.89, 1.11, 1.25, 1.35, 1.40, 1.45, 1.49, 1.52, 1.54, 1.56, 1.58, 1.59]
    )
    /// Alonso & Lamata 2006; beyond 15, (1.7699 n − 4.3513)/(n − 1).
    public static let alonsoLamata = RandomIndexTable(
        name: "alonso-lamata",
        values: [
            0.5245, 0.8815, 1.1086, 1.2479, 1.3417, 1.4056, 1.4499, 1.4854, 1.5141, 1.5365, 1.5551, 1.5713, 1.5838,
        ],
        extrapolate: { n in (1.7699 * Double(n) - 4.3513) / Double(n - 1) }
    )
    /// Tummala & Ling 1998.
    public static let tummalaLing = RandomIndexTable(
        name: "tummala-ling",
        values: [
            0.5799, 0.8921, 1.1159, 1.2358, 1.3322, 1.3952, 1.4537, 1.4882, 1.5117, 1.5356, 1.5571, 1.5714, 1.5831,
        ]
    )
    /// Donegan & Dodd 1991.
    public static let doneganDodd = RandomIndexTable(
        name: "donegan-dodd",
        values: [
            0.4914, 0.8286, 1.0591, 1.1797, 1.2519, 1.3171, 1.3733, 1.4055, 1.4213, 1.4497, 1.4643, 1.4822, 1.4969,
        ]
    )

    /// Every table IIDEI knows.
    public static let all: [RandomIndexTable] = [
        .saaty1980, .chinese1000, .saaty2008, .alonsoLamata, .tummalaLing, .doneganDodd,
    ]

    /// The table with a name.
    ///
    /// - Throws: ``IndexError`` listing the known names.
    public static func named(_ name: String) throws -> RandomIndexTable {
        guard let table = all.first(where: { $0.name == name }) else {
            throw IndexError("unknown RI table '\(name)'; known: \(all.map(\.name).joined(separator: ", "))")
        }
        return table
    }
}
