# Reference values for the non-compensatory aggregations of issue 21 (item 5), on COINr's ASEM example:
# Compind's formulas written out in R 4.2.2 (Compind itself is not installed here), with lpSolve solving
# the benefit-of-the-doubt programs — an independent solver for iidei's own simplex.
#
# Run from the repository root:
#   Rscript Tests/IndexIOTests/COINrReference/compind-asem-noncompensatory.R
# Needs COINr 1.1.14 (its built-in ASEM data, the same files iidei's COINr tests read) and lpSolve.
#
# Writes compind-asem-noncompensatory.csv beside this script: spec,uCode,iCode,value — the score of
# each ASEM unit at each level-2 group (whose children are indicators, all of weight 1 in ASEM) from
# the indicators normalised by COINr's n_minmax to 0–100, for the units with every indicator of the
# group (Compind has no rule for missing values).
#
#   mpi           Compind 2.7.1 ci_mpi(penalty = "POS"): z = scale(x) * 10 + 100 over the units with a
#                 value (scale() leaves NAs out); M_i = mean(z_i), S_i = sd(z_i) (n − 1), MPI = M (1 − (S/M)^2)
#   ampi          Compind ci_ampi(penalty = "NEG") with the goalposts at the group's min and max:
#                 r = (x − min) / (max − min) * 60 + 70; S with n (population); AMPI = M − S · S/M
#   bod           Compind ci_bod_constr(up_w = 1, low_w = 0): max x_i·w, X w ≤ 1, w ≥ 0
#   bod_0.05_0.5  (iidei: bod:0.05,0.5) Compind ci_bod_constr(up_w = 0.5, low_w = 0.05): also 0.05 ≤ w_j x_ij / x_i·w ≤ 0.5
# In the frontier rows X w ≤ 1 a missing value counts 0 (iidei's rule; Compind would fail on it).

suppressPackageStartupMessages({ library(COINr); library(lpSolve) })
stopifnot(packageVersion("COINr") == "1.1.14")
script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
out_dir <- if (length(script_path) == 1) dirname(script_path) else "."

coin <- new_coin(ASEM_iData, ASEM_iMeta, quietly = TRUE)
coin <- Normalise(coin, dset = "Raw", global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))),
                  quietly = TRUE)
normalised <- get_dset(coin, "Normalised")
meta <- ASEM_iMeta[ASEM_iMeta$Type == "Indicator", ]
groups <- unique(meta$Parent)

bod <- function(x, up_w, low_w) {
  frontier <- x
  frontier[is.na(frontier)] <- 0
  m <- ncol(x)
  sapply(seq_len(nrow(x)), function(i) {
    if (any(is.na(x[i, ]))) return(NA)
    f.obj <- x[i, ]
    I <- diag(1, m)
    shares <- rbind(t(f.obj * (-I + up_w)), t(f.obj * (I - low_w)))
    f.con <- rbind(frontier, shares, diag(1, m))
    f.dir <- c(rep("<=", nrow(x)), rep(">=", 3 * m))
    f.rhs <- c(rep(1, nrow(x)), rep(0, 3 * m))
    lp("max", f.obj, f.con, f.dir, f.rhs)$objval
  })
}

rows <- list()
add <- function(spec, group, values) {
  keep <- !is.na(values)
  rows[[length(rows) + 1]] <<- data.frame(spec = spec, uCode = normalised$uCode[keep], iCode = group,
                                          value = sprintf("%.17g", values[keep]), stringsAsFactors = FALSE)
}
for (group in groups) {
  x <- as.matrix(normalised[, meta$iCode[meta$Parent == group]])
  z <- scale(x) * 10 + 100
  M <- apply(z, 1, mean)
  S <- apply(z, 1, sd)
  add("mpi", group, M * (1 - (S / M)^2))
  r <- apply(x, 2, function(v) (v - min(v, na.rm = TRUE)) / (max(v, na.rm = TRUE) - min(v, na.rm = TRUE)) * 60 + 70)
  M <- apply(r, 1, mean)
  S <- apply(r, 1, function(v) sqrt(mean((v - mean(v))^2)))
  add("ampi", group, M - S * S / M)
  add("bod", group, bod(x, 1, 0))
  add("bod_0.05_0.5", group, bod(x, 0.5, 0.05))
}
out <- do.call(rbind, rows)
utils::write.csv(out, file.path(out_dir, "compind-asem-noncompensatory.csv"), row.names = FALSE, quote = FALSE)
cat("wrote", nrow(out), "rows\n")
