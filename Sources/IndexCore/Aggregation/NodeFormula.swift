import RealModule

/// A node's score written as a formula over its children's scores — how published indices state
/// operations that no aggregation method names: a reflected geometric mean on a shifted scale, the
/// larger of two children with a factor on one, a floor.
///
/// ```
/// 10 - (wgmean(1 + 0.9 * (10 - child)) - 1) / 0.9     reflected, shifted weighted geometric mean
/// max(access, 0.7 * quality)                          the better of two children, one discounted
/// round(wmean(child), 1)                              the weighted mean, rounded to 0.1
/// if(coverage < 50, 0, mean(child))                   a condition
/// ```
///
/// **Grammar.** Numbers (`0.9`, `1e-3`), the node's children by id (letters, digits, `_` and `.`,
/// not starting with a digit; any other id between backticks, as the id 1.1 is written in a formula: a backtick, 1.1, a backtick), `+ - * / ^` (`^` binds
/// tightest and to the right; `-2^2` is −4), parentheses, comparisons `< <= > >= == !=` (1 when
/// true, 0 when false) and function calls.
///
/// **`child`** (or `children`) stands for each of the node's children in turn, inside an aggregate
/// function: `wgmean(1 + 0.9 * (10 - child))` applies `1 + 0.9 · (10 − x)` to every child's score and
/// takes the weighted geometric mean of the results, with the children's weights. It binds to the
/// innermost aggregate function around it.
///
/// **Functions.**
///
/// | function | value |
/// |---|---|
/// | `mean`, `gmean`, `hmean`, `sum`, `min`, `max` (1 or more arguments) | over the arguments; a `child` argument gives one value per child |
/// | `pmean(p, …)` | the power mean with exponent `p` (a number, 0 < \|p\| ≤ 100) |
/// | `wmean(e)`, `wgmean(e)`, `whmean(e)`, `wpmean(p, e)` | weighted by the node's weights; `e` must use `child` |
/// | `round(x, n)` | `x` rounded to `n` decimals (−10…15), half away from zero as published figures are |
/// | `clamp(x, lo, hi)`, `abs(x)`, `log(x)` (natural), `exp(x)`, `sqrt(x)` | as named |
/// | `if(c, a, b)` | `a` when `c` ≠ 0, else `b` (only the branch taken is computed) |
/// | `and(a, b, …)`, `or(a, b, …)`, `not(a)` | 1 or 0 |
///
/// **Missing values.** A missing child's score is `NaN` in arithmetic, so a formula that names it
/// directly gives no score; aggregate functions leave missing values out (and their weights: the
/// weighted forms divide by the weights present), and give no score when none is left. The node's
/// coverage rule (`min-coverage`) is applied before the formula.
///
/// **Errors.** A formula is checked when the framework is read: unknown names (with the nearest
/// known), wrong arity, `child` outside an aggregate function, a reference to the node itself or to
/// a node that is not one of its children — each a located error naming the node and the column.
/// Computing, a value outside a function's domain (`log` of 0, `gmean` of a negative, division by
/// zero) or an infinite result is an error naming the node (and the pipeline adds the unit).
///
/// Limits: 4,096 characters and 200 levels of nesting, so a formula is parsed in bounded time and
/// stack.
public struct NodeFormula: Sendable, Hashable, CustomStringConvertible {
    /// The formula as written.
    public let text: String
    /// The node whose score it defines.
    public let node: String
    let expression: Expression

    /// The longest formula read, in characters.
    public static let maximumLength = 4096
    /// The deepest nesting of parentheses, calls and operators read (a chain `a + b + c` nests one
    /// level per operator), so that checking and computing a formula never run deep on the stack.
    public static let maximumDepth = 200

    /// Parses and checks a formula for a node with the given children.
    ///
    /// - Throws: ``IndexError`` naming the node and the column (1-based, in characters).
    public init(_ text: String, node: String, children: [String]) throws {
        guard text.count <= Self.maximumLength else {
            throw IndexError(
                "the formula of node '\(node)' has \(text.count) characters; at most \(Self.maximumLength) are read"
            )
        }
        var parser = Parser(text: Array(text), node: node)
        let expression = try parser.parse()
        try Checker(node: node, children: children).check(expression)
        self.text = text
        self.node = node
        self.expression = expression
    }

