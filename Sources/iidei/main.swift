import IndexCLI
import Logging
import Metrics
import Prometheus

// Logging and metrics are process-wide: bootstrapped here, once, and nowhere in a library target.
// Metrics are bootstrapped only when `serve` asks (the one command that publishes them), so other
// commands do not build a registry at start.
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }

await runIIDEI(bootstrapMetrics: {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
})
