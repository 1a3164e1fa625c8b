extension Duration {
    /// The duration in seconds, as a number to divide or print (`Duration`'s own description reads
    /// "0.286386896 seconds").
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) * 1e-18 }
}