    public var description: String { text }

    /// The ids the formula names (not `child`), in order of first use.
    public var references: [String] {
        var names: [String] = []
        func walk(_ expression: Expression) {
            switch expression {
            case .reference(let name, _): if !names.contains(name) { names.append(name) }
            case .negate(let operand): walk(operand)
            case .binary(_, let left, let right, _):
                walk(left)
                walk(right)
            case .call(_, let arguments, _): arguments.forEach(walk)
            case .number, .child: break
            }
        }
        walk(expression)
        return names
    }

    /// The formula with its references resolved to positions among the node's children (a child no
    /// longer there, screened out, reads as missing).
    func compile(children: [String]) -> Program {
        var positions: [String: Int] = [:]
        for (position, id) in children.enumerated() where positions[id] == nil { positions[id] = position }
        func resolve(_ expression: Expression) -> Program.Step {
            switch expression {
            case .number(let value): .number(value)
            case .reference(let name, _): .child(positions[name] ?? -1)
            case .child: .each
            case .negate(let operand): .negate(resolve(operand))
            case .binary(let op, let left, let right, _): .binary(op, resolve(left), resolve(right))
            case .call(let function, let arguments, _):
                .call(function, arguments.map { (resolve($0), Checker.mapsChildren($0)) })
            }
        }
        return Program(root: resolve(expression), node: node)
    }
}

// MARK: - Syntax

/// A parsed formula, with each call's column for messages.
indirect enum Expression: Sendable, Hashable {
    case number(Double)
    case reference(String, column: Int)
    /// `child` / `children`: each child in turn.
    case child(column: Int)
    case negate(Expression)
    case binary(BinaryOperator, Expression, Expression, column: Int)
    case call(FormulaFunction, [Expression], column: Int)
}

enum BinaryOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", power = "^"
    case less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">=", equal = "==", notEqual = "!="
}

enum FormulaFunction: String, Sendable, Hashable, CaseIterable {
    case mean, gmean, hmean, pmean, sum, min, max
    case wmean, wgmean, whmean, wpmean
    case round, clamp, abs, log, exp, sqrt
    case `if`, and, or, not

    /// Whether the function takes any number of values (and so may take `child`).
    var aggregates: Bool {
        switch self {
        case .mean, .gmean, .hmean, .pmean, .sum, .min, .max, .wmean, .wgmean, .whmean, .wpmean: true
        default: false
        }
    }

    var weighted: Bool { [.wmean, .wgmean, .whmean, .wpmean].contains(self) }

    /// The argument counts accepted, and how to say them.
    var arity: (range: ClosedRange<Int>, words: String) {
        switch self {
        case .mean, .gmean, .hmean, .sum, .min, .max: (1...Int.max, "one or more values")
        case .pmean: (2...Int.max, "an exponent and one or more values")
        case .wmean, .wgmean, .whmean: (1...1, "one expression in child")
        case .wpmean: (2...2, "an exponent and one expression in child")
        case .round: (2...2, "a value and a number of decimals")
        case .clamp: (3...3, "a value, a lower and an upper bound")
        case .abs, .log, .exp, .sqrt, .not: (1...1, "one value")
        case .if: (3...3, "a condition, a value if true and a value if false")
        case .and, .or: (2...Int.max, "two or more conditions")
        }
    }
}

/// A recursive-descent parser over the formula's characters; depth-bounded.
private struct Parser {
    let text: [Character]
    let node: String
    var index = 0
    var depth = 0

    init(text: [Character], node: String) {
        self.text = text
        self.node = node
    }

    func error(_ message: String, at position: Int? = nil) -> IndexError {
        IndexError("the formula of node '\(node)', column \((position ?? index) + 1): \(message)")
    }

