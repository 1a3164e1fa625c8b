# Reference values for the COINr method cases of issue 17, computed by COINr 1.1.14 in R 4.2.2.
#
# Run from the repository root (it reads the ASEM files, never copies them):
#   Rscript Tests/IndexIOTests/COINrReference/coinr-1.1.14-asem-methods.R [DATA_DIR]
# DATA_DIR defaults to ../shared/data/reference/coinr-asem (ASEM_iData.csv, ASEM_iData_p.csv,
# ASEM_iMeta.csv). The files read are checked to equal COINr's built-in ASEM data before use.
# Needs COINr 1.1.14 and Amelia (only for the "em-amelia:level2" spec); stops on another COINr.
#
# Writes, beside this script:
#   coinr-1.1.14-asem-methods.csv   spec,stage,uCode,Time,iCode,value,rank
#   coinr-1.1.14-asem-analysis.csv  spec,row,column,value
# and copies each spec's R call (the `call` strings below) into the header of the methods CSV.
#
# Every spec is the "plain" pipeline of coinr-1.1.14-asem.csv unless it says otherwise:
#   new_coin(iData, iMeta); <method under test>; Normalise(n_minmax, l_u = c(0, 100)); Aggregate(a_amean)
# where the method under test replaces the step of the same kind.

suppressPackageStartupMessages(library(COINr))
stopifnot(packageVersion("COINr") == "1.1.14")

args <- commandArgs(trailingOnly = TRUE)
data_dir <- if (length(args) >= 1) args[1] else "../shared/data/reference/coinr-asem"
script_path <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
out_dir <- if (length(script_path) == 1) dirname(script_path) else "."

read_asem <- function(name) {
  utils::read.csv(file.path(data_dir, name), na.strings = c("", "NA"), stringsAsFactors = FALSE)
}
iData <- read_asem("ASEM_iData.csv")
iData_p <- read_asem("ASEM_iData_p.csv")
iMeta <- read_asem("ASEM_iMeta.csv")
# the files must be COINr's own example data: the same missing cells, and the same values to the 15
# significant digits the CSV files keep (the references are computed from the CSV values, as iidei reads them)
same_data <- function(a, b) {
  identical(is.na(a), is.na(b)) &&
    isTRUE(all.equal(as.data.frame(lapply(a, function(v) if (is.numeric(v)) as.numeric(v) else v)),
                     as.data.frame(lapply(b, function(v) if (is.numeric(v)) as.numeric(v) else v)),
                     check.attributes = FALSE, tolerance = 1e-13))
}
stopifnot(same_data(iData, ASEM_iData), same_data(iData_p, ASEM_iData_p),
          same_data(iMeta[c("Level", "iCode", "Direction", "Weight", "Target", "Parent", "Type")],
                    ASEM_iMeta[c("Level", "iCode", "Direction", "Weight", "Target", "Parent", "Type")]))

ind_codes <- iMeta$iCode[iMeta$Type == "Indicator"]
agg_codes <- iMeta$iCode[iMeta$Type == "Aggregate"]

fmt <- function(x) ifelse(is.na(x), "NA", sprintf("%.17g", x))
rank_desc <- function(x) rank(-x, ties.method = "min", na.last = "keep")

# ---- collectors ---------------------------------------------------------------------------

methods_rows <- list()
analysis_rows <- list()
calls <- character()

# long rows from a data frame with uCode (and optionally Time) and the given columns;
# rank = rank(-x, ties = "min") within (spec, stage, Time, iCode)
add_long <- function(spec, stage, df, cols, keep = NULL) {
  time <- if (!is.null(df$Time)) df$Time else rep("", nrow(df))
  for (col in cols) {
    v <- as.numeric(df[[col]])
    r <- rep(NA_integer_, length(v))
    for (t in unique(time)) {
      sel <- time == t
      r[sel] <- rank_desc(v[sel])
    }
    rows <- if (is.null(keep)) rep(TRUE, length(v)) else keep[, col]
    if (!any(rows)) next
    methods_rows[[length(methods_rows) + 1]] <<- data.frame(
      spec = spec, stage = stage, uCode = df$uCode[rows], Time = time[rows], iCode = col,
      value = fmt(v[rows]), rank = ifelse(is.na(r[rows]), "NA", as.character(r[rows])),
      stringsAsFactors = FALSE)
  }
}

add_analysis <- function(spec, row, column, value) {
  value <- if (is.numeric(value)) fmt(value) else ifelse(is.na(value), "NA", as.character(value))
  analysis_rows[[length(analysis_rows) + 1]] <<- data.frame(
    spec = spec, row = row, column = column, value = value, stringsAsFactors = FALSE)
}

# a matrix or data frame (rownames = row) into analysis rows
add_matrix <- function(spec, m, rows = rownames(m)) {
  for (j in seq_len(ncol(m))) add_analysis(spec, rows, colnames(m)[j], m[, j])
}

record <- function(spec, call) calls[spec] <<- call

# aggregate scores of a coin (or of every coin of a purse, with Time)
add_scores <- function(spec, x) {
  if (inherits(x, "purse")) {
    df <- get_dset(x, "Aggregated")
  } else {
    df <- get_dset(x, "Aggregated")
  }
  add_long(spec, "score", df, agg_codes)
}

norm_agg <- function(coin, dset) {
  coin <- Normalise(coin, dset = dset, global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))))
  Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
}

base_coin <- function(meta = iMeta) new_coin(iData, meta, quietly = TRUE)

# ---- 1. normalisation ----------------------------------------------------------------------
# stage "data": every normalised indicator value (the Normalised data set), except for the specs
# marked data = FALSE (to keep the file small: their values follow from another spec's, e.g. borda =
# rank - 1, a capped variant = min(uncapped, 1), or are plain min-max / z-score values).

