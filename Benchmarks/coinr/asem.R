# Times COINr 1.1.14 on the rows of issue 20's table that COINr can run, on its own ASEM example,
# the same specification as `iidei bench --robustness` (min-max 1–100 or z-score 10/2, ±25 % noise
# on the weights of every aggregate level, arithmetic or geometric aggregation):
#
#   Rscript Benchmarks/coinr/asem.R [sobol]
#
# prints, wall to wall in one R session (R's start excluded; add `time` in front for it):
#   COINr computing alone: new_coin + Normalise + Aggregate, best of 5
#   the uncertainty analysis, N = 1,000 (get_sensitivity, SA_type = "UA")
#   with the argument `sobol`, also the sensitivity analysis, N = 500 (SA_type = "SA", Nboot = 200)
# Compare with `iidei bench --robustness` in the same session on the same machine.
suppressPackageStartupMessages(library(COINr))
stopifnot(packageVersion("COINr") == "1.1.14")
args <- commandArgs(trailingOnly = TRUE)

seconds <- function(expr) unname(system.time(expr)["elapsed"])
build <- function() {
  coin <- new_coin(ASEM_iData, ASEM_iMeta, quietly = TRUE)
  coin <- Normalise(coin, dset = "Raw", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
}
alone <- min(sapply(1:5, function(i) seconds(build())))
cat(sprintf("COINr computing alone (new_coin, Normalise, Aggregate), best of 5: %.1f ms\n", 1000 * alone))

coin <- build()
norm_alts <- list(
  list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 100))),
  list(f_n = "n_zscore", f_n_para = list(m_sd = c(10, 2)))
)
levels <- sort(unique(coin$Meta$Weights$Original$Level))
noisy <- get_noisy_weights(
  w = coin$Meta$Weights$Original,
  noise_specs = data.frame(Level = levels, NoiseFactor = 0.25),
  Nrep = 100
)
specs <- list(
  Normalisation = list(Address = "$Log$Normalise$global_specs", Distribution = norm_alts, Type = "discrete"),
  Weights = list(Address = "$Log$Aggregate$w", Distribution = noisy, Type = "discrete"),
  Aggregation = list(Address = "$Log$Aggregate$f_ag", Distribution = c("a_amean", "a_gmean"), Type = "discrete")
)
ua <- seconds(get_sensitivity(coin, SA_specs = specs, N = 1000, SA_type = "UA", dset = "Aggregated",
                              iCode = "Index", quietly = TRUE))
cat(sprintf("ASEM uncertainty analysis, 1,000 runs: %.1f s\n", ua))
if ("sobol" %in% args) {
  sa <- seconds(get_sensitivity(coin, SA_specs = specs, N = 500, SA_type = "SA", dset = "Aggregated",
                                iCode = "Index", Nboot = 200, quietly = TRUE))
  cat(sprintf("ASEM Sobol, N = 500 (2,500 runs): %.1f s\n", sa))
}