    mutating func parse() throws -> Expression {
        skipSpaces()
        guard index < text.count else { throw error("the formula is empty") }
        let expression = try comparison()
        skipSpaces()
        guard index == text.count else { throw error("unexpected '\(text[index])'") }
        return expression
    }

    mutating func skipSpaces() {
        while index < text.count, text[index].isWhitespace { index += 1 }
    }

    mutating func take(_ symbol: String) -> Bool {
        skipSpaces()
        let characters = Array(symbol)
        guard index + characters.count <= text.count, Array(text[index..<(index + characters.count)]) == characters
        else { return false }
        index += characters.count
        return true
    }

    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        guard depth <= NodeFormula.maximumDepth else {
            throw error("the formula nests deeper than \(NodeFormula.maximumDepth) levels")
        }
        return try body(&self)
    }

    mutating func comparison() throws -> Expression {
        let left = try additive()
        skipSpaces()
        let column = index
        for op in [BinaryOperator.lessOrEqual, .greaterOrEqual, .equal, .notEqual, .less, .greater]
        where take(op.rawValue) {
            let right = try additive()
            return .binary(op, left, right, column: column)
        }
        return left
    }

    /// One more level for an operator appended to a chain (`a + b + c` nests to the left).
    mutating func deepen(_ levels: inout Int) throws {
        depth += 1
        levels += 1
        guard depth <= NodeFormula.maximumDepth else {
            throw error("the formula nests deeper than \(NodeFormula.maximumDepth) levels")
        }
    }

    mutating func additive() throws -> Expression {
        var levels = 0
        defer { depth -= levels }
        var left = try multiplicative()
        while true {
            try deepen(&levels)
            skipSpaces()
            let column = index
            if take("+") {
                left = .binary(.add, left, try multiplicative(), column: column)
            } else if take("-") {
                left = .binary(.subtract, left, try multiplicative(), column: column)
            } else {
                return left
            }
        }
    }

    mutating func multiplicative() throws -> Expression {
        var levels = 0
        defer { depth -= levels }
        var left = try unary()
        while true {
            try deepen(&levels)
            skipSpaces()
            let column = index
            if take("*") {
                left = .binary(.multiply, left, try unary(), column: column)
            } else if take("/") {
                left = .binary(.divide, left, try unary(), column: column)
            } else {
                return left
            }
        }
    }

    mutating func unary() throws -> Expression {
        try nested { parser in
            if parser.take("-") { return .negate(try parser.unary()) }
            if parser.take("+") { return try parser.unary() }
            let base = try parser.primary()
            parser.skipSpaces()
            let column = parser.index
            if parser.take("^") { return .binary(.power, base, try parser.unary(), column: column) }
            return base
        }
    }

    mutating func primary() throws -> Expression {
        skipSpaces()
        guard index < text.count else { throw error("a value is missing at the end") }
        let start = index
        let character = text[index]
        if character == "(" {
            index += 1
            let inner = try nested { try $0.comparison() }
            guard take(")") else { throw error("')' expected to close the '(' at column \(start + 1)") }
            return inner
        }
        if character.isASCII, character.isNumber || character == "." {
            while index < text.count,
                text[index].isASCII,
                text[index].isNumber || text[index] == "." || text[index] == "e" || text[index] == "E"
                    || ((text[index] == "+" || text[index] == "-")
                        && (text[index - 1] == "e" || text[index - 1] == "E"))
            {
                index += 1
            }
            let literal = String(text[start..<index])
            guard let value = StrictNumber.parse(literal) else {
                throw error("'\(literal)' is not a finite number", at: start)
            }
            return .number(value)
        }
        let name: String
        if character == "`" {
            index += 1
            let open = index
            while index < text.count, text[index] != "`" { index += 1 }
            guard index < text.count else { throw error("the name opened by '`' is not closed", at: start) }
            name = String(text[open..<index])
            index += 1
            guard !name.isEmpty else { throw error("an empty name in backticks", at: start) }
            return .reference(name, column: start)
        }
        guard character.isLetter || character == "_" else { throw error("unexpected '\(character)'") }
        while index < text.count,
            text[index].isLetter || text[index].isNumber || text[index] == "_" || text[index] == "."
        {
            index += 1
        }
        name = String(text[start..<index])
        if take("(") {
            guard let function = FormulaFunction(rawValue: name) else {
                let known = FormulaFunction.allCases.map(\.rawValue)
                let hint =
                    NameSuggestion.nearest(to: name, in: known, within: 2).map { " (did you mean '\($0)'?)" } ?? ""
                throw error(
                    "unknown function '\(name)'\(hint); the functions are \(known.joined(separator: ", "))",
                    at: start
                )
            }
            var arguments: [Expression] = []
            if !take(")") {
                repeat {
                    arguments.append(try nested { try $0.comparison() })
                } while take(",")
                guard take(")") else { throw error("',' or ')' expected in the call of \(name)") }
            }
            return .call(function, arguments, column: start)
        }
        if name == "child" || name == "children" { return .child(column: start) }
        return .reference(name, column: start)
    }
}