norm_case <- function(spec, call, global_specs, indiv_specs = NULL, meta = iMeta, data = TRUE) {
  record(spec, call)
  coin <- base_coin(meta)
  coin <- Normalise(coin, dset = "Raw", global_specs = global_specs, indiv_specs = indiv_specs)
  coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean")
  if (data) add_long(spec, "data", get_dset(coin, "Normalised"), ind_codes)
  add_scores(spec, coin)
}

norm_case("zscore", 'Normalise(global_specs = list(f_n = "n_zscore"))  # m_sd = c(0, 1), sample SD',
          list(f_n = "n_zscore"))
norm_case("zscore:100:10", 'Normalise(global_specs = list(f_n = "n_zscore", f_n_para = list(m_sd = c(100, 10))))',
          list(f_n = "n_zscore", f_n_para = list(m_sd = c(100, 10))), data = FALSE)
norm_case("rank", 'Normalise(global_specs = list(f_n = "n_rank"))  # ties.method = "min"',
          list(f_n = "n_rank"))
norm_case("rank:average", 'Normalise(global_specs = list(f_n = "n_rank", f_n_para = list(ties.method = "average")))',
          list(f_n = "n_rank", f_n_para = list(ties.method = "average")))
norm_case("rank:max", 'Normalise(global_specs = list(f_n = "n_rank", f_n_para = list(ties.method = "max")))',
          list(f_n = "n_rank", f_n_para = list(ties.method = "max")))
norm_case("borda", 'Normalise(global_specs = list(f_n = "n_borda"))  # ties.method = "min"',
          list(f_n = "n_borda"), data = FALSE)
norm_case("prank", 'Normalise(global_specs = list(f_n = "n_prank"))  # ties.method = "min"',
          list(f_n = "n_prank"))
norm_case("prank:average", 'Normalise(global_specs = list(f_n = "n_prank", f_n_para = list(ties.method = "average")))',
          list(f_n = "n_prank", f_n_para = list(ties.method = "average")), data = FALSE)
# n_fracmax on a Direction -1 indicator divides -x by max(-x): with a zero in the data (CostImpEx, Tariff)
# that is a division by zero (Inf and NaN scores), so the negative indicators are min-max normalised to
# [0, 1] here and only the positive ones use n_fracmax.
neg_codes <- ind_codes[iMeta$Direction[match(ind_codes, iMeta$iCode)] == -1]
norm_case("fracmax", paste0('Normalise(global_specs = list(f_n = "n_fracmax"), indiv_specs = <each Direction -1 indicator: ',
                            'list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 1)))>)  # ', paste(neg_codes, collapse = " ")),
          list(f_n = "n_fracmax"),
          indiv_specs = setNames(rep(list(list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 1)))), length(neg_codes)), neg_codes))
norm_case("dist2max", 'Normalise(global_specs = list(f_n = "n_dist2max"))', list(f_n = "n_dist2max"), data = FALSE)

# n_dist2ref: iref is a row number of the Raw data set; DEU (row 11) has every indicator and is never
# an indicator's minimum after the direction is applied, so no division by zero.
iref <- which(get_dset(base_coin(), "Raw")$uCode == "DEU")
stopifnot(iref == 11)
norm_case("dist2ref:DEU", 'Normalise(global_specs = list(f_n = "n_dist2ref", f_n_para = list(iref = 11)))  # row 11 = DEU, cap_max = FALSE',
          list(f_n = "n_dist2ref", f_n_para = list(iref = iref)))
norm_case("dist2ref:DEU:cap", 'Normalise(global_specs = list(f_n = "n_dist2ref", f_n_para = list(iref = 11, cap_max = TRUE)))',
          list(f_n = "n_dist2ref", f_n_para = list(iref = iref, cap_max = TRUE)), data = FALSE)

# parameters read from iMeta columns (f_n_para = "use_iMeta"): ASEM's iMeta has Target; the other
# columns are added here by the rules below and written to the analysis CSV as spec "iMeta:<spec>"
# (row = iCode, column = the iMeta column), so a test can build the same iMeta.
norm_case("dist2targ:iMeta", 'Normalise(global_specs = list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))  # Target column; no dist2targ_cap_max column -> FALSE',
          list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))

meta_cap <- iMeta
meta_cap$dist2targ_cap_max <- TRUE
add_analysis("iMeta:dist2targ:iMeta:cap", ind_codes, "dist2targ_cap_max", "TRUE")
norm_case("dist2targ:iMeta:cap", 'iMeta$dist2targ_cap_max <- TRUE; Normalise(global_specs = list(f_n = "n_dist2targ", f_n_para = "use_iMeta"))',
          list(f_n = "n_dist2targ", f_n_para = "use_iMeta"), meta = meta_cap, data = FALSE)

