import IndexCLI
import Logging
import Metrics
import Prometheus

#if canImport(Glibc)
    import CMalloc

    // Blocks of a mebibyte or more get mappings of their own, given back to the system when freed.
    // glibc's default threshold rises after each large free (up to 32 MiB); large blocks then come
    // from the heap and stay resident after they are freed. A county-scale run that renders and
    // records 11 MiB of results peaked at 194–206 MiB that way, 178 MiB with this. Setting the
    // threshold also stops it moving.
    _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
#endif

// Logging and metrics are process-wide: bootstrapped here, once, and nowhere in a library target.
// Metrics are bootstrapped only when `serve` asks (the one command that publishes them), so other
// commands do not build a registry at start.
LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }

await runIIDEI(bootstrapMetrics: {
    let registry = PrometheusCollectorRegistry()
    MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
    return registry
})