/// The checks a formula passes when the framework is read.
private struct Checker {
    let node: String
    let children: [String]

    func error(_ message: String, at column: Int) -> IndexError {
        IndexError("the formula of node '\(node)', column \(column + 1): \(message)")
    }

    func check(_ expression: Expression, insideAggregate: Bool = false) throws {
        switch expression {
        case .number: return
        case .reference(let name, let column):
            guard name != node else {
                throw error("'\(name)' is the node itself: a formula cannot use its own score", at: column)
            }
            guard children.contains(name) else {
                let hint =
                    NameSuggestion.nearest(to: name, in: children, within: 2).map { " (did you mean '\($0)'?)" } ?? ""
                throw error(
                    "'\(name)' is not one of the node's children\(hint); a formula uses its children (\(children.joined(separator: ", "))) and 'child'",
                    at: column
                )
            }
        case .child(let column):
            guard insideAggregate else {
                throw error(
                    "'child' stands for each child in turn and needs an aggregate function around it (for example wmean(child))",
                    at: column
                )
            }
        case .negate(let operand): try check(operand, insideAggregate: insideAggregate)
        case .binary(_, let left, let right, _):
            try check(left, insideAggregate: insideAggregate)
            try check(right, insideAggregate: insideAggregate)
        case .call(let function, let arguments, let column):
            let (range, words) = function.arity
            guard range.contains(arguments.count) else {
                throw error("\(function.rawValue) takes \(words), not \(arguments.count) argument(s)", at: column)
            }
            for argument in arguments {
                try check(argument, insideAggregate: insideAggregate || function.aggregates)
            }
            switch function {
            case .pmean, .wpmean:
                guard case .number(let p) = arguments[0], p != 0, Swift.abs(p) <= 100 else {
                    throw error(
                        "\(function.rawValue)'s exponent must be a number from −100 to 100 other than 0 (0 is gmean)",
                        at: column
                    )
                }
            case .round:
                guard case .number(let digits) = arguments[1], digits == digits.rounded(), (-10...15).contains(digits)
                else {
                    throw error("round's number of decimals must be a whole number from −10 to 15", at: column)
                }
            default: break
            }
            if function.weighted, !Self.mapsChildren(arguments[arguments.count - 1]) {
                throw error(
                    "\(function.rawValue) weighs the children with the node's weights: its value must use 'child' (for example \(function.rawValue)(child))",
                    at: column
                )
            }
        }
    }

    /// Whether `child` occurs in the expression outside any aggregate call within it, so the
    /// expression gives one value per child to the aggregate around it.
    static func mapsChildren(_ expression: Expression) -> Bool {
        switch expression {
        case .child: true
        case .number, .reference: false
        case .negate(let operand): mapsChildren(operand)
        case .binary(_, let left, let right, _): mapsChildren(left) || mapsChildren(right)
        case .call(let function, let arguments, _): !function.aggregates && arguments.contains(where: mapsChildren)
        }
    }
}

// MARK: - Evaluation