# goalposts: for each indicator, with r = max - min of its raw values,
#   goalpost_lower = signif(min + 0.1 r, 4), goalpost_upper = signif(max - 0.1 r, 4), goalpost_scale = 100
# (both in the indicator's own units, lower < upper whatever the direction), so both ends truncate.
raw <- iData[ind_codes]
gp_lo <- signif(sapply(raw, min, na.rm = TRUE) + 0.1 * (sapply(raw, max, na.rm = TRUE) - sapply(raw, min, na.rm = TRUE)), 4)
gp_hi <- signif(sapply(raw, max, na.rm = TRUE) - 0.1 * (sapply(raw, max, na.rm = TRUE) - sapply(raw, min, na.rm = TRUE)), 4)
with_cols <- function(meta, cols) {
  for (nm in names(cols)) meta[[nm]] <- cols[[nm]][match(meta$iCode, ind_codes)]
  meta
}
for (trunc in c(TRUE, FALSE)) {
  spec <- if (trunc) "goalposts:iMeta" else "goalposts:iMeta:notrunc"
  cols <- list(goalpost_lower = gp_lo, goalpost_upper = gp_hi, goalpost_scale = rep(100, length(ind_codes)),
               goalpost_trunc2posts = rep(trunc, length(ind_codes)))
  for (nm in names(cols)) add_analysis(paste0("iMeta:", spec), ind_codes, nm, cols[[nm]])
  norm_case(spec, sprintf('iMeta gets goalpost_lower/upper/scale/trunc2posts (trunc2posts = %s); Normalise(global_specs = list(f_n = "n_goalposts", f_n_para = "use_iMeta"))', trunc),
            list(f_n = "n_goalposts", f_n_para = "use_iMeta"), meta = with_cols(iMeta, cols), data = trunc)
}

# scaled: scaled_lower/upper = the goalposts above, scale_factor = 100
cols <- list(scaled_lower = gp_lo, scaled_upper = gp_hi, scale_factor = rep(100, length(ind_codes)))
for (nm in names(cols)) add_analysis("iMeta:scaled:iMeta", ind_codes, nm, cols[[nm]])
norm_case("scaled:iMeta", 'iMeta gets scaled_lower/upper (= goalposts), scale_factor = 100; Normalise(global_specs = list(f_n = "n_scaled", f_n_para = "use_iMeta"))',
          list(f_n = "n_scaled", f_n_para = "use_iMeta"), meta = with_cols(iMeta, cols))

# minmax and zscore from iMeta: indicators in alternate positions of the iMeta get (0, 100) / (1, 10)
# and (0, 1) / (100, 10)
alt <- seq_along(ind_codes) %% 2 == 0
cols <- list(minmax_lower = ifelse(alt, 1, 0), minmax_upper = ifelse(alt, 10, 100))
for (nm in names(cols)) add_analysis("iMeta:minmax:iMeta", ind_codes, nm, cols[[nm]])
norm_case("minmax:iMeta", 'iMeta gets minmax_lower/upper; Normalise(global_specs = list(f_n = "n_minmax", f_n_para = "use_iMeta"))',
          list(f_n = "n_minmax", f_n_para = "use_iMeta"), meta = with_cols(iMeta, cols), data = FALSE)
cols <- list(zscore_mean = ifelse(alt, 100, 0), zscore_sd = ifelse(alt, 10, 1))
for (nm in names(cols)) add_analysis("iMeta:zscore:iMeta", ind_codes, nm, cols[[nm]])
norm_case("zscore:iMeta", 'iMeta gets zscore_mean/sd; Normalise(global_specs = list(f_n = "n_zscore", f_n_para = "use_iMeta"))',
          list(f_n = "n_zscore", f_n_para = "use_iMeta"), meta = with_cols(iMeta, cols), data = FALSE)

# different normalisation per indicator (indiv_specs replaces the global spec for those indicators)
indiv <- list(
  LPI = list(f_n = "n_zscore"),
  Flights = list(f_n = "n_rank"),
  Ship = list(f_n = "n_borda", f_n_para = list(ties.method = "average")),
  Bord = list(f_n = "n_prank"),
  Elec = list(f_n = "n_fracmax"),
  Gas = list(f_n = "n_dist2max"),
  ConSpeed = list(f_n = "n_goalposts", f_n_para = list(gposts = c(5, 20, 10))),
  Cov4G = list(f_n = "n_dist2targ", f_n_para = list(targ = 95, cap_max = TRUE)),
  Goods = list(f_n = "none"),
  CostImpEx = list(f_n = "n_minmax", f_n_para = list(l_u = c(1, 10)))
)
norm_case("indiv", paste(
  'Normalise(global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))), indiv_specs = list(',
  'LPI = n_zscore; Flights = n_rank; Ship = n_borda(ties.method = "average"); Bord = n_prank; Elec = n_fracmax;',
  'Gas = n_dist2max; ConSpeed = n_goalposts(gposts = c(5, 20, 10)); Cov4G = n_dist2targ(targ = 95, cap_max = TRUE);',
  'Goods = "none"; CostImpEx = n_minmax(l_u = c(1, 10))))  # CostImpEx has Direction -1: it arrives as -x'),
  list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))), indiv_specs = indiv)

# ---- 2. imputation (cross-section) ---------------------------------------------------------
# stage "data": the imputed values only (cells missing in the raw data; every other cell is unchanged),
# in the indicators' own units, before normalisation.

raw_na <- is.na(iData[ind_codes])

impute_case <- function(spec, call, ...) {
  record(spec, call)
  coin <- base_coin()
  coin <- Impute(coin, dset = "Raw", ...)
  imp <- get_dset(coin, "Imputed")
  add_long(spec, "data", imp, ind_codes, keep = raw_na[match(imp$uCode, iData$uCode), , drop = FALSE])
  coin <- norm_agg(coin, "Imputed")
  add_scores(spec, coin)
}

impute_case("median", 'Impute(dset = "Raw", f_i = "i_median")', f_i = "i_median")
impute_case("median-grp:EurAsia_group", 'Impute(dset = "Raw", f_i = "i_median_grp", use_group = "EurAsia_group")',
            f_i = "i_median_grp", use_group = "EurAsia_group")
impute_case("median-grp:GDPpc_group", 'Impute(dset = "Raw", f_i = "i_median_grp", use_group = "GDPpc_group")',
            f_i = "i_median_grp", use_group = "GDPpc_group")
