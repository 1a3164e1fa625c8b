import IndexCLI
import Logging
import Metrics
import Prometheus

// Logging and metrics are process-wide: bootstrapped here, once, and nowhere in a library target.
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
let registry = PrometheusCollectorRegistry()
MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))

await runIIDEI(metricsRegistry: registry)