/// A formula resolved against a node's children, evaluated once per unit.
struct Program: Sendable {
    indirect enum Step: Sendable {
        case number(Double)
        /// A child's position among the node's children (−1: not there, missing).
        case child(Int)
        case each
        case negate(Step)
        case binary(BinaryOperator, Step, Step)
        /// Each argument with whether it maps over the children.
        case call(FormulaFunction, [(Step, Bool)])
    }

    let root: Step
    let node: String

    init(root: Step, node: String) {
        self.root = root
        self.node = node
    }

    /// The node's score from its children's scores (`NaN` = missing) and weights, `NaN` when it has
    /// none.
    ///
    /// - Throws: ``IndexError`` naming the node for a value outside a function's domain or an
    ///   infinite result.
    func evaluate(values: [Double], weights: [Double]) throws -> Double {
        let result = try value(root, values: values, weights: weights, current: nil)
        guard result.isNaN || result.isFinite else {
            throw IndexError("the formula of node '\(node)' gives \(result): the value overflows")
        }
        return result
    }

    func fail(_ message: String) -> IndexError {
        IndexError("the formula of node '\(node)': \(message)")
    }

    func value(_ step: Step, values: [Double], weights: [Double], current: Int?) throws -> Double {
        switch step {
        case .number(let number): return number
        case .child(let position): return position >= 0 && position < values.count ? values[position] : .nan
        case .each: return current.map { values[$0] } ?? .nan
        case .negate(let operand): return -(try value(operand, values: values, weights: weights, current: current))
        case .binary(let op, let left, let right):
            let a = try value(left, values: values, weights: weights, current: current)
            let b = try value(right, values: values, weights: weights, current: current)
            if a.isNaN || b.isNaN { return .nan }
            switch op {
            case .add: return a + b
            case .subtract: return a - b
            case .multiply: return a * b
            case .divide:
                guard b != 0 else { throw fail("division by zero (\(a) / 0)") }
                return a / b
            case .power:
                let result = Double.pow(a, b)
                guard result.isFinite else { throw fail("\(a) ^ \(b) is not a finite number") }
                return result
            case .less: return a < b ? 1 : 0
            case .lessOrEqual: return a <= b ? 1 : 0
            case .greater: return a > b ? 1 : 0
            case .greaterOrEqual: return a >= b ? 1 : 0
            case .equal: return a == b ? 1 : 0
            case .notEqual: return a != b ? 1 : 0
            }
        case .call(let function, let arguments):
            return try call(function, arguments, values: values, weights: weights, current: current)
        }
    }

    func call(
        _ function: FormulaFunction,
        _ arguments: [(Step, Bool)],
        values: [Double],
        weights: [Double],
        current: Int?
    ) throws -> Double {
        func scalar(_ index: Int) throws -> Double {
            try value(arguments[index].0, values: values, weights: weights, current: current)
        }
        if function.aggregates {
            let first = function == .pmean || function == .wpmean ? 1 : 0
            var items: [(x: Double, w: Double)] = []
            for (step, maps) in arguments[first...] {
                if maps {
                    for position in values.indices {
                        let x = try value(step, values: values, weights: weights, current: position)
                        if !x.isNaN { items.append((x, function.weighted ? weights[position] : 1)) }
                    }
                } else {
                    let x = try value(step, values: values, weights: weights, current: current)
                    if !x.isNaN { items.append((x, 1)) }
                }
            }
            return try aggregate(function, items, power: first == 1 ? try scalar(0) : 1)
        }
        switch function {
        case .round:
            let x = try scalar(0)
            return x.isNaN ? x : Rounding.halfAwayFromZero(x, digits: Int(try scalar(1)))
        case .clamp:
            let (x, low, high) = (try scalar(0), try scalar(1), try scalar(2))
            if x.isNaN || low.isNaN || high.isNaN { return .nan }
            guard low <= high else { throw fail("clamp's lower bound \(low) is above its upper bound \(high)") }
            return Swift.min(high, Swift.max(low, x))
        case .abs: return Swift.abs(try scalar(0))
        case .log:
            let x = try scalar(0)
            if x.isNaN { return x }
            guard x > 0 else { throw fail("log needs a positive value, not \(x)") }
            return .log(x)
        case .exp:
            let x = try scalar(0)
            let result = Double.exp(x)
            guard x.isNaN || result.isFinite else { throw fail("exp(\(x)) is not a finite number") }
            return result
        case .sqrt:
            let x = try scalar(0)
            if x.isNaN { return x }
            guard x >= 0 else { throw fail("sqrt needs a value of 0 or more, not \(x)") }
            return x.squareRoot()
        case .if:
            let condition = try scalar(0)
            if condition.isNaN { return .nan }
            return condition != 0 ? try scalar(1) : try scalar(2)
        case .and, .or:
            var result = function == .and
            for index in arguments.indices {
                let x = try scalar(index)
                if x.isNaN { return .nan }
                result = function == .and ? (result && x != 0) : (result || x != 0)
            }
            return result ? 1 : 0
        case .not:
            let x = try scalar(0)
            return x.isNaN ? x : (x == 0 ? 1 : 0)
        default:
            return .nan
        }
    }