impute_case("row-mean", 'Impute(dset = "Raw", f_i = "i_mean", impute_by = "row")  # normalise_first = TRUE by default',
            f_i = "i_mean", impute_by = "row")
impute_case("row-mean:level2", 'Impute(dset = "Raw", f_i = "i_mean", impute_by = "row", group_level = 2)  # normalise_first = TRUE',
            f_i = "i_mean", impute_by = "row", group_level = 2)
impute_case("row-mean:level3", 'Impute(dset = "Raw", f_i = "i_mean", impute_by = "row", group_level = 3)',
            f_i = "i_mean", impute_by = "row", group_level = 3)
impute_case("row-median:level2:raw", 'Impute(dset = "Raw", f_i = "i_median", impute_by = "row", group_level = 2, normalise_first = FALSE)',
            f_i = "i_median", impute_by = "row", group_level = 2, normalise_first = FALSE)

# EM. COINr 1.1.14 has no EM function: its imputation vignette wraps Amelia, whose imputations are
# random draws (from the conditional normal at Amelia's EM estimate), so "em-amelia:level2" holds only
# for this seed and Amelia 1.8.1 and cannot be expected to match another implementation.
# "em-mle:level2" is deterministic: the same Impute() call with i_EM_mle below, the textbook EM for a
# multivariate normal with missing values (Little & Rubin 2002, section 11.2) run to convergence, each
# missing cell replaced by its conditional mean at the maximum-likelihood estimate.
i_EM <- function(x) {
  amOut <- Amelia::amelia(x, m = 1, p2s = 0, boot.type = "none")
  amOut$imputations[[1]]
}
# Start: mu = column means of the observed values, Sigma = diag(sample variances of the observed values).
# E step for each row i with missing set m and observed set o:
#   x_m = mu_m + S_mo S_oo^-1 (x_o - mu_o);  C_mm = S_mm - S_mo S_oo^-1 S_om  (C = 0 elsewhere)
# M step: mu = mean of the completed rows; Sigma = (1/n) sum (x x' + C) - mu mu'  (ML, divisor n)
# Stop when max(|change of mu_j| / s_j, |change of Sigma_jk| / (s_j s_k)) < 1e-12, where s_j = sqrt of the
# starting Sigma_jj (the observed SD), i.e. an absolute 1e-12 on the standardised scale; at most 100000 iterations.
# The imputed values are the E-step conditional means at the final estimate.
em_log <- list()
i_EM_mle <- function(x) {
  X <- as.matrix(x); n <- nrow(X); p <- ncol(X)
  mu <- colMeans(X, na.rm = TRUE)
  S <- diag(apply(X, 2, stats::var, na.rm = TRUE), p)
  sc <- sqrt(diag(S))
  estep <- function(mu, S) {
    Xc <- X; T2 <- matrix(0, p, p)
    for (i in seq_len(n)) {
      m <- is.na(X[i, ])
      if (any(m)) {
        o <- !m
        B <- S[m, o, drop = FALSE] %*% solve(S[o, o, drop = FALSE])
        Xc[i, m] <- mu[m] + B %*% (X[i, o] - mu[o])
        T2[m, m] <- T2[m, m] + S[m, m, drop = FALSE] - B %*% S[o, m, drop = FALSE]
      }
    }
    list(Xc = Xc, C = T2)
  }
  it <- 0
  repeat {
    it <- it + 1
    e <- estep(mu, S)
    mu1 <- colMeans(e$Xc)
    S1 <- (crossprod(e$Xc) + e$C) / n - mu1 %o% mu1
    d <- max(abs(c((mu1 - mu) / sc, (S1 - S) / (sc %o% sc))))
    mu <- mu1; S <- S1
    if (d < 1e-12 || it >= 100000) break
  }
  stopifnot(d < 1e-12)
  em_log[[length(em_log) + 1]] <<- list(codes = colnames(X), mu = mu, S = S, it = it)
  out <- as.data.frame(estep(mu, S)$Xc)
  names(out) <- names(x)
  out
}
set.seed(17)
impute_case("em-amelia:level2", 'set.seed(17); Impute(dset = "Raw", f_i = i_EM, impute_by = "df", group_level = 2)  # i_EM = function(x) Amelia::amelia(x, m = 1, p2s = 0, boot.type = "none")$imputations[[1]] (vignette); random draws',
            f_i = i_EM, impute_by = "df", group_level = 2)
impute_case("em-mle:level2", 'Impute(dset = "Raw", f_i = i_EM_mle, impute_by = "df", group_level = 2)  # i_EM_mle: deterministic EM defined in the script',
            f_i = i_EM_mle, impute_by = "df", group_level = 2)
# the EM estimates per level-2 group that has missing values (original units)
for (g in em_log) {
  grp <- iMeta$Parent[match(g$codes[1], iMeta$iCode)]
  add_analysis(paste0("em-mle:level2:", grp, ":mu"), g$codes, "mu", g$mu)
  S <- g$S; dimnames(S) <- list(g$codes, g$codes)
  add_matrix(paste0("em-mle:level2:", grp, ":Sigma"), S)
  add_analysis(paste0("em-mle:level2:", grp, ":iterations"), "EM", "iterations", g$it)
}

