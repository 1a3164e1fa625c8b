/// The design of the illustrative dataset: published targets, real figures and the choices that fill
/// the gaps. Every synthetic value is derived from these by ``DatasetGenerator``; nothing here is a result.
enum GeneratorDesign {
    static let seed: UInt64 = 20_240_601
    static let periods = ["2020", "2021", "2022", "2023"]
    static let report = "CAICT 中国工业互联网发展成效评估报告(2024年)"
    static let yearbook = "中国科技统计年鉴 China Statistical Yearbook on Science and Technology"
    static let telecomBulletin = "工业和信息化部 通信业统计公报 2020–2023 (MIIT telecom bulletins)"

    // MARK: - Published national figures (METHOD.md §7): the targets.

    /// Pillar sub-indices in 2023 (2020 = 100).
    static let pillars2023: [String: Double] = [
        "foundation": 311, "innovation": 211, "industry": 216, "application": 182, "environment": 296,
    ]
    /// Year-on-year growth of innovation and industry in 2023, percent.
    static let growth2023: [String: Double] = ["innovation": 29.4, "industry": 31.7]
    /// Foundation's contribution to the index's 2023 increase, and identifiers' to foundation's, percent.
    static let foundationContribution2023 = 17.3
    static let identifierContribution2023 = 50.5

    // MARK: - Design choices where the report gives no figure (each respects the report's wording).

    /// 2021 values of each pillar, and 2022 where the report does not fix it. Foundation's 2022 value
    /// is solved from its contribution; innovation's and industry's from their 2023 growth.
    static let pillars2021: [String: Double] = [
        "foundation": 165, "innovation": 130, "industry": 128, "application": 120, "environment": 140,
    ]
    static let pillars2022: [String: Double] = ["application": 150, "environment": 190]
    /// The identifier sub-index in 2021 and 2022 (its 2023 value is solved from its contribution).
    static let identifier2021 = 190.0
    static let identifier2022 = 330.0
    /// Spread of second-level and indicator paths around their parent's path (± share of the increase).
    static let nodeSpread = 0.08
    static let indicatorSpread = 0.10

    // MARK: - Real national figures.

    /// Series known for every year: MIIT bulletins (5G base stations, 万个).
    static let nationalSeries: [String: (values: [Double], source: String)] = [
        "n_5g_base_stations": ([71.8, 142.5, 231.2, 337.7], telecomBulletin)
    ]
    /// National indicators read from the yearbook (全国 rows, 2020–2023): indicator → yearbook variable.
    static let nationalYearbook: [String: String] = [
        "n_rd_expenditure": "v4_ztr_jf_RD", "n_rd_intensity": "v4_ztr_qd_RD", "n_invention_grants": "v4_cg_zlsq2_fm",
        "n_hitech_revenue": "v4_cy_scjy_zyyw", "n_hitech_profit": "v4_cy_scjy_lrze",
    ]
    /// 2023 figures quoted in the report; earlier years are synthetic, scaled from these.
    static let national2023: [String: Double] = [
        "n_5g_private_networks": 29_000, "n_platforms": 270, "n_cross_platforms": 50, "n_mechanism_models": 123.7,
        "n_dc_racks": 810, "n_compute": 230, "n_id_nodes": 330, "n_id_resolutions": 1.5, "n_iiot_patents": 2_851,
        "n_industry_scale": 1.36, "n_large_firms": 683, "n_specialised_firms": 8_404, "n_tenders": 13_229,
        "n_new_firms": 22_000, "n_demo_factories": 421, "n_scenarios": 1_235, "n_training_bases": 20,
        "n_demo_bases": 8,
    ]
    /// 2020 magnitudes of fully synthetic national indicators.
    static let national2020: [String: Double] = [
        "n_monitored_firms": 5.2, "n_security_services": 18, "n_id_registrations": 94, "n_iiot_rd": 410,
        "n_standards": 24, "n_innovation_centres": 16, "n_key_labs": 48, "n_firm_revenue": 2.1,
        "n_pilot_projects": 220, "n_5g_iiot_projects": 1_100, "n_cloud_firms": 38, "n_digital_rd_tools": 73.5,
        "n_cnc_rate": 52.1, "n_policies": 120, "n_plans": 12, "n_special_funds": 85, "n_industry_funds": 140,
        "n_trained_talent": 12, "n_alliance_members": 1_500,
    ]

    // MARK: - Regional design.

