//! The declaration of every scenario key: type, default, limits, plausible
//! range, unit, source and claims. Read `docs/ODD.md` for the equations that
//! use them.

use super::*;

const RP: &str = "Rp";
const RP_MONTH: &str = "Rp/month";

scenario_sections! {
    top {
        name: String = "baseline".to_string() => Spec::new("Name of the scenario or experiment; the default output folder is output/<name>/.").unit("text").source("structural");
        description: String = String::new() => Spec::new("Free text describing the scenario; copied into the manifest.").unit("text").source("structural");
        seed: u64 = 1 => Spec::new("Base seed from which every random stream is derived.").unit("integer").range(0.0, 9.0e18).source("structural");
        months: u32 = 120 => Spec::new("Months simulated after the burn-in (the horizon).").unit("months").range(1.0, 1200.0).source("MODEL.md: 36-month program + 84 months of follow-up");
        replications: u32 = 10 => Spec::new("Independent replications per arm (new population and shocks each).").unit("count").range(1.0, 100000.0).source("structural");
    }

    section population: Population {
        title: "Population", doc: "Villages grouped in districts; households with a size, productive assets, skill, health, information, participation, voice and confidence; an elite; a small-world neighbour network in each village.",
        claims: ["C14", "C15", "C7"], affects: "every household process; the initial distribution of assets (C14) sets who starts near the poverty trap",
        keys {
            villages: u32 = 20 => Spec::new("Number of villages (desa) simulated.").unit("villages").range(1.0, 200000.0).source("structural; Indonesia has 75,259 villages (Ministry of Finance 2024)");
            households_per_village: u32 = 200 => Spec::new("Mean number of households per village.").unit("households").range(2.0, 60000.0).source("structural; national mean about 930 (70 M households / 75,259 villages)");
            village_size_cv: f64 = 0.0 => Spec::new("Coefficient of variation of village sizes (lognormal); 0 gives equal villages.").unit("ratio").range(0.0, 3.0).plausible(0.0, 1.0).source("assumption: equal sizes keep small runs comparable; national.toml uses 0.6");
            villages_per_district: u32 = 10 => Spec::new("Villages per district (kecamatan); a district shares firms and a market.").unit("villages").range(1.0, 100000.0).source("about 75,259 villages in about 7,277 districts (BPS)");
            household_size_mean: f64 = 3.85 => Spec::new("Mean household size (persons); size is 1 + Poisson(mean - 1), capped at 12.").unit("persons").range(1.2, 9.0).plausible(3.6, 4.1).source("BPS: 3.8-3.9 persons per household (EVIDENCE.md, approx.)");
            elite_share: f64 = 0.05 => Spec::new("Share of households in each village that are elite (largest asset holders; formal and informal leaders).").share().plausible(0.02, 0.10).source("assumption: village head, officials, religious leaders and large landowners, a few percent of households").claims(&["C5", "C14"]);
            asset_median: f64 = 21.0e6 => Spec::new("Median productive assets (land use rights, livestock, tools) at the start.").unit(RP).range(0.0, 1.0e10).plausible(12.0e6, 25.0e6).source("calibration: with the economy defaults gives rural poverty about 11.5% and consumption Gini about 0.31 (BPS 2024-25)").claims(&["C14"]);
            asset_sigma: f64 = 1.2 => Spec::new("Dispersion (log-sd) of initial productive assets (lognormal).").unit("log-sd").range(0.0, 4.0).plausible(1.05, 1.2).source("assumption: rural land and livestock holdings are highly concentrated (asset Gini about 0.55-0.6; a lognormal's Gini is 2 Phi(sigma / sqrt 2) - 1, so 1.05-1.2 gives 0.54-0.60)").claims(&["C14"]);
            asset_skill_correlation: f64 = 0.4 => Spec::new("Correlation between (log) initial assets and skill.").unit("correlation").range(-1.0, 1.0).plausible(0.2, 0.6).source("assumption: education and wealth go together");
            skill_mean: f64 = 0.45 => Spec::new("Mean skill (vocational and managerial ability, 0..1; Beta distributed).").share().plausible(0.35, 0.55).source("assumption: scale of the index").claims(&["C15", "C18b"]);
            skill_concentration: f64 = 5.0 => Spec::new("Concentration (a+b) of the Beta distribution of skill; lower is more dispersed.").unit("a+b").range(0.5, 100.0).plausible(3.0, 6.0).source("assumption");
            health_mean: f64 = 0.8 => Spec::new("Mean health (0..1): lowers the chance of illness and raises labour productivity.").share().plausible(0.7, 0.9).source("assumption").claims(&["C18b"]);
            information_mean: f64 = 0.35 => Spec::new("Mean access to information (0..1): opens outside jobs and markets.").share().plausible(0.25, 0.5).source("assumption").claims(&["C15", "C18e"]);
            participation_mean: f64 = 0.25 => Spec::new("Mean participation in village organisations and meetings (0..1).").share().plausible(0.15, 0.35).source("assumption").claims(&["C1", "C15"]);
            voice_mean: f64 = 0.25 => Spec::new("Mean voice in public decisions (0..1), the political dimension.").share().plausible(0.15, 0.35).source("assumption").claims(&["C2", "C15"]);
            confidence_mean: f64 = 0.5 => Spec::new("Mean self-confidence (0..1), the psychological dimension.").share().plausible(0.4, 0.6).source("assumption").claims(&["C15"]);
            network_degree: u32 = 4 => Spec::new("Neighbours per household in the village's small-world network (even).").unit("links").range(2.0, 8.0).source("assumption: Watts-Strogatz ring lattice").claims(&["C7"]);
            network_rewire: f64 = 0.1 => Spec::new("Share of neighbour links rewired to a random household of the village.").share().plausible(0.05, 0.3).source("assumption: small-world regime (Watts & Strogatz 1998)");
            households_file: String = String::new() => Spec::new("A CSV of households from survey data (village, size, assets, schooling, consumption, optional group), one row per household, path relative to the scenario file; empty draws the households. With a file, the villages and their sizes come from it (docs/ODD.md, households from survey data).").unit("path").source("structural: data in the spirit of a SUSENAS extract");
            burn_in_months: u32 = 60 => Spec::new("Months simulated before month 1 with no program, so the economy starts near its own steady state; shared by all arms.").unit("months").range(0.0, 600.0).source("structural: spin-up");
        }
    }

    section economy: Economy {
        title: "Household economy", doc: "Each month a household splits its labour between wage work and its own enterprise. Wages rise with skill and health and are limited by local demand; outside jobs need information. The enterprise has a capital threshold: below it capital earns little, above it much more (the poverty trap). Consumption moves toward needs (the poverty line times household size); surplus is saved and invested; when cash runs out the household borrows informally and then sells assets at a discount.",
        claims: ["C14", "C16", "C17a", "C17b"], affects: "income, consumption, poverty, assets, the economic dimension of empowerment",
        keys {
            poverty_line: f64 = 580_349.0 => Spec::new("Poverty line per person per month; needs = line x household size.").unit(RP_MONTH).range(1.0, 1.0e8).source("BPS rural poverty line, March 2025 (EVIDENCE.md)");
            wage_daily: f64 = 86_000.0 => Spec::new("Daily wage of a worker of average skill and full health.").unit("Rp/day").range(0.0, 1.0e7).plausible(75_000.0, 115_000.0).source("calibration within BPS rural wages (farm labour about Rp 58,000, construction about Rp 95,000 a day, 2024, approx.) so that the baseline gives rural poverty about 11-12% (BPS 2024-25)");
            work_days: f64 = 20.0 => Spec::new("Days of wage work a labour unit can find in a month of full employment.").unit("days/month").range(0.0, 31.0).plausible(16.0, 24.0).source("assumption");
            skill_premium: f64 = 0.8 => Spec::new("Wage gradient in skill: wage x (1 - premium/2 + premium x skill).").unit("ratio").range(0.0, 1.9).plausible(0.5, 1.2).source("assumption: returns to schooling in rural labour markets");
            extra_member_labour: f64 = 0.35 => Spec::new("Labour units added by each household member beyond the first.").unit("units/person").range(0.0, 1.0).plausible(0.25, 0.45).source("assumption: dependency ratio of rural households");
            labour_demand: f64 = 0.8 => Spec::new("Mean share of wage labour supply that finds local work.").share().plausible(0.65, 0.9).source("assumption: rural underemployment");
            labour_demand_spread: f64 = 0.1 => Spec::new("Half-width of the uniform spread of labour demand across villages.").share().plausible(0.0, 0.2).source("assumption");
            outside_work: f64 = 0.2 => Spec::new("Extra employment share reachable outside the village with full information.").share().plausible(0.1, 0.3).source("assumption").claims(&["C18b", "C18e"]);
            return_low: f64 = 0.018 => Spec::new("Monthly marginal return on enterprise capital at the threshold with the traditional technology (below the threshold), for a reference household; it falls with capital as 1/sqrt(K).").unit("per month").range(0.0, 0.5).plausible(0.006, 0.02).source("calibration, jointly with return_high and capital_threshold, to baseline poverty and Gini and to the size of field effects: microcredit borrowers gained little (F1), graduation grantees about +6-15% in consumption (F2); below depreciation plus invest_hurdle, so that the trap holds (F4)").claims(&["C17a"]);
            return_high: f64 = 0.055 => Spec::new("Monthly marginal return on enterprise capital at the threshold with the productive technology, for a reference household (average skill, market access 0.5); it falls with capital as 1/sqrt(K) (returns to scale 2/3).").unit("per month").range(0.0, 0.5).plausible(0.04, 0.09).source("returns of about 5-6% a month to small amounts of microenterprise capital (de Mel, McKenzie & Woodruff 2008); calibrated with return_low and capital_threshold to rural poverty 11-12%, Gini 0.30-0.32 and the field effects of F1, F2 and F9").claims(&["C17a"]);
            capital_threshold: f64 = 17.0e6 => Spec::new("Capital at which the enterprise switches to the productive technology (the poverty trap, F4).").unit(RP).range(0.0, 1.0e10).plausible(6.0e6, 20.0e6).source("F4 (Balboni et al. 2022: a threshold of initial assets); about the price of a cow or a small shop").claims(&["C14", "C17a"]);
            depreciation: f64 = 0.015 => Spec::new("Monthly depreciation of productive assets.").unit("per month").range(0.0, 0.2).plausible(0.01, 0.02).source("assumption: livestock mortality, tool wear (18% a year); with the plough-back it keeps the baseline stationary");
            saving_rate: f64 = 0.25 => Spec::new("Share of expected income above needs that the household saves.").share().plausible(0.15, 0.35).source("assumption");
            buffer_months: f64 = 1.0 => Spec::new("Cash buffer the household keeps, in months of needs; cash above it is invested or spent down.").unit("months").range(0.0, 24.0).plausible(0.5, 2.0).source("assumption: buffer-stock saving (Deaton 1991)");
            invest_share: f64 = 0.3 => Spec::new("Share of cash above the buffer invested in productive assets each month, when investing pays.").share().plausible(0.15, 0.5).source("assumption");
            invest_hurdle: f64 = 0.005 => Spec::new("Monthly return above depreciation that an investment must promise: below the capital threshold, the average return of climbing to it; above it, the marginal return.").unit("per month").range(0.0, 0.2).plausible(0.0, 0.01).source("assumption; F4: below the threshold households do not accumulate").claims(&["C14"]);
            reinvest_share: f64 = 0.1 => Spec::new("Share of enterprise output ploughed back into productive assets each month when they pay, scaled by return / (depreciation + hurdle) and capped at half, before consumption, as long as the household keeps its floor.").share().plausible(0.05, 0.2).source("assumption: microenterprises and herds are maintained from their own output; F4: above the threshold households accumulate").claims(&["C14", "C17a"]);
            drawdown: f64 = 0.02 => Spec::new("Monthly share of its productive assets a poor household sells to consume when they do not pay their keep (below the threshold, return under depreciation plus hurdle).").share().plausible(0.0, 0.05).source("assumption; F4: a push that lands below the threshold fades (Balboni et al. 2022)").claims(&["C14"]);
            spend_down: f64 = 0.1 => Spec::new("Share of cash above the buffer added to consumption each month.").share().plausible(0.05, 0.2).source("assumption");
            income_smoothing: f64 = 0.2 => Spec::new("Weight of the current month in the household's expected income (exponential average).").share().plausible(0.1, 0.4).source("assumption: consumption smoothing");
            subsistence_share: f64 = 0.74 => Spec::new("Share of needs the household defends by borrowing and selling assets.").share().plausible(0.6, 0.85).source("food share of the poverty line, about 74% (BPS)");
            distress_discount: f64 = 0.3 => Spec::new("Discount on assets sold in distress.").share().plausible(0.15, 0.5).source("assumption: distress sales of livestock and land").claims(&["C14"]);
            informal_interest: f64 = 0.03 => Spec::new("Monthly interest on informal debt (moneylenders, shopkeepers).").unit("per month").range(0.0, 1.0).plausible(0.02, 0.1).source("assumption: informal rural credit");
            informal_limit_months: f64 = 2.0 => Spec::new("Most informal debt a household can carry, in months of needs.").unit("months").range(0.0, 60.0).plausible(1.0, 4.0).source("assumption");
            opportunity_tail: f64 = 0.0 => Spec::new("Tail index (1 / Pareto exponent) of the productivity of households' business opportunities: each household's enterprise productivity is multiplied by z, drawn from a Pareto distribution rescaled to mean 1 and redrawn when the opportunity expires (docs/ODD.md section 7.1); 0 turns opportunities off (z = 1 for everyone).").unit("1/exponent").range(0.0, 0.9).plausible(0.0, 0.25).source("Buera, Kaboski & Shin 2011 (AER) and 2021 (REStud): Pareto exponent of entrepreneurial ability about 4.8 (tail index about 0.21), approx.; off by default because it does not give F1 and drifts the baseline (docs/ODD.md section 9)").claims(&["C17a"]);
            opportunity_persistence: f64 = 0.894 => Spec::new("Probability that a household keeps its business opportunity for another year; otherwise a new one is drawn (the monthly redraw probability is 1 - persistence^(1/12)). Used only when opportunity_tail > 0.").share().unit("per year").plausible(0.8, 0.95).source("Buera, Kaboski & Shin 2011, 2021: entrepreneurial ability kept with probability about 0.89 a year, approx.").claims(&["C17a"]);
        }
    }

    section demography: Demography {
        title: "Demography (household succession)", doc: "Each month a household is succeeded by the next generation with probability 1/generation_months: the successor keeps a share of the productive assets and cash (siblings leave with the rest: land fragments), has a new size, and inherits skill and capabilities only in part. This is what keeps the distribution of assets stationary: the rich split, the poor get new chances.",
        claims: ["C14"], affects: "the long-run distribution of assets, income and poverty; stability of the baseline",
        keys {
            generation_months: f64 = 300.0 => Spec::new("Mean months between successions of a household (one generation).").unit("months").range(12.0, 2400.0).plausible(240.0, 360.0).source("assumption: a generation of about 25 years");
            inheritance_share: f64 = 0.5 => Spec::new("Share of productive assets and cash the successor household keeps (the rest leaves with siblings).").share().plausible(0.4, 0.8).source("assumption: partible inheritance and land fragmentation in rural Java").claims(&["C14"]);
            persistence: f64 = 0.5 => Spec::new("Weight of the parent household's skill, information, voice, participation and confidence in the successor's (the rest is a fresh draw).").share().plausible(0.4, 0.6).source("assumption: intergenerational persistence of education about 0.4-0.6");
        }
    }

    section shocks: Shocks {
        title: "Shocks", doc: "Illness (less likely with good health) costs money and labour; harvests vary household by household; sometimes the whole village's price falls.",
        claims: ["C18b"], affects: "income, distress sales, loan repayment, confidence",
        keys {
            illness_rate: f64 = 0.03 => Spec::new("Monthly chance of a serious illness for a household of health 0.5; scaled by (1.5 - health).").unit("per month").range(0.0, 1.0).plausible(0.015, 0.05).source("assumption").claims(&["C18b"]);
            illness_cost: f64 = 1_000_000.0 => Spec::new("Out-of-pocket cost of an illness episode.").unit(RP).range(0.0, 1.0e9).plausible(400_000.0, 2_000_000.0).source("assumption: out-of-pocket spending beside national health insurance (JKN)");
            illness_labour_loss: f64 = 0.5 => Spec::new("Share of a month's labour lost in an illness episode.").share().plausible(0.3, 0.7).source("assumption");
            harvest_sd: f64 = 0.25 => Spec::new("Standard deviation of the household-level multiplicative shock to enterprise output.").unit("ratio").range(0.0, 0.4).plausible(0.15, 0.35).source("assumption: rain-fed agriculture");
            price_shock_prob: f64 = 0.04 => Spec::new("Monthly chance that a village's output price falls (bad season, glut).").unit("per month").range(0.0, 1.0).plausible(0.02, 0.08).source("assumption");
            price_shock_size: f64 = 0.25 => Spec::new("Fall in the village price in a price-shock month.").share().plausible(0.15, 0.4).source("assumption");
        }
    }

    section mutual_aid: MutualAid {
        title: "Mutual aid (gotong royong)", doc: "Neighbours with cash above their own needs and buffer help a neighbour who cannot meet subsistence, in proportion to the village's cohesion (and more within a self-help group).",
        claims: ["C7"], affects: "consumption floor after shocks; distress sales",
        keys {
            cohesion: f64 = 0.5 => Spec::new("Village social cohesion (0..1): the share of a neighbour's spare cash they are willing to give.").share().plausible(0.3, 0.7).source("assumption").claims(&["C7"]);
            give_share: f64 = 0.3 => Spec::new("Most of its spare cash a household gives in one month, at full cohesion.").share().plausible(0.1, 0.5).source("assumption");
        }
    }

    section infrastructure: Infrastructure {
        title: "Infrastructure and market access", doc: "A village's market access (roads, markets, storage; 0..1) sets the price a producer receives and the share of output that cannot be sold at all.",
        claims: ["C17b", "C6", "C16b"], affects: "enterprise income, the value of capital, partnerships",
        keys {
            market_access: f64 = 0.5 => Spec::new("Mean market access of villages at the start (0..1).").share().plausible(0.35, 0.65).source("assumption: scale of the index").claims(&["C17b"]);
            market_access_spread: f64 = 0.15 => Spec::new("Half-width of the uniform spread of market access across villages.").share().plausible(0.05, 0.25).source("assumption: remote and connected villages").claims(&["C17b"]);
            price_floor: f64 = 0.75 => Spec::new("Price received at zero market access, relative to full access.").share().plausible(0.6, 0.85).source("assumption: farm-gate vs market price gaps of 15-40%; set with cost_per_point so that village-fund-scale infrastructure moves poverty by points, not tens of points (F11, a calibration target for these two keys)").claims(&["C17b"]);
            unsold_max: f64 = 0.15 => Spec::new("Share of output that cannot be sold at zero market access.").share().plausible(0.05, 0.3).source("assumption; see price_floor (F11)").claims(&["C17b"]);
            cost_per_point: f64 = 1.5e9 => Spec::new("Infrastructure investment that closes a fifth of the gap between a village's market access and full access (0.1 of access at 0.5; roads, market, storage): the same road gains a remote village more.").unit(RP).range(1.0, 1.0e14).plausible(0.75e9, 3.0e9).source("assumption: an all-weather road of 5-10 km to the market at Rp 1-2 billion a km brings a remote village to full access; with price_floor, calibrated so that village-fund-scale spending moves poverty by points, not tens of points (F11); the gap closing by a share (returns to rural roads highest where access is worst: Fan, Hazell & Thorat 2000; Fan & Chan-Kang 2005, approx.)").claims(&["C17b"]);
            min_scale: f64 = 0.0 => Spec::new("Investment stock below which infrastructure does nothing (a road that does not reach the market): spreading thin fails. 0 turns the threshold off.").unit(RP).range(0.0, 1.0e14).plausible(0.0, 100.0e6).source("the seed paper's claim (C6) that spread-thin budgets fail, off by default: small village works of PNPM's predecessor KDP (village roads, bridges, water supply) earned economic returns of about 40-70% (Torrens 2005, approx.), and cheap low-grade rural roads return more per rupiah than good ones (Fan & Chan-Kang 2005, approx.); at 300 million the infrastructure share of a five-component program at PNPM intensity never took effect (docs/ODD.md section 7.12); scenarios/allocation.toml turns it on").claims(&["C6"]);
            max_access: f64 = 0.95 => Spec::new("Highest market access infrastructure can reach.").share().plausible(0.85, 1.0).source("assumption");
            decay: f64 = 0.004 => Spec::new("Monthly decay of the infrastructure stock without maintenance; enabler programs (community ownership, C1) halve it.").unit("per month").range(0.0, 1.0).plausible(0.002, 0.008).source("assumption: rural roads last 10-20 years (0.008 is a mean life of 1/decay months = 10.4 years), and 94% of PNPM-Rural's village works were still fully functional after four years (PNPM Support Facility; 0.002 keeps 91% of the stock for four years, 0.004 82%)").claims(&["C1", "C9"]);
        }
    }

    section markets: Markets {
        title: "Village markets (goods and labour)", doc: "What households sell meets village demand (a share of villagers' spending) and outside traders' demand, whose elasticity grows with market access; the month's price clears last month's output. The wage moves toward the level that clears the labour households offer against village and outside demand. References are the village's own burn-in averages, so the baseline sits at its own equilibrium and a program that raises output lowers prices and raises wages (F10).",
        claims: ["C7", "C17b", "C16b"], affects: "prices received, wages, the returns of every program component, how effects grow with the budget (F9, F10)",
        keys {
            local_share: f64 = 0.25 => Spec::new("Share of villagers' consumption spent on goods made in the village.").share().plausible(0.2, 0.5).source("LEWIE local-economy studies: local purchase shares of 20-50% in village economies (Taylor & Filipski 2014); approx.").claims(&["C7"]);
            elasticity_closed: f64 = 1.5 => Spec::new("Price elasticity of outside traders' demand for the output of a village with no market access.").unit("elasticity").range(1.01, 50.0).plausible(1.2, 2.5).source("assumption: thin, costly outside markets of remote villages (Egger et al. 2022 found little inflation in Kenyan villages, so prices are not very sensitive at moderate access)").claims(&["C17b"]);
            elasticity_open: f64 = 6.0 => Spec::new("Price elasticity of outside demand at full market access (a village that sells into the district market).").unit("elasticity").range(1.01, 100.0).plausible(4.0, 10.0).source("assumption: price-taking at the district market, less transport and trader margins").claims(&["C17b"]);
            labour_elasticity: f64 = 1.5 => Spec::new("Elasticity of village and outside demand for wage labour with respect to the wage.").unit("elasticity").range(0.1, 20.0).plausible(0.5, 2.0).source("assumption; rural labour demand elasticities of about 0.5-2; graduation programs raised the wages of non-poor workers (Bandiera et al. 2017), village funds local wages (Kaboski & Townsend 2012)").claims(&["C16"]);
            labour_local_share: f64 = 0.3 => Spec::new("Share of wage labour demand that moves with villagers' spending (village farms, shops, building).").share().plausible(0.15, 0.5).source("assumption").claims(&["C7"]);
            idle_capacity: f64 = 0.0 => Spec::new("Idle capacity of village sellers: villagers' spending above the burn-in reference is met by selling up to this share more with the same capital and labour, at the going price, before the price rises (0: the market clears through the price alone).").share().plausible(0.0, 0.3).source("assumption; Egger et al. 2022 found slack (enterprise revenue rose with no detectable rise in inputs, prices about 0.1%) but no size for it, so it is off by default; at 0.2 the model's cash multiplier rises from 1.07 to 1.21, still below the field's 1.3-2.5 (F12; docs/ODD.md section 9)").claims(&["C7"]);
            wage_adjustment: f64 = 0.5 => Spec::new("Monthly share of the gap to the market-clearing wage that the wage closes.").share().range(0.01, 1.0).plausible(0.25, 0.75).source("assumption: wages adjust within a season");
        }
    }

    section institutions: Institutions {
        title: "Institutions and human resources", doc: "The institutions component of a program: in the group approach, training of group leaders and bookkeepers (capacity) and of members (skills); in the individual approach, vocational training of the households a program reaches; in both, a share for the village's own governance (transparency and accountability, C9).",
        claims: ["C16b", "C17d", "C9"], affects: "skill, group capacity, transparency and accountability",
        keys {
            training_cost: f64 = 1_500_000.0 => Spec::new("Cost of one person's vocational training.").unit(RP).range(1.0, 1.0e10).plausible(750_000.0, 3_000_000.0).source("assumption; BRAC's program spent about as much on training as on assets (Bandiera et al. 2017)").claims(&["C16b"]);
            skill_gain: f64 = 0.08 => Spec::new("Rise toward 1 of skill from one training.").share().plausible(0.04, 0.12).source("assumption").claims(&["C18b"]);
            skill_fade: f64 = 0.02 => Spec::new("Monthly share of a household's trained skill (above its untrained level) that fades without further training or coaching.").share().unit("per month").plausible(0.02, 0.06).source("assumption: effects of business training on practices and profits are small and fade within one to three years (McKenzie & Woodruff 2014); a half-life of ln 2 / skill_fade months: 0.02 a month is about 3 years, 0.06 about 1 year").claims(&["C18b"]);
            skill_ceiling: f64 = 0.8 => Spec::new("Highest skill, information and health that training and facilitators' coaching bring a household to; learning moves toward it, each step smaller than the last.").share().range(0.05, 1.0).plausible(0.7, 0.9).source("assumption; business training raises practices more than profits and its effects fade (McKenzie & Woodruff 2014)").claims(&["C18b"]);
            capacity_cost: f64 = 10.0e6 => Spec::new("Cost of one round of leadership and bookkeeping training for a group.").unit(RP).range(1.0, 1.0e10).plausible(5.0e6, 20.0e6).source("assumption").claims(&["C17d"]);
            capacity_gain: f64 = 0.1 => Spec::new("Rise toward 1 of a group's capacity from one round of training.").share().plausible(0.05, 0.15).source("assumption").claims(&["C18c"]);
            governance_share: f64 = 0.2 => Spec::new("Share of institutions money spent on the village's governance (transparency, accountability).").share().plausible(0.1, 0.3).source("assumption").claims(&["C9"]);
            governance_cost: f64 = 100.0e6 => Spec::new("Governance spending that raises a village's transparency and accountability by 0.1.").unit(RP).range(1.0, 1.0e13).plausible(50.0e6, 200.0e6).source("assumption").claims(&["C9"]);
        }
    }

    section credit: Credit {
        title: "Revolving fund (credit)", doc: "The program's revolving fund lends to eligible households (individual approach) by its rules: loan size, flat monthly interest, term. Money is fungible: part of each loan is consumed, more under stress. Missed installments accumulate into default; defaulters are excluded for a time. Repayments are lent again.",
        claims: ["C17a", "C16b"], affects: "assets, enterprise income, consumption, repayment_rate, program_cost",
        keys {
            loan_size: f64 = 4_300_000.0 => Spec::new("Size of a loan.").unit(RP).range(1.0, 1.0e10).plausible(2_000_000.0, 10_000_000.0).source("EVIDENCE.md: ultra-micro (UMi) credit averages about Rp 4.3 million").claims(&["C17a"]);
            interest_monthly: f64 = 0.011 => Spec::new("Flat monthly interest on the loan principal.").unit("per month").range(0.0, 0.5).plausible(0.005, 0.02).source("EVIDENCE.md: UMi about 1.1% a month");
            term_months: u32 = 12 => Spec::new("Months over which a loan is repaid in equal installments.").unit("months").range(1.0, 120.0).source("assumption: typical microcredit term");
            max_assets: f64 = 50.0e6 => Spec::new("Eligibility: households with productive assets above this cannot borrow.").unit(RP).range(0.0, 1.0e12).plausible(25.0e6, 100.0e6).source("assumption: targeting of micro and ultra-micro credit");
            application_rate: f64 = 0.08 => Spec::new("Monthly chance that an eligible household with a productive use for a loan applies.").unit("per month").range(0.0, 1.0).plausible(0.03, 0.15).source("assumption");
            risk_premium: f64 = 0.0 => Spec::new("Monthly return, on the whole loan, that a household needs from an investment financed by a loan beyond the loan's effective interest and the depreciation and hurdle every investment must cover (economy.depreciation + economy.invest_hurdle on the invested part): a dislike of debt itself. Also the margin by which informal credit must be dearer before a household refinances it.").unit("per month").range(0.0, 1.0).plausible(0.0, 0.04).source("assumption: 0, one hurdle for every investment, own money or borrowed; F1: the marginal borrower's project earned about the interest rate (Banerjee, Karlan & Zinman 2015)").claims(&["C17a"]);
            max_installment_share: f64 = 0.3 => Spec::new("Lender's capacity rule: the installment may be at most this share of the household's expected income.").share().plausible(0.2, 0.5).source("assumption: microfinance repayment-capacity rules");
            grant_size: f64 = 8.0e6 => Spec::new("Value of one productive asset grant (program.capital_as = \"grants\"): livestock or equipment given to one of the poorest households.").unit(RP).range(1.0, 1.0e10).plausible(4.0e6, 20.0e6).source("assumption; BRAC transferred assets worth about USD 1,400 (Bandiera et al. 2017)").claims(&["C17a"]);
            refinance: bool = true => Spec::new("Households may borrow from the fund to repay dearer informal debt (moneylenders); false: the fund lends only for investment.").unit("switch").source("assumption: much microcredit replaces informal credit (Banerjee, Karlan & Zinman 2015); docs/ODD.md section 9 (Why F1 fails) shows what it does to take-up").claims(&["C17a"]);
            fungibility: f64 = 0.25 => Spec::new("Share of a loan consumed rather than invested.").share().plausible(0.1, 0.4).source("assumption: fungibility of microcredit (F1)").claims(&["C17a"]);
            stress_fungibility: f64 = 0.35 => Spec::new("Extra share consumed by a household whose cash is below its buffer.").share().plausible(0.15, 0.5).source("assumption");
            strategic_default: f64 = 0.001 => Spec::new("Monthly chance that a borrower stops paying although it could.").unit("per month").range(0.0, 1.0).plausible(0.0, 0.002).source("the non-performing loans of Indonesia's people's business credit (KUR), 0.2-5.6% of outstanding in 2010-2017 (docs/EVIDENCE.md): the revolving fund alone writes off a year 3.4% of its outstanding at 0 (borrowers who cannot pay), 4.7% at 0.001 and 5.8% at 0.002 (cargo run --release --example fund_default); 0.01, the value until December 2026, wrote off 16%; F5: joint liability changed default little");
            venture_tail: f64 = 0.207 => Spec::new("Tail index of the productivity of the new line of business that a household's first investment loan (from the revolving fund or its group's fund) starts: its enterprise productivity z is drawn from a Pareto distribution rescaled to mean 1 and replaces the one it had (docs/ODD.md section 7.7): most such ventures do a little worse than the household's old business, a few much better. 0 turns ventures off (nothing changes when a household borrows).").unit("1/exponent").range(0.0, 0.9).source("the tail of entrepreneurial ability in Buera, Kaboski & Shin 2011, 2021: Pareto exponent about 4.84, tail index 0.207 (as economy.opportunity_tail), approx.; microcredit's gains sit in the right tail and differ from borrower to borrower (Meager 2022; Banerjee, Breza, Duflo & Kinnan 2019); F1").claims(&["C17a"]);
            arrears_to_default: u32 = 3 => Spec::new("Missed installments after which a loan is written off as a default.").unit("installments").range(1.0, 24.0).source("assumption: standard portfolio-at-risk practice");
            exclusion_months: u32 = 24 => Spec::new("Months a defaulter is excluded from new loans.").unit("months").range(0.0, 600.0).source("assumption");
        }
    }

    section governance: Governance {
        title: "Village governance and elite capture", doc: "Who decides what program money buys (C5, C7, C9). Of the money that reaches a village (facilitator salaries aside), a share is captured by the elite, capture = capture_max x elite_power x (1 - transparency) x (1 - accountability); a share goes to the wish list rather than the needs found by analysis, wish = wish_list_max x (1 - deliberation); the rest reaches the component's purpose. Enabler programs add to deliberation (rembug desa); facilitators' representative work raises deliberation and accountability over time.",
        claims: ["C5", "C7", "C9"], affects: "capture_share, the money that reaches each component's purpose, the elite's income",
        keys {
            transparency: f64 = 0.6 => Spec::new("Village transparency about program money (0..1).").share().plausible(0.4, 0.8).source("assumption; F7: capture was small where it was measured (Alatas et al. 2013)").claims(&["C9"]);
            accountability: f64 = 0.6 => Spec::new("Accountability of village decision makers (0..1).").share().plausible(0.4, 0.8).source("assumption; F7").claims(&["C9"]);
            deliberation: f64 = 0.5 => Spec::new("Quality of village deliberation before an enabler program adds to it (0..1): how well needs are found.").share().plausible(0.3, 0.7).source("assumption; F7: community targeting was close to proxy-means targeting (Alatas et al. 2012)").claims(&["C5", "C7"]);
            elite_power: f64 = 0.5 => Spec::new("Decision power of the village elite over program money (0..1).").share().plausible(0.3, 0.7).source("assumption").claims(&["C5", "C14"]);
            capture_max: f64 = 0.5 => Spec::new("Share of program money the elite would capture with full power and no transparency or accountability.").share().plausible(0.3, 0.7).source("assumption: makes capture about 4% at defaults (F7: at most about 8 points more benefits to elites) and up to 25-50% with no transparency and accountability").claims(&["C5"]);
            wish_list_max: f64 = 0.3 => Spec::new("Share of program money spent on the wish list (low-value items) when deliberation is absent.").share().plausible(0.15, 0.45).source("assumption").claims(&["C5", "C7"]);
            enabler_deliberation: f64 = 0.2 => Spec::new("Deliberation an enabler program adds (village meetings that choose what to fund).").share().plausible(0.1, 0.3).source("assumption").claims(&["C7", "C8"]);
            advocacy_effect: f64 = 0.002 => Spec::new("Rise in village deliberation and accountability per facilitator-hour of network work per 100 households, at representative skill 1.").unit("per hour per 100 hh").range(0.0, 1.0).plausible(0.0, 0.005).source("assumption").claims(&["C11", "C18e"]);
        }
    }

    section groups: Groups {
        title: "Self-help groups (kelompok swadaya masyarakat)", doc: "Groups of neighbours form from facilitators' motivation work, administratively when a group program brings money without facilitators, or rarely on their own; the poorest join less. Members save regularly into a pooled fund that lends to them; peer monitoring means more of each loan is invested and fewer strategic defaults; joint liability covers a member's missed installment from the fund; members market together for a better price. Self-management capacity (leadership, meetings, records, conflict resolution) grows with facilitation and decays without it unless the group is self-sustaining. Cohesion rises with meetings and repayment and falls with defaults, conflict and elite dominance; below a threshold the group dissolves and its fund is returned, less what poor records lose.",
        claims: ["C16e", "C17d", "C18", "C18c", "C18d", "C7"], affects: "group_share, active_groups, savings and credit, price received, voice and participation, the social and political indices",
        keys {
            size_min: u32 = 10 => Spec::new("Fewest members for a group to form.").unit("households").range(2.0, 100.0).source("CONCEPTS.md: groups of 10-30 households");
            size_max: u32 = 25 => Spec::new("Most members a group recruits at formation.").unit("households").range(2.0, 200.0).source("CONCEPTS.md: groups of 10-30 households");
            join_rate: f64 = 0.6 => Spec::new("Chance that an invited household joins, at participation 0.5.").share().plausible(0.4, 0.8).source("assumption").claims(&["C1"]);
            poorest_join: f64 = 0.5 => Spec::new("Relative chance that a household under 70% of the poverty line joins (the poorest often do not join, F5).").share().plausible(0.3, 0.8).source("F5 (Brody et al. 2015: the poorest often do not join)");
            spontaneous_rate: f64 = 0.003 => Spec::new("Monthly chance that a group forms on its own in a village, without a program.").unit("per village-month").range(0.0, 1.0).plausible(0.0, 0.01).source("assumption; C3: groups form rarely without outside workers").claims(&["C3"]);
            formation_per_hour: f64 = 0.02 => Spec::new("Groups formed per facilitator-hour of motivation work at facilitator-role skill 1.").unit("groups/hour").range(0.0, 1.0).plausible(0.01, 0.04).source("assumption: a facilitator forms a group in about a month of part-time motivation work").claims(&["C18a"]);
            admin_share: f64 = 0.3 => Spec::new("Share of households a group program without facilitation organises into groups administratively, to channel its money.").share().plausible(0.15, 0.45).source("assumption: groups formed to receive funds (P2KP/PNPM practice)").claims(&["C17d"]);
            initial_capacity: f64 = 0.2 => Spec::new("Self-management capacity of a group formed by facilitators or on its own; administrative groups start at half.").share().plausible(0.1, 0.3).source("assumption").claims(&["C18c"]);
            initial_cohesion: f64 = 0.6 => Spec::new("Cohesion of a newly formed group; administrative groups start 0.2 lower.").share().plausible(0.4, 0.8).source("assumption");
            saving_monthly: f64 = 25_000.0 => Spec::new("Regular saving of a member into the group fund at full mobilisation (a third of it at none).").unit(RP_MONTH).range(0.0, 1.0e8).plausible(10_000.0, 50_000.0).source("assumption: typical monthly savings in Indonesian self-help groups").claims(&["C18d"]);
            loan_multiple: f64 = 3.0 => Spec::new("A member may borrow from the group fund up to this multiple of the fund per member.").unit("ratio").range(0.0, 50.0).plausible(1.0, 5.0).source("assumption; CoMSES complementary-microfinance model: loans ten times savings").claims(&["C18d"]);
            group_interest: f64 = 0.015 => Spec::new("Monthly flat interest on loans from the group's own fund (it stays in the fund).").unit("per month").range(0.0, 0.5).plausible(0.01, 0.03).source("assumption");
            monitoring: f64 = 0.6 => Spec::new("Strength of peer monitoring: at full capacity x cohesion, this share of the consumed part of loans is invested instead, and of strategic defaults prevented.").share().plausible(0.3, 0.8).source("assumption; F5: joint liability changed default little, so monitoring acts mainly through use of loans").claims(&["C16e"]);
            joint_liability: bool = true => Spec::new("The group fund covers a member's missed installment to the program's fund.").unit("switch").source("F5 (Gine & Karlan 2014); C17d").claims(&["C17d"]);
            marketing_premium: f64 = 0.03 => Spec::new("Price premium from marketing together (bargaining position), at full group capacity.").share().plausible(0.01, 0.06).source("assumption: farm-gate vs collective-marketing price gaps").claims(&["C16b"]);
            meeting_cohesion: f64 = 0.015 => Spec::new("Monthly change in cohesion per unit of (meeting capacity x repayment record - 0.4): regular meetings build cohesion, irregular ones erode it.").unit("per month").range(0.0, 1.0).plausible(0.005, 0.03).source("assumption");
            default_cohesion_loss: f64 = 0.3 => Spec::new("Fall in cohesion per unit share of members in default in a month.").unit("per share").range(0.0, 10.0).plausible(0.1, 0.6).source("assumption");
            conflict_rate: f64 = 0.03 => Spec::new("Monthly chance of a conflict in a group with no conflict-resolution capacity.").unit("per month").range(0.0, 1.0).plausible(0.01, 0.06).source("assumption");
            conflict_loss: f64 = 0.12 => Spec::new("Fall in cohesion from a conflict (reduced by conflict-resolution capacity).").share().plausible(0.05, 0.2).source("assumption");
            elite_dominance: f64 = 0.02 => Spec::new("Monthly fall in cohesion per unit share of elite members (elite dominance), times village elite power.").unit("per month").range(0.0, 1.0).plausible(0.0, 0.05).source("assumption; C5").claims(&["C5"]);
            dissolve_below: f64 = 0.2 => Spec::new("Cohesion under which a group dissolves.").share().plausible(0.1, 0.3).source("assumption");
            record_loss: f64 = 0.5 => Spec::new("Share of the fund lost at dissolution by a group with no record-keeping capacity.").share().plausible(0.2, 0.7).source("assumption").claims(&["C18c"]);
            self_sustaining: f64 = 0.6 => Spec::new("Capacity at or above which a group keeps its capacity without a facilitator.").share().plausible(0.5, 0.7).source("assumption; C18c: build the system, then step back").claims(&["C18c", "C9"]);
            capacity_decay: f64 = 0.03 => Spec::new("Monthly loss of capacity of a group below the self-sustaining level with no facilitator.").unit("per month").range(0.0, 1.0).plausible(0.01, 0.05).source("assumption");
            member_voice: f64 = 0.003 => Spec::new("Monthly rise toward 1 of a member's voice and participation from group meetings, at full meeting capacity.").unit("per month").range(0.0, 1.0).plausible(0.001, 0.006).source("F5: groups raise political empowerment by 0.06-0.41 SD").claims(&["C15", "C2"]);
            member_confidence: f64 = 0.0 => Spec::new("Monthly rise toward 1 of a member's confidence from belonging to a group. Evidence default 0 (F5: no detectable effect on psychological empowerment); the seed paper's claim (C18a) is 0.01.").unit("per month").range(0.0, 1.0).plausible(0.0, 0.0016).source("F5 (Brody et al. 2015) [evidence default; the plausible range is what the evidence allows: with this key and facilitation.confidence_effect both at the top of their ranges and every other key at its default, the group package's psychological effect is 0.096 SD, inside F5's 0.1; the paper's 0.01 lies outside it]; C18a for the paper's position").claims(&["C18a", "C15"]);
        }
    }

    section facilitation: Facilitation {
        title: "Facilitators (pendamping)", doc: "Facilitators, professional or volunteer, with a skill in each of the four roles (facilitator, educator, representative, technical) split a fixed monthly time budget over the five activities (motivation, awareness and skills, self-management, resource mobilisation, networks). A group meeting reaches every member at once; an individual visit one household, more deeply. Each activity's dose, times the skill of the role that carries it, moves household capabilities and group capacity. Facilitators start with the program and leave at exit; after exit, what was built decays unless the groups became self-sustaining.",
        claims: ["C3", "C10", "C11", "C12", "C17c", "C18", "C18a", "C18b", "C18c", "C18d", "C18e"], affects: "group formation and capacity, skill, health, information, voice, participation, partnerships, facilitators_active, program_cost",
        keys {
            kind: FacilitatorType = FacilitatorType::Professional => Spec::new("Professional (paid, full time) or volunteer (cadre, part time, less skilled).").unit("choice").source("C3").claims(&["C3", "C12"]);
            cost_professional: f64 = 3_500_000.0 => Spec::new("Monthly cost of a professional facilitator (salary and transport).").unit(RP_MONTH).range(0.0, 1.0e9).plausible(2_000_000.0, 4_500_000.0).source("EVIDENCE.md: village facilitators paid about Rp 2-4 million a month");
            cost_volunteer: f64 = 750_000.0 => Spec::new("Monthly honorarium of a volunteer facilitator (village cadre).").unit(RP_MONTH).range(0.0, 1.0e9).plausible(300_000.0, 1_500_000.0).source("assumption: cadre honoraria");
            hours_professional: f64 = 150.0 => Spec::new("Hours a professional facilitator works with communities in a month.").unit("hours/month").range(0.0, 400.0).plausible(120.0, 170.0).source("assumption: full time less travel and reporting");
            hours_volunteer: f64 = 50.0 => Spec::new("Hours a volunteer facilitator works in a month.").unit("hours/month").range(0.0, 400.0).plausible(30.0, 80.0).source("assumption: part time");
            volunteer_skill: f64 = 0.7 => Spec::new("A volunteer's role skills as a share of a professional's.").share().plausible(0.5, 0.9).source("assumption").claims(&["C12", "C17c"]);
            skill_facilitator: f64 = 0.6 => Spec::new("Skill in the facilitator role: motivation, mediation, consensus, organising resources (0..1).").share().plausible(0.4, 0.8).source("assumption").claims(&["C11"]);
            skill_educator: f64 = 0.6 => Spec::new("Skill in the educator role: awareness, information, training (0..1).").share().plausible(0.4, 0.8).source("assumption").claims(&["C11"]);
            skill_representative: f64 = 0.5 => Spec::new("Skill in the representative role: dealing with outside institutions, advocacy, networks (0..1).").share().plausible(0.3, 0.7).source("assumption").claims(&["C11"]);
            skill_technical: f64 = 0.5 => Spec::new("Skill in the technical role: social analysis, group dynamics, negotiation, managing funds (0..1).").share().plausible(0.3, 0.7).source("assumption").claims(&["C11"]);
            time_motivation: f64 = 0.25 => Spec::new("Share of time on motivation: forming groups, participation (C18a).").share().source("assumption").claims(&["C18a"]);
            time_awareness: f64 = 0.25 => Spec::new("Share of time on awareness and skills: health, vocational skills, information (C18b).").share().source("assumption").claims(&["C18b"]);
            time_self_management: f64 = 0.2 => Spec::new("Share of time on self-management: leaders, meetings, records, conflict (C18c).").share().source("assumption").claims(&["C18c"]);
            time_mobilisation: f64 = 0.15 => Spec::new("Share of time on resource mobilisation: regular savings (C18d).").share().source("assumption").claims(&["C18d"]);
            time_networks: f64 = 0.15 => Spec::new("Share of time on networks: links to markets, firms, government (C18e).").share().source("assumption").claims(&["C18e"]);
            meeting_hours: f64 = 3.0 => Spec::new("Facilitator-hours per group meeting, travel included; a meeting reaches every member.").unit("hours").range(0.1, 100.0).plausible(2.0, 4.0).source("assumption").claims(&["C16e"]);
            visit_hours: f64 = 1.5 => Spec::new("Facilitator-hours per individual household visit, travel included.").unit("hours").range(0.1, 100.0).plausible(1.0, 2.5).source("assumption").claims(&["C16e"]);
            visit_depth: f64 = 2.0 => Spec::new("How much more one visit does for its household than one group meeting does for each member (individual attention).").unit("ratio").range(0.1, 20.0).plausible(1.0, 3.0).source("assumption");
            max_meetings: f64 = 4.0 => Spec::new("Most facilitated meetings a group can hold in a month (weekly meetings); hours beyond them are not worked in that group.").unit("meetings/month").range(0.1, 100.0).plausible(2.0, 4.33).source("assumption: self-help groups meet weekly or fortnightly (4.33 to about 2 a month)").claims(&["C18c"]);
            max_visits: f64 = 2.0 => Spec::new("Most facilitator visits a household receives in a month (individual approach).").unit("visits/month").range(0.1, 100.0).plausible(2.0, 4.33).source("assumption: graduation programs' weekly to fortnightly home visits (4.33 to about 2 a month)").claims(&["C16e"]);
            caseload_groups: f64 = 12.0 => Spec::new("Groups one full-time facilitator works with (group approach).").unit("groups").range(1.0, 1000.0).plausible(8.0, 20.0).source("assumption: PNPM facilitators worked with many groups across villages").claims(&["C12"]);
            caseload_households: f64 = 100.0 => Spec::new("Households one full-time facilitator works with (individual approach): the poorest first.").unit("households").range(1.0, 10000.0).plausible(60.0, 150.0).source("assumption: graduation programs' case workers (Banerjee et al. 2015)").claims(&["C12"]);
            exit_month: u32 = 0 => Spec::new("Month the facilitators leave; 0 = when the program ends.").unit("month").range(0.0, 1200.0).source("structural").claims(&["C9", "C18c"]);
            motivation_effect: f64 = 0.006 => Spec::new("Rise toward 1 of participation per unit dose of motivation at skill 1.").unit("per dose").range(0.0, 1.0).plausible(0.003, 0.012).source("assumption, sized to F5: groups raise political empowerment by 0.06-0.41 SD").claims(&["C18a", "C1"]);
            confidence_effect: f64 = 0.0 => Spec::new("Rise toward 1 of confidence per unit dose of motivation at skill 1. Evidence default 0 (F5); the paper's position (C18a) is about 0.015.").unit("per dose").range(0.0, 1.0).plausible(0.0, 0.0024).source("F5 (Brody et al. 2015) [evidence default; the plausible range is what the evidence allows: with this key and groups.member_confidence both at the top of their ranges and every other key at its default, the group package's psychological effect is 0.096 SD, inside F5's 0.1; the paper's 0.015 lies outside it]; C18a for the paper's position").claims(&["C18a", "C15"]);
            skills_effect: f64 = 0.001 => Spec::new("Rise toward 1 of skill, health and information per unit dose of awareness and skills at skill 1.").unit("per dose").range(0.0, 1.0).plausible(0.0005, 0.002).source("assumption, sized to business-training evidence: small effects on profits, often insignificant (McKenzie & Woodruff 2014); with it facilitation alone returns about 2 rupiah of consumption per rupiah over ten years (F9)").claims(&["C18b"]);
            capacity_effect: f64 = 0.03 => Spec::new("Rise toward 1 of a group's capacity per meeting of self-management work at skill 1.").unit("per meeting").range(0.0, 1.0).plausible(0.015, 0.05).source("assumption").claims(&["C18c"]);
            mobilisation_effect: f64 = 0.04 => Spec::new("Rise toward 1 of a group's saving regularity per meeting of mobilisation at skill 1.").unit("per meeting").range(0.0, 1.0).plausible(0.02, 0.06).source("assumption").claims(&["C18d"]);
            network_effect: f64 = 0.015 => Spec::new("Rise toward 1 of a group's (or visited household's) links to markets and firms, and of members' information and voice, per unit dose of network work at skill 1.").unit("per dose").range(0.0, 1.0).plausible(0.008, 0.03).source("assumption").claims(&["C18e", "C11"]);
        }
    }

    section partnership: Partnership {
        title: "Business partnerships with larger firms", doc: "Each district has small, medium and large buyers and processors. A firm contracts with producers that meet its minimum monthly volume and quality and that it comes into contact with (through networks and brokering); a group pools its members' output, an individual rarely can. A contract pays a price premium for steady supply that also raises the firm's margin over spot buying (mutual gain, C17e); a contract breaks after failed deliveries.",
        claims: ["C16c", "C17e", "C17c"], affects: "price received by contracted producers, partnership_share, firm_profit",
        keys {
            firms_small: f64 = 3.0 => Spec::new("Small firms per district (a fraction is the chance of one more).").unit("firms").range(0.0, 1000.0).plausible(1.0, 5.0).source("assumption; EVIDENCE.md: 799 k small, 65.5 k medium, 5.6 k large firms nationally").claims(&["C16c"]);
            firms_medium: f64 = 1.0 => Spec::new("Medium firms per district.").unit("firms").range(0.0, 1000.0).plausible(0.5, 2.0).source("assumption; EVIDENCE.md firm counts");
            firms_large: f64 = 0.2 => Spec::new("Large firms per district.").unit("firms").range(0.0, 100.0).plausible(0.05, 0.5).source("assumption; EVIDENCE.md: about 5,600 large firms for about 7,300 districts");
            demand_small: f64 = 60.0e6 => Spec::new("Monthly value of produce a small firm will buy under contract.").unit(RP_MONTH).range(0.0, 1.0e13).plausible(30.0e6, 120.0e6).source("assumption");
            demand_medium: f64 = 300.0e6 => Spec::new("Monthly contract demand of a medium firm.").unit(RP_MONTH).range(0.0, 1.0e13).plausible(150.0e6, 600.0e6).source("assumption");
            demand_large: f64 = 1.5e9 => Spec::new("Monthly contract demand of a large firm.").unit(RP_MONTH).range(0.0, 1.0e14).plausible(0.75e9, 3.0e9).source("assumption");
            min_volume_small: f64 = 12.0e6 => Spec::new("Smallest monthly volume a small firm contracts for.").unit(RP_MONTH).range(0.0, 1.0e13).plausible(6.0e6, 24.0e6).source("assumption: more than one household produces").claims(&["C16e"]);
            min_volume_medium: f64 = 40.0e6 => Spec::new("Smallest monthly volume a medium firm contracts for.").unit(RP_MONTH).range(0.0, 1.0e13).plausible(20.0e6, 80.0e6).source("assumption");
            min_volume_large: f64 = 120.0e6 => Spec::new("Smallest monthly volume a large firm contracts for.").unit(RP_MONTH).range(0.0, 1.0e14).plausible(60.0e6, 240.0e6).source("assumption");
            min_quality_small: f64 = 0.35 => Spec::new("Lowest producer quality (0..1) a small firm accepts.").share().plausible(0.25, 0.5).source("assumption");
            min_quality_medium: f64 = 0.45 => Spec::new("Lowest producer quality a medium firm accepts.").share().plausible(0.35, 0.55).source("assumption");
            min_quality_large: f64 = 0.55 => Spec::new("Lowest producer quality a large firm accepts.").share().plausible(0.45, 0.65).source("assumption");
            premium: f64 = 0.08 => Spec::new("Price premium a contract pays over the village price (and the output is all sold).").share().plausible(0.04, 0.15).source("assumption: contract farming premia").claims(&["C17e"]);
            contract_margin: f64 = 0.22 => Spec::new("Firm's gross margin on produce bought under contract, after the premium (steady, graded supply).").share().plausible(0.15, 0.3).source("assumption").claims(&["C17e"]);
            spot_margin: f64 = 0.08 => Spec::new("Firm's margin on produce bought on the spot market (uncertain quality and supply).").share().plausible(0.04, 0.12).source("assumption").claims(&["C17e"]);
            spot_share: f64 = 0.02 => Spec::new("Share of the district's enterprise output firms buy on the spot market.").share().plausible(0.01, 0.05).source("assumption");
            contact_rate: f64 = 0.15 => Spec::new("Monthly chance a qualifying producer with full links (network 1) meets a firm with spare demand.").unit("per month").range(0.0, 1.0).plausible(0.05, 0.3).source("assumption").claims(&["C18e", "C17c"]);
            delivery_tolerance: f64 = 0.3 => Spec::new("Shortfall below the contracted volume that counts as a failed delivery.").share().plausible(0.15, 0.5).source("assumption");
            break_after: u32 = 3 => Spec::new("Failed deliveries in a row after which the firm ends the contract.").unit("months").range(1.0, 60.0).source("assumption");
            readiness_cost: f64 = 40.0e6 => Spec::new("Partnership-component money per village that brings business readiness (grading, quality standards, brokering) to 63% (1 - 1/e).").unit(RP).range(1.0, 1.0e13).plausible(20.0e6, 80.0e6).source("assumption").claims(&["C16c"]);
        }
    }

    section program: Program {
        title: "Program", doc: "The intervention: its approach (individual or group), components (capital, infrastructure, institutions, partnership, facilitation), mode (provider or enabler), budget, allocation over villages, start and duration.",
        claims: ["C8", "C16a", "C16b", "C16e", "C17", "C6"], affects: "everything the components reach; program_cost",
        keys {
            approach: Approach = Approach::Individual => Spec::new("Work with individual households or through self-help groups.").unit("choice").source("C16e, C17d").claims(&["C16e", "C17d"]);
            components: Vec<Component> = Vec::new() => Spec::new("The components the budget is spent on; an empty list means no program.").unit("list").source("C17").claims(&["C16a", "C16b", "C17"]);
            capital_as: CapitalForm = CapitalForm::Loans => Spec::new("What the capital component gives: loans from a village revolving fund (Indonesian programs, C17a), productive asset grants to the poorest households (graduation programs), or unconditional cash transfers of the same size to the poorest households (the cash benchmark every program can be compared with).").unit("choice").source("C17a; F2, F3 for grants; F12 for cash (Egger et al. 2022; McIntosh & Zeitlin 2022)").claims(&["C17a"]);
            mode: Mode = Mode::Enabler => Spec::new("Provider (top-down aid) or enabler (matching contributions, deliberation).").unit("choice").source("C8").claims(&["C4", "C8"]);
            budget: f64 = 0.0 => Spec::new("Whole-program budget, spent evenly over its duration. A total: it does not follow the number of villages or households; use budget_per_village_year or budget_per_household to keep a program's intensity when the world changes size.").unit(RP).range(0.0, 1.0e16).source("structural; EVIDENCE.md for program costs");
            budget_per_village_year: f64 = 0.0 => Spec::new("Budget per covered village per program year, as real programs state it (Dana Desa about Rp 1 billion a village a year); when set, the whole-program budget is this x covered villages x duration / 12, so a smaller world keeps the program's intensity. Set at most one of budget, budget_per_village_year, budget_per_household.").unit("Rp/village/year").range(0.0, 1.0e13).source("structural; Dana Desa about Rp 943 million a village in 2024 (EVIDENCE.md)").claims(&["C6"]);
            budget_per_household: f64 = 0.0 => Spec::new("Budget per household of the covered villages over the whole program; when set, the whole-program budget is this x covered households.").unit("Rp/household").range(0.0, 1.0e12).source("structural; graduation programs cost about USD 1,400 in assets plus as much in training per household (Bandiera et al. 2017)");
            start_month: u32 = 1 => Spec::new("First month of the program (1 = the first simulated month).").unit("month").range(1.0, 1200.0).source("structural");
            duration_months: u32 = 36 => Spec::new("Months the program runs; facilitators leave at its end.").unit("months").range(1.0, 1200.0).source("MODEL.md: a 36-month program");
            allocation: Allocation = Allocation::Uniform => Spec::new("How the budget is spread over covered villages: equally, by number of poor households, or concentrated on the neediest.").unit("choice").source("C6").claims(&["C6"]);
            coverage: f64 = 1.0 => Spec::new("Share of villages the program covers (whole districts first).").share().source("structural");
            concentration: f64 = 0.25 => Spec::new("With allocation = \"concentrated\": the share of covered villages, the neediest first, that receive the budget.").share().range(0.01, 1.0).source("assumption").claims(&["C6"]);
            facilitators: u32 = 0 => Spec::new("Number of facilitators; 0 lets the facilitation share of the budget decide.").unit("count").range(0.0, 10_000_000.0).source("structural").claims(&["C12"]);
            facilitators_per_village: f64 = 0.0 => Spec::new("Facilitators (full-time equivalents) per covered village, so that a smaller or larger world keeps the same facilitation intensity; 0 lets program.facilitators or the facilitation share of the budget decide.").unit("FTE/village").range(0.0, 1000.0).source("structural").claims(&["C12"]);
            share_capital: f64 = 0.35 => Spec::new("Share of the budget for the capital component (renormalised over the components listed).").share().source("assumption: PNPM spent most on block grants and revolving funds").claims(&["C17a"]);
            share_infrastructure: f64 = 0.25 => Spec::new("Share of the budget for infrastructure.").share().source("assumption").claims(&["C17b"]);
            share_institutions: f64 = 0.15 => Spec::new("Share of the budget for institutions and human resources (training).").share().source("assumption; graduation programs spend about as much on training as on assets").claims(&["C17d", "C16b"]);
            share_partnership: f64 = 0.05 => Spec::new("Share of the budget for partnerships (business readiness, brokering).").share().source("assumption").claims(&["C17e"]);
            share_facilitation: f64 = 0.2 => Spec::new("Share of the budget for facilitators' pay (used when program.facilitators = 0).").share().source("assumption").claims(&["C17c"]);
            matching_share: f64 = 0.2 => Spec::new("Enabler mode: the community's own contribution in labour and materials, as a share added to infrastructure and institutions money.").share().plausible(0.1, 0.3).source("assumption: PNPM required community contributions").claims(&["C8", "C1"]);
            dependence: f64 = 0.004 => Spec::new("Provider mode: monthly fall in confidence and participation of households in a village receiving top-down aid (C4).").unit("per month").range(0.0, 1.0).plausible(0.0, 0.01).source("C4 (Korten 1987); assumption for the size").claims(&["C4", "C8"]);
            provider_default: f64 = 30.0 => Spec::new("Provider mode: multiplier on strategic default, as program credit is seen as aid.").unit("ratio").range(1.0, 100.0).plausible(15.0, 50.0).source("assumption: Indonesia's KUT farm credit of the 1990s was largely not repaid; 30 times credit.strategic_default is a chance of 0.03 a month, the fund writing off about 39% of its outstanding a year (as 3 times 0.01 before strategic default was set from KUR's record in December 2026)").claims(&["C4"]);
        }
    }

    section empowerment: Empowerment {
        title: "Empowerment", doc: "Each household's economic, social, political and psychological indices (0..1), their weighted mean, and the threshold above which it counts as empowered (berdaya).",
        claims: ["C2", "C13", "C15"], affects: "empowered_share and the four index metrics",
        keys {
            weight_economic: f64 = 0.25 => Spec::new("Weight of the economic index in the combined index.").share().source("assumption: equal weights, as in composite empowerment indices").claims(&["C15"]);
            weight_social: f64 = 0.25 => Spec::new("Weight of the social index.").share().source("assumption").claims(&["C15"]);
            weight_political: f64 = 0.25 => Spec::new("Weight of the political index.").share().source("assumption").claims(&["C15"]);
            weight_psychological: f64 = 0.25 => Spec::new("Weight of the psychological index.").share().source("assumption").claims(&["C15"]);
            confidence_speed: f64 = 0.03 => Spec::new("Monthly step of confidence toward the level its economic standing supports.").unit("per month").range(0.0, 1.0).plausible(0.01, 0.06).source("assumption").claims(&["C15"]);
            shock_confidence_loss: f64 = 0.02 => Spec::new("Fall in confidence in a month of illness.").unit("index points").range(0.0, 1.0).plausible(0.0, 0.05).source("assumption").claims(&["C15"]);
            threshold: f64 = 0.5 => Spec::new("Combined index at or above which a household counts as empowered (berdaya).").share().plausible(0.45, 0.55).source("assumption: midpoint of the scale").claims(&["C15"]);
        }
    }

    section uncertainty: Uncertainty {
        title: "Model uncertainty", doc: "Effects with model uncertainty: the run draws parameter sets (every key with a plausible range that the file does not set, by Latin hypercube, uniformly over its range or, with prior = \"pert\", most likely at its default; or the weighted posterior of a calibration) and runs every arm under each draw with common random numbers; effects.csv then gives the median effect over draws and its 90% interval beside the Monte Carlo interval (docs/STATISTICS.md).",
        claims: [], affects: "the model_median, model_low, model_high and p_better columns of effects.csv, model_comparisons.csv and draws.csv; nothing inside the model",
        keys {
            draws: u32 = 0 => Spec::new("Parameter draws to run every arm under (0: none, Monte Carlo intervals only). --draws N sets it.").unit("count").range(0.0, 100000.0).source("structural: the strategies experiment uses 64 so that `berdaya run` stays under a minute on two cores");
            replications: u32 = 1 => Spec::new("Replications of every arm under each draw (paired with control under common random numbers).").unit("count").range(1.0, 1000.0).source("structural");
            seed: u64 = 11 => Spec::new("Seed of the parameter draws (the Latin hypercube, or the resampling of a posterior).").unit("seed").range(0.0, 9.2e18).source("structural");
            screen: bool = true => Spec::new("Keep only plausible-range draws whose no-program world stays near the scenario's own: the control arm's poverty rate within 3.5 points and Gini within 0.04 of its value at the scenario's settings, in month 1 and at the horizon (a small control world per candidate, at most 10 villages; up to 30 candidates per draw asked). false keeps every draw. Posterior draws are not screened.").unit("switch").source("structural: draws that describe another country are not this scenario's uncertainty (docs/STATISTICS.md)");
            prior: Prior = Prior::Uniform => Spec::new("How plausible-range draws spread over each key's range: \"uniform\" (evenly: the range as a box, whatever the default) or \"pert\" (a PERT distribution, a Beta scaled to the range with its most likely value at the key's default: the default as the best estimate, the range as its bounds). Not used with a posterior.").unit("choice").source("structural: docs/STATISTICS.md (parameter draws)");
            posterior: String = String::new() => Spec::new("A posterior.csv written by `berdaya calibrate`: draw its keys from its weighted particles (other keys stay as set); empty draws from the plausible ranges. Relative to the scenario file, or to the working folder with --posterior.").unit("path").source("structural");
        }
    }
}