# ---- 3. panel imputation ------------------------------------------------------------------
# ASEM_iData_p's missing cells are missing in every year, so panel imputation has nothing to do;
# these cells are set to NA first (unit, indicator, years):
#   GBR LPI 2021 2022      (end of the panel: two years back for 2022)
#   AUT Flights 2018 2019  (start of the panel: no earlier year)
#   DEU Goods 2020         (middle)
#   FRA Services 2019 2020 2021 (three in a row in the middle)
#   JPN Tariff 2018 2020 2022   (start, middle and end)
# (the data stage lists every cell missing in that input, including those still missing after imputation)
# and the result is normalised over the whole panel (as the "panel" spec): new_coin(iData_p, iMeta,
# split_to = "all"); Impute(purse, "Raw", f_i = "impute_panel", f_i_para = ...);
# Normalise(purse, "Imputed", global = TRUE, n_minmax 0-100); Aggregate(a_amean).
holes <- list(c("GBR", "LPI", 2021), c("GBR", "LPI", 2022), c("AUT", "Flights", 2018), c("AUT", "Flights", 2019),
              c("DEU", "Goods", 2020), c("FRA", "Services", 2019), c("FRA", "Services", 2020),
              c("FRA", "Services", 2021), c("JPN", "Tariff", 2018), c("JPN", "Tariff", 2020), c("JPN", "Tariff", 2022))
iData_ph <- iData_p
for (h in holes) iData_ph[iData_ph$uCode == h[1] & iData_ph$Time == as.numeric(h[3]), h[2]] <- NA
ph_na <- is.na(iData_ph[ind_codes])

panel_case <- function(spec, call, f_i_para, scores = TRUE) {
  record(spec, call)
  purse <- new_coin(iData_ph, iMeta, split_to = "all", quietly = TRUE)
  purse <- Impute(purse, dset = "Raw", f_i = "impute_panel", f_i_para = f_i_para)
  imp <- get_dset(purse, "Imputed")
  key <- match(paste(imp$uCode, imp$Time), paste(iData_ph$uCode, iData_ph$Time))
  add_long(spec, "data", imp, ind_codes, keep = ph_na[key, , drop = FALSE])
  if (!scores) return(invisible())
  purse <- Normalise(purse, dset = "Imputed", global = TRUE,
                     global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100))))
  purse <- Aggregate(purse, dset = "Normalised", f_ag = "a_amean")
  add_scores(spec, purse)
}
panel_case("panel-latest", 'Impute(purse, "Raw", f_i = "impute_panel")  # imp_type "latest", no max_time', NULL)
panel_case("panel-latest:max_time1", 'Impute(purse, "Raw", f_i = "impute_panel", f_i_para = list(max_time = 1))',
           list(max_time = 1))
panel_case("panel-linear", 'Impute(purse, "Raw", f_i = "impute_panel", f_i_para = list(imp_type = "linear"))',
           list(imp_type = "linear"))
panel_case("panel-constant", 'Impute(purse, "Raw", f_i = "impute_panel", f_i_para = list(imp_type = "constant"))',
           list(imp_type = "constant"))
panel_case("panel-linear:max_time1", 'Impute(purse, "Raw", f_i = "impute_panel", f_i_para = list(imp_type = "linear", max_time = 1))  # max_time is ignored by linear; data stage only',
           list(imp_type = "linear", max_time = 1), scores = FALSE)

# ---- 4. treatment -------------------------------------------------------------------------
# Treat(coin, dset = "Raw", ...) on the raw data (no imputation), then n_minmax 0-100 and a_amean.
# stage "data": the full column of every indicator whose values the treatment changed (columns not
# listed are unchanged); the treated points (Treated_Points, e.g. "winhi", "log_CT") are in the
# analysis CSV as spec "<spec>:points" (row = uCode, column = iCode, only non-empty entries), and
# each indicator's Dets_Table row (skew, kurtosis, passes, nwin) as "<spec>:details".

treat_case <- function(spec, call, ...) {
  record(spec, call)
  coin <- base_coin()
  coin <- Treat(coin, dset = "Raw", ...)
  tr <- get_dset(coin, "Treated")
  rw <- get_dset(coin, "Raw")
  changed <- ind_codes[sapply(ind_codes, function(ic) !identical(tr[[ic]], rw[[ic]]))]
  add_long(spec, "data", tr, changed)
  pts <- coin$Analysis$Treated$Treated_Points
  for (ic in intersect(names(pts), ind_codes)) {
    p <- pts[[ic]]; nz <- !is.na(p) & p != ""
    if (any(nz)) add_analysis(paste0(spec, ":points"), tr$uCode[nz], ic, p[nz])
  }
  dt <- coin$Analysis$Treated$Dets_Table
  for (cn in setdiff(names(dt), "iCode")) add_analysis(paste0(spec, ":details"), dt$iCode, cn, dt[[cn]])
  coin <- norm_agg(coin, "Treated")
  add_scores(spec, coin)
}

treat_case("treat-default", 'Treat(dset = "Raw")  # winsorise(winmax = 5), then log_CT if still failing')
treat_case("treat-winsorise-only", 'Treat(dset = "Raw", global_specs = list(f2 = NULL))  # modifyList drops f2: winsorise only',
           global_specs = list(f2 = NULL))
treat_case("treat-winsorise-only:winmax10", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 10), f2 = NULL))',
           global_specs = list(f1_para = list(winmax = 10), f2 = NULL))
treat_case("treat-boxcox:0.5", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1), f2 = "boxcox", f2_para = list(lambda = 0.5)))  # f2_para merged with the default na.rm = TRUE',
           global_specs = list(f1_para = list(winmax = 1), f2 = "boxcox", f2_para = list(lambda = 0.5)))
treat_case("treat-boxcox:0", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1), f2 = "boxcox", f2_para = list(lambda = 0)))',
           global_specs = list(f1_para = list(winmax = 1), f2 = "boxcox", f2_para = list(lambda = 0)))