    /// The tiers as published, in the order the report lists them (read as rank order within a tier).
    static let tiers: [[String]] = [
        ["江苏", "广东", "北京", "山东", "浙江", "上海"],
        ["四川", "湖北", "安徽", "重庆", "河北", "湖南", "福建", "辽宁", "江西", "河南", "天津"],
        ["山西", "贵州", "广西", "陕西", "甘肃", "内蒙古", "吉林", "宁夏", "黑龙江", "云南"],
        ["海南", "新疆", "青海", "西藏"],
    ]
    /// Published top-10 lists per pillar, in rank order.
    static let top10: [String: [String]] = [
        "industry": ["广东", "北京", "江苏", "山东", "浙江", "上海", "四川", "安徽", "湖北", "福建"],
        "application": ["江苏", "山东", "广东", "浙江", "北京", "江西", "安徽", "河北", "四川", "湖北"],
    ]
    /// Latent strength bands per tier (top, bottom) on 0–1; the gaps between bands make the tiers.
    static let tierBands: [(Double, Double)] = [(1.0, 0.80), (0.60, 0.45), (0.32, 0.22), (0.12, 0.0)]
    static let latentNoise = 0.04
    /// The pillar whose synthetic indicators are solved last, to place each province at its tier's band.
    static let balancingPillar = "environment"
    /// The least distance, in weighted score points, between consecutive provinces of a published top 10.
    static let rankGap = 0.4
    /// Units of indicators that count things: their synthetic values are whole numbers.
    static let countUnits: Set<String> = ["个", "家", "件", "项"]
    /// The yearly growth, per province and pillar, that takes regional synthetic values back from
    /// the last period to the first, and the noise on each value (± share).
    static let historyGrowth = 0.04...0.22
    static let historyNoise = 0.03
    /// The yearly drift, per province, of a regional history that follows its national counterpart:
    /// a province grows a little faster or slower than the country.
    static let historyDrift = 0.94...1.06
    /// Synthetic national paths (2020 = 100) chosen rather than solved. The 5G virtual private networks
    /// share their node with the real 5G base stations (2023 = 470), so solving them for the
    /// foundation path made them fall to a seventh; this path rises steadily to the reported 29,000.
    static let nationalPaths: [String: [Double]] = ["n_5g_private_networks": [100, 180, 300, 450]]
    /// Regional indicators that count the same thing as a national one. Left out, as they count
    /// something else: platforms (provincial-level lists vs national influence), innovation centres
    /// (with key labs and provincial ones), new firms vs emerging-technology firms, dedicated plans vs
    /// multi-year plans, skills training bases vs alliance bases, and demonstration bases (with
    /// promotion centres).
    static let nationalCounterparts: [String: String] = Dictionary(
        uniqueKeysWithValues: [
            "5g_base_stations", "cross_platforms", "monitored_firms", "dc_racks", "id_nodes", "id_registrations",
            "rd_expenditure", "iiot_rd", "invention_grants", "iiot_patents", "hitech_revenue", "specialised_firms",
            "hitech_profit", "tenders", "demo_factories", "pilot_projects", "cloud_firms", "5g_iiot_projects",
            "policies", "special_funds", "industry_funds", "alliance_members",
        ].map { ("r_" + $0, "n_" + $0) }
    )
    /// The most the provinces together hold of a national figure: it also counts what no province
    /// claims (central firms, national bodies, cross-regional projects).
    static let provinceShareCap = 0.95
    /// Regional indicators read from the yearbook (2023, by province): indicator → yearbook variable.
    static let regionalYearbook: [String: String] = [
        "r_rd_expenditure": "v4_ztr_jf_RD", "r_rd_intensity": "v4_ztr_qd_RD", "r_invention_grants": "v4_cg_zlsq2_fm",
        "r_hitech_rd_institutions": "v4_cy_RDhd_yfjgs", "r_hitech_revenue": "v4_cy_scjy_zyyw",
        "r_hitech_enterprises": "hitech_firms_num", "r_hitech_profit": "v4_cy_scjy_lrze",
        "r_hitech_rd_personnel": "v4_cy_RDhd_qsdl",
    ]
    /// Second-level indicators the leading tier dominates: the report's "the six leading regions hold
    /// over 70 % of" 标识建设, 产业结构, 产业活跃度, 推广普及, 研发投入 and 创新载体 (METHOD.md §7).
    static let concentratedNodes = [
        "identifier", "structure", "vitality", "diffusion", "rd_input", "innovation_carrier",
    ]
    /// Ranges (lowest, highest province) of synthetic regional indicators. The synthetic indicators of
    /// the concentrated nodes are counts and amounts spread over orders of magnitude and declared
    /// `transform: log` in the framework, so they are placed on the log scale.
    static let regionalRange: [String: (Double, Double)] = [
        "r_5g_base_stations": (1.0, 32.5), "r_gigabit_cities": (0, 16), "r_platforms": (5, 330),
        "r_cross_platforms": (0, 9), "r_monitored_firms": (50, 6_000), "r_security_drills": (10, 500),
        "r_dc_racks": (0.5, 70), "r_data_firms": (20, 3_000), "r_id_nodes": (1, 65), "r_id_registrations": (0.5, 2_000),
        "r_iiot_rd": (1, 400), "r_iiot_patents": (0, 700), "r_innovation_centres": (1, 150),
        "r_iiot_firms": (200, 40_000),
        "r_specialised_firms": (3, 2_400), "r_service_providers": (0, 60), "r_tenders": (5, 2_500),
        "r_new_firms": (20, 8_000), "r_demo_factories": (0, 40), "r_pilot_projects": (0, 60),
        "r_cloud_firms": (0.1, 40),
        "r_5g_iiot_projects": (1, 500), "r_digital_rd_tools": (60, 90), "r_cnc_rate": (40, 68), "r_policies": (3, 40),
        "r_plans": (1, 8), "r_special_funds": (0.5, 30), "r_industry_funds": (0.2, 50), "r_training_bases": (0, 12),
        "r_alliance_members": (5, 400), "r_demo_bases": (0, 8),
    ]
}
