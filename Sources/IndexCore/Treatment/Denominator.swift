/// Builds ratio indicators from two series, as the framework declares them (``Denomination``).
public enum Denominator {
    /// The dataset with every ratio indicator's value replaced by `value / denominator × scale`.
    ///
    /// A value whose denominator is missing in the same unit and period becomes missing; a zero
    /// denominator is an error. The status of the result is the weaker of the two (synthetic over
    /// estimated over reported) and its note says how it was built.
    ///
    /// - Parameters:
    ///   - framework: declares which indicators are ratios and their denominator series.
    ///   - dataset: holds the numerators (under the indicators' ids) and the denominator series.
    ///   - onRequest: also apply the denominators that apply only when asked
    ///     (``Denomination/isOnRequest``, COINr's `Denominate()`).
    /// - Returns: the dataset with ratio indicators' values divided; other observations unchanged.
    /// - Throws: ``IndexErrors`` naming each unit, indicator and period with a zero denominator.
    public static func apply(_ framework: Framework, to dataset: Dataset, onRequest: Bool = false) throws -> Dataset {
        let ratios = Dictionary(
            framework.indicators.compactMap { indicator in
                indicator.denomination.flatMap { !$0.isOnRequest || onRequest ? (indicator.id, $0) : nil }
            },
            uniquingKeysWith: { first, _ in first }
        )
        guard !ratios.isEmpty else { return dataset }
        var denominators: [ObservationKey: Observation] = [:]
        let series = Set(ratios.values.map(\.series))
        for observation in dataset.observations where series.contains(observation.indicator) {
            denominators[
                ObservationKey(unit: observation.unit, indicator: observation.indicator, period: observation.period)
            ] =
                observation
        }
        var result = dataset
        var errors: [IndexError] = []
        for index in result.observations.indices {
            let observation = result.observations[index]
            guard let ratio = ratios[observation.indicator], let numerator = observation.value else { continue }
            let key = ObservationKey(unit: observation.unit, indicator: ratio.series, period: observation.period)
            guard let denominator = denominators[key], let divisor = denominator.value else {
                result.observations[index].value = nil
                result.observations[index].note = joined(observation.note, "no \(ratio.series) to divide by")
                continue
            }
            guard divisor != 0 else {
                errors.append(
                    IndexError(
                        "denominator \(ratio.series) is zero in \(observation.period)",
                        file: denominator.location?.file,
                        sheet: denominator.location?.sheet,
                        line: denominator.location?.line,
                        indicator: observation.indicator,
                        unit: observation.unit
                    )
                )
                continue
            }
            result.observations[index].value = numerator / divisor * ratio.scale
            result.observations[index].status = weaker(observation.status, denominator.status)
            let scale = ratio.scale == 1 ? "" : " × \(ratio.scale)"
            result.observations[index].note = joined(
                observation.note,
                "= \(numerator) / \(ratio.series) \(divisor)\(scale)"
            )
        }
        if !errors.isEmpty { throw IndexErrors(errors) }
        return result
    }

    static func weaker(_ a: ObservationStatus, _ b: ObservationStatus) -> ObservationStatus {
        let order: [ObservationStatus] = [.reported, .estimated, .synthetic]
        return order[max(order.firstIndex(of: a) ?? 0, order.firstIndex(of: b) ?? 0)]
    }

    static func joined(_ note: String, _ addition: String) -> String {
        note.isEmpty ? addition : note + "; " + addition
    }
}