treat_case("treat-log_CT_orig", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1), f2 = "log_CT_orig"))',
           global_specs = list(f1_para = list(winmax = 1), f2 = "log_CT_orig"))
treat_case("treat-log_CT_plus", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1), f2 = "log_CT_plus"))',
           global_specs = list(f1_para = list(winmax = 1), f2 = "log_CT_plus"))
treat_case("treat-log_CT:winmax1", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1)))',
           global_specs = list(f1_para = list(winmax = 1)))
treat_case("treat-combine", 'Treat(dset = "Raw", global_specs = list(f1_para = list(winmax = 1)), combine_treat = TRUE)  # log_CT of the winsorised values',
           global_specs = list(f1_para = list(winmax = 1)), combine_treat = TRUE)
treat_case("treat-indiv", paste(
  'Treat(dset = "Raw", indiv_specs = list(Flights = list(f1_para = list(winmax = 1)),',
  'Goods = list(f1_para = list(winmax = 1), f2 = "log_CT_orig"), Services = "none", Gas = list(f1_para = list(winmax = 0)),',
  'Pat = list(f1_para = list(winmax = 2, skew_thresh = 1.5, kurt_thresh = 3), f2 = "boxcox", f2_para = list(lambda = 0.25, na.rm = TRUE)),',
  'CultGood = list(f1 = "winsorise", f1_para = list(na.rm = TRUE, winmax = 1), f2 = "log_CT_plus", f2_para = list(na.rm = TRUE),',
  'f_pass = "check_SkewKurt", f_pass_para = list(na.rm = TRUE))))',
  '# COINr quirk: an indiv spec that does not restate f1, f2 or f_pass drops the default f1_para/f2_para/f_pass_para',
  '# (modify_treat_specs compares with NULL), so na.rm = TRUE is lost: Pat (6 missing) gets Pass = NA and is left',
  'untreated with a warning; CultGood restates everything and is treated'),
  indiv_specs = list(Flights = list(f1_para = list(winmax = 1)),
                     Goods = list(f1_para = list(winmax = 1), f2 = "log_CT_orig"),
                     Services = "none",
                     Gas = list(f1_para = list(winmax = 0)),
                     Pat = list(f1_para = list(winmax = 2, skew_thresh = 1.5, kurt_thresh = 3),
                                f2 = "boxcox", f2_para = list(lambda = 0.25, na.rm = TRUE)),
                     CultGood = list(f1 = "winsorise", f1_para = list(na.rm = TRUE, winmax = 1),
                                     f2 = "log_CT_plus", f2_para = list(na.rm = TRUE),
                                     f_pass = "check_SkewKurt", f_pass_para = list(na.rm = TRUE))))

# ---- 5. screening -------------------------------------------------------------------------
# Screen(coin, dset = "Raw", ...) then n_minmax 0-100 over the units kept and a_amean. Only the units
# kept have scores; the analysis CSV has "<spec>:summary" (row = uCode, Dat_Avail, Non_Zero,
# Included) for every unit.

screen_case <- function(spec, call, ...) {
  record(spec, call)
  coin <- base_coin()
  coin <- Screen(coin, dset = "Raw", ...)
  s <- coin$Analysis$Screened$DataSummary
  for (cn in c("N_missing", "N_zero", "Dat_Avail", "Non_Zero", "Included"))
    add_analysis(paste0(spec, ":summary"), s$uCode, cn, s[[cn]])
  coin <- norm_agg(coin, "Screened")
  add_scores(spec, coin)
}
screen_case("screen-byNA:0.9", 'Screen(dset = "Raw", unit_screen = "byNA", dat_thresh = 0.9)',
            unit_screen = "byNA", dat_thresh = 0.9)
screen_case("screen-byzeros:0.95", 'Screen(dset = "Raw", unit_screen = "byzeros", nonzero_thresh = 0.95)',
            unit_screen = "byzeros", nonzero_thresh = 0.95)
screen_case("screen-byNAandzeros:0.9:0.95", 'Screen(dset = "Raw", unit_screen = "byNAandzeros", dat_thresh = 0.9, nonzero_thresh = 0.95)',
            unit_screen = "byNAandzeros", dat_thresh = 0.9, nonzero_thresh = 0.95)
screen_case("screen-byNA:0.9:force", 'Screen(dset = "Raw", unit_screen = "byNA", dat_thresh = 0.9, Force = data.frame(uCode = c("BRN", "DEU"), Include = c(TRUE, FALSE)))',
            unit_screen = "byNA", dat_thresh = 0.9, Force = data.frame(uCode = c("BRN", "DEU"), Include = c(TRUE, FALSE)))

# ---- 6. weights ---------------------------------------------------------------------------

plain <- Aggregate(Normalise(base_coin(), dset = "Raw",
                             global_specs = list(f_n = "n_minmax", f_n_para = list(l_u = c(0, 100)))),
                   dset = "Normalised", f_ag = "a_amean")

# PCA weights: the first principal component's loadings of each level-2 group, used as they are
record("pca-weights:level1", 'plain pipeline; get_PCA(dset = "Normalised", Level = 1, by_groups = TRUE, out2 = "coin", weights_to = "PCA"); Aggregate(dset = "Normalised", f_ag = "a_amean", w = "PCA")')
coin <- suppressWarnings(get_PCA(plain, dset = "Normalised", Level = 1, by_groups = TRUE, out2 = "coin", weights_to = "PCA"))
w <- coin$Meta$Weights$PCA
add_analysis("pca-weights:level1:weights", w$iCode, "Weight", w$Weight)
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean", w = "PCA")
add_scores("pca-weights:level1", coin)