    /// An aggregate of the values present with their weights; `NaN` when none is.
    func aggregate(_ function: FormulaFunction, _ items: [(x: Double, w: Double)], power p: Double) throws -> Double {
        guard !items.isEmpty else { return .nan }
        let weightSum = items.reduce(0) { $0 + $1.w }
        guard weightSum > 0 else { return .nan }
        switch function {
        case .sum: return items.reduce(0) { $0 + $1.x }
        case .min: return items.map(\.x).min() ?? .nan
        case .max: return items.map(\.x).max() ?? .nan
        case .mean, .wmean: return items.reduce(0) { $0 + $1.w * $1.x } / weightSum
        case .gmean, .wgmean:
            var total = 0.0
            for item in items {
                guard item.x > 0 else { throw fail("\(function.rawValue) needs positive values, not \(item.x)") }
                total += item.w * .log(item.x)
            }
            return .exp(total / weightSum)
        case .hmean, .whmean:
            var total = 0.0
            for item in items {
                guard item.x != 0 else { throw fail("\(function.rawValue) cannot take a zero") }
                total += item.w / item.x
            }
            return weightSum / total
        case .pmean, .wpmean:
            var total = 0.0
            for item in items {
                guard p > 0 || item.x > 0 else {
                    throw fail("\(function.rawValue) with exponent \(p) needs positive values, not \(item.x)")
                }
                total += item.w * Double.pow(item.x, p)
            }
            let result = Double.pow(total / weightSum, 1 / p)
            guard result.isFinite else { throw fail("\(function.rawValue) overflows: rescale the values") }
            return result
        default: return .nan
        }
    }
}

// MARK: - Rounding

/// Rounding as published figures are rounded: half away from zero on the decimal the number prints
/// as, so 0.285 (stored as 0.28499999999999998) rounds to 0.29, as a spreadsheet's ROUND gives.
public enum Rounding {
    /// `x` rounded to `digits` decimals (negative: to tens, hundreds…).
    public static func halfAwayFromZero(_ x: Double, digits: Int) -> Double {
        guard x.isFinite, (-10...15).contains(digits) else { return x }
        let factor = Double.pow(10, Double(Swift.abs(digits)))
        let scaled = digits >= 0 ? x * factor : x / factor
        guard scaled.isFinite, Swift.abs(scaled) < 1e15 else { return x }
        let whole = scaled.rounded(.towardZero)
        let fraction = Swift.abs(scaled - whole)
        // A fraction within a few units of the 15th significant digit of one half is a half that
        // binary could not store exactly: it rounds away from zero.
        let tolerance = 1e-12 * Swift.max(1, Swift.abs(scaled))
        let rounded =
            Swift.abs(fraction - 0.5) <= tolerance
            ? whole + (scaled < 0 ? -1 : 1)
            : scaled.rounded(.toNearestOrAwayFromZero)
        return digits >= 0 ? rounded / factor : rounded * factor
    }
}