record("pca-weights:level2", 'plain pipeline; get_PCA(dset = "Aggregated", Level = 2, by_groups = TRUE, out2 = "coin", weights_to = "PCA2"); Aggregate(dset = "Normalised", f_ag = "a_amean", w = "PCA2")')
coin <- suppressWarnings(get_PCA(plain, dset = "Aggregated", Level = 2, by_groups = TRUE, out2 = "coin", weights_to = "PCA2"))
w <- coin$Meta$Weights$PCA2
add_analysis("pca-weights:level2:weights", w$iCode, "Weight", w$Weight)
coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean", w = "PCA2")
add_scores("pca-weights:level2", coin)

# optimised weights: written to the coin, then the coin re-aggregated with them
opt_case <- function(spec, call, ...) {
  record(spec, call)
  coin <- suppressMessages(get_opt_weights(plain, dset = "Aggregated", out2 = "coin", weights_to = "Opt", ...))
  w <- coin$Meta$Weights$Opt
  add_analysis(paste0(spec, ":weights"), w$iCode, "Weight", w$Weight)
  res <- coin$Analysis$Weights$Opt
  cr <- res$CorrResultsNorm
  lev_codes <- w$iCode[w$Level == list(...)$Level]
  for (cn in names(cr)) add_analysis(paste0(spec, ":result"), lev_codes, cn, cr[[cn]])
  add_analysis(paste0(spec, ":optim"), "optim", c("value", "counts.function", "convergence"),
               c(res$OptResults$value, res$OptResults$counts[["function"]], res$OptResults$convergence))
  add_analysis(paste0(spec, ":optim"), lev_codes, "par", res$OptResults$par)
  coin <- Aggregate(coin, dset = "Normalised", f_ag = "a_amean", w = "Opt")
  add_scores(spec, coin)
}
opt_case("opt-balance:level3", 'plain pipeline; get_opt_weights(dset = "Aggregated", itarg = "equal", Level = 3, optype = "balance", out2 = "coin", weights_to = "Opt"); Aggregate(w = "Opt")  # Nelder-Mead, reltol 0.1, maxit 500',
         itarg = "equal", Level = 3, optype = "balance")
opt_case("opt-balance:level2", 'plain pipeline; get_opt_weights(dset = "Aggregated", itarg = "equal", Level = 2, optype = "balance", out2 = "coin", weights_to = "Opt"); Aggregate(w = "Opt")',
         itarg = "equal", Level = 2, optype = "balance")
opt_case("opt-balance:level2:itarg", 'plain pipeline; get_opt_weights(dset = "Aggregated", itarg = c(2, 1, 1, 1, 1, 1, 1, 1), Level = 2, optype = "balance", out2 = "coin", weights_to = "Opt"); Aggregate(w = "Opt")',
         itarg = c(2, 1, 1, 1, 1, 1, 1, 1), Level = 2, optype = "balance")
opt_case("opt-infomax:level2", 'plain pipeline; get_opt_weights(dset = "Aggregated", Level = 2, optype = "infomax", out2 = "coin", weights_to = "Opt"); Aggregate(w = "Opt")',
         Level = 2, optype = "infomax")
opt_case("opt-balance:level2:tight", 'plain pipeline; get_opt_weights(dset = "Aggregated", itarg = "equal", Level = 2, optype = "balance", toler = 1e-10, maxiter = 5000, out2 = "coin", weights_to = "Opt"); Aggregate(w = "Opt")',
         itarg = "equal", Level = 2, optype = "balance", toler = 1e-10, maxiter = 5000)

# ---- 7. analysis functions ----------------------------------------------------------------

# get_stats, unrounded (nsignif = NULL; the default nsignif = 3 rounds every number to 3 significant digits)
for (ds in c("Raw", "Normalised")) {
  st <- get_stats(plain, dset = ds, nsignif = NULL)
  for (cn in setdiff(names(st), "iCode")) add_analysis(paste0("stats:", ds), st$iCode, cn, st[[cn]])
}
st <- get_stats(plain, dset = "Aggregated", Level = 2, nsignif = NULL)
for (cn in setdiff(names(st), "iCode")) add_analysis("stats:Aggregated:level2", st$iCode, cn, st[[cn]])

# correlations: get_corr(..., pval = 0) keeps every coefficient; with the default pval = 0.05 a
# coefficient whose p value (pvals:* below) exceeds 0.05 is NA (not written: it follows from the two)
corr_spec <- function(spec, ...) {
  cr <- get_corr(plain, ...)
  add_analysis(spec, as.character(cr$Var1), as.character(cr$Var2), cr$Correlation)
}
for (ct in c("pearson", "spearman", "kendall")) {
  corr_spec(paste0("corr:Raw:", ct), dset = "Raw", Levels = 1, cortype = ct, pval = 0)
  corr_spec(paste0("corr:Aggregated:1-4:", ct), dset = "Aggregated", Levels = c(1, 4), cortype = ct, pval = 0)
  corr_spec(paste0("corr:Aggregated:2-3:withparent:", ct), dset = "Aggregated", Levels = c(2, 3), cortype = ct, pval = 0, withparent = TRUE)
}
raw_ind <- get_dset(plain, "Raw")[ind_codes]
add_matrix("pvals:Raw:pearson", get_pvals(raw_ind))
add_matrix("pvals:Raw:spearman", suppressWarnings(get_pvals(raw_ind, method = "spearman")))
# Kendall: exact p values where a pair has fewer than 50 complete values and no ties, else the
# tie-corrected normal approximation (R's cor.test rules; its warnings about ties are silenced)
add_matrix("pvals:Raw:kendall", suppressWarnings(get_pvals(raw_ind, method = "kendall")))

# Cronbach's alpha (pairwise covariances) of each group's indicators, of each level's groups, and of all
for (ds in c("Raw", "Normalised")) {
  for (g in iMeta$iCode[which(iMeta$Level == 2)]) {
    add_analysis(paste0("cronbach:", ds), g, "alpha", get_cronbach(plain, dset = ds, iCodes = g, Level = 1))
  }
  top <- iMeta$iCode[which(iMeta$Level == max(iMeta$Level, na.rm = TRUE))]
  add_analysis(paste0("cronbach:", ds), top, "alpha", get_cronbach(plain, dset = ds, iCodes = top, Level = 1))
}
for (g in iMeta$iCode[which(iMeta$Level == 3)]) {
  add_analysis("cronbach:Aggregated:level2", g, "alpha", get_cronbach(plain, dset = "Aggregated", iCodes = g, Level = 2))
}

# PCA per level-2 group on the Normalised data (rows with a missing value dropped; centred and scaled):
# loadings (prcomp rotation, sign as R's LAPACK returns it), eigenvalues (sdev^2) and the rows used
pca <- suppressWarnings(get_PCA(plain, dset = "Normalised", Level = 1, by_groups = TRUE, out2 = "list"))
for (g in names(pca$PCAresults)) {
  pr <- pca$PCAresults[[g]]$PCAres
  add_matrix(paste0("pca:Normalised:level1:", g, ":loadings"), pr$rotation)
  add_analysis(paste0("pca:Normalised:level1:", g, ":eigenvalues"), colnames(pr$rotation), "eigenvalue", pr$sdev^2)
  add_analysis(paste0("pca:Normalised:level1:", g, ":rows"), "rows", "used", nrow(pr$x))
}

# ---- write --------------------------------------------------------------------------------

methods <- do.call(rbind, methods_rows)
analysis <- do.call(rbind, analysis_rows)

header_methods <- c(
  "# Reference values for issue 17's method cases, computed by COINr 1.1.14 (R 4.2.2) from ../shared/data/reference/coinr-asem",
  "# by coinr-1.1.14-asem-methods.R (beside this file; read it for the details of each spec).",
  "# Pipeline unless the spec says otherwise: new_coin(iData, iMeta); <spec's call>; Normalise(n_minmax, l_u = c(0,100)); Aggregate(a_amean).",
  "# stage: data = indicator values after the spec's step (normalisation: every value; imputation: only the imputed cells,",
  "#   in the indicator's units; treatment: every value of each indicator the treatment changed); score = aggregates.",
  "# value: sprintf(\"%.17g\"); NA = no value; rank: rank(-x, ties = \"min\") within (spec, stage, Time, iCode).",
  "# The specs (R calls):",
  paste0("#   ", names(calls), ": ", calls))
header_analysis <- c(
  "# Analysis and parameter references for issue 17, computed by COINr 1.1.14 (R 4.2.2) from ../shared/data/reference/coinr-asem",
  "# by coinr-1.1.14-asem-methods.R (beside this file). Long format: spec,row,column,value.",
  "# value: sprintf(\"%.17g\") for numbers, NA for missing, else text (TRUE/FALSE, ok/LOW/OUT, winhi/winlo/log_CT...).",
  "# \"plain\" = new_coin(iData, iMeta); Normalise(n_minmax 0-100); Aggregate(a_amean).",
  "#   iMeta:<spec>            iMeta columns added for that spec of the methods CSV (row = iCode, column = iMeta column)",
  "#   em-mle:level2:<group>:* EM estimate (mu, Sigma, iterations) of that level-2 group's indicators, original units",
  "#   <treat spec>:points     Treated_Points (row = uCode, column = iCode, non-empty only); :details = Dets_Table",
  "#   <screen spec>:summary   Screen's DataSummary per unit (N_missing, N_zero, Dat_Avail, Non_Zero, Included)",
  "#   pca-weights:*:weights, opt-*:weights   the weight set each weights spec aggregated with (row = iCode, all levels)",
  "#   opt-*:result            get_opt_weights CorrResultsNorm (Desired, Obtained, OptWeight); opt-*:optim: optim's value, counts, convergence, par",
  "#   stats:<dset>            get_stats(plain, dset, nsignif = NULL) (row = iCode, column = statistic); stats:Aggregated:level2 with Level = 2",
  "#   corr:<dset>:<levels>:<type>[:withparent]  get_corr(plain, dset, Levels, cortype, pval = 0, withparent if :withparent),",
  "#                           row = Var1, column = Var2 (default pval = 0.05 would set to NA each coefficient whose pvals entry > 0.05)",
  "#   pvals:Raw:<type>        get_pvals(raw indicators, method = type) (pairwise cor.test p values; diagonal 0)",
  "#   cronbach:<dset>         get_cronbach(plain, dset, iCodes = row, Level = 1) (Aggregated:level2: Level = 2)",
  "#   pca:Normalised:level1:<group>:loadings|eigenvalues|rows  get_PCA(plain, \"Normalised\", Level = 1, by_groups = TRUE):",
  "#                           prcomp rotation (compare each PC up to sign), sdev^2, number of complete rows used")

write_csv <- function(df, path, header) {
  con <- file(path, "w")
  writeLines(header, con)
  utils::write.table(df, con, sep = ",", row.names = FALSE, quote = FALSE, na = "NA")
  close(con)
}
write_csv(methods, file.path(out_dir, "coinr-1.1.14-asem-methods.csv"), header_methods)
write_csv(analysis, file.path(out_dir, "coinr-1.1.14-asem-analysis.csv"), header_analysis)
cat("methods rows:", nrow(methods), " analysis rows:", nrow(analysis), "\n")
