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
            asset_median: f64 = 18.0e6 => Spec::new("Median productive assets (land use rights, livestock, tools) at the start.").unit(RP).range(0.0, 1.0e10).plausible(12.0e6, 25.0e6).source("calibration: with the economy defaults gives rural poverty about 11.5% and consumption Gini about 0.31 (BPS 2024-25)").claims(&["C14"]);
            asset_sigma: f64 = 1.2 => Spec::new("Dispersion (log-sd) of initial productive assets (lognormal).").unit("log-sd").range(0.0, 4.0).plausible(0.9, 1.5).source("assumption: rural land and livestock holdings are highly concentrated (asset Gini about 0.55-0.6)").claims(&["C14"]);
            asset_skill_correlation: f64 = 0.4 => Spec::new("Correlation between (log) initial assets and skill.").unit("correlation").range(-1.0, 1.0).plausible(0.2, 0.6).source("assumption: education and wealth go together");
            skill_mean: f64 = 0.45 => Spec::new("Mean skill (vocational and managerial ability, 0..1; Beta distributed).").share().plausible(0.35, 0.55).source("assumption: scale of the index").claims(&["C15", "C18b"]);
            skill_concentration: f64 = 4.0 => Spec::new("Concentration (a+b) of the Beta distribution of skill; lower is more dispersed.").unit("a+b").range(0.5, 100.0).plausible(3.0, 6.0).source("assumption");
            health_mean: f64 = 0.8 => Spec::new("Mean health (0..1): lowers the chance of illness and raises labour productivity.").share().plausible(0.7, 0.9).source("assumption").claims(&["C18b"]);
            information_mean: f64 = 0.35 => Spec::new("Mean access to information (0..1): opens outside jobs and markets.").share().plausible(0.25, 0.5).source("assumption").claims(&["C15", "C18e"]);
            participation_mean: f64 = 0.25 => Spec::new("Mean participation in village organisations and meetings (0..1).").share().plausible(0.15, 0.35).source("assumption").claims(&["C1", "C15"]);
            voice_mean: f64 = 0.25 => Spec::new("Mean voice in public decisions (0..1), the political dimension.").share().plausible(0.15, 0.35).source("assumption").claims(&["C2", "C15"]);
            confidence_mean: f64 = 0.5 => Spec::new("Mean self-confidence (0..1), the psychological dimension.").share().plausible(0.4, 0.6).source("assumption").claims(&["C15"]);
            network_degree: u32 = 4 => Spec::new("Neighbours per household in the village's small-world network (even).").unit("links").range(2.0, 8.0).source("assumption: Watts-Strogatz ring lattice").claims(&["C7"]);
            network_rewire: f64 = 0.1 => Spec::new("Share of neighbour links rewired to a random household of the village.").share().plausible(0.05, 0.3).source("assumption: small-world regime (Watts & Strogatz 1998)");
            burn_in_months: u32 = 60 => Spec::new("Months simulated before month 1 with no program, so the economy starts near its own steady state; shared by all arms.").unit("months").range(0.0, 600.0).source("structural: spin-up");
        }
    }

    section economy: Economy {
        title: "Household economy", doc: "Each month a household splits its labour between wage work and its own enterprise. Wages rise with skill and health and are limited by local demand; outside jobs need information. The enterprise has a capital threshold: below it capital earns little, above it much more (the poverty trap). Consumption moves toward needs (the poverty line times household size); surplus is saved and invested; when cash runs out the household borrows informally and then sells assets at a discount.",
        claims: ["C14", "C16", "C17a", "C17b"], affects: "income, consumption, poverty, assets, the economic dimension of empowerment",
        keys {
            poverty_line: f64 = 580_349.0 => Spec::new("Poverty line per person per month; needs = line x household size.").unit(RP_MONTH).range(1.0, 1.0e8).source("BPS rural poverty line, March 2025 (EVIDENCE.md)");
            wage_daily: f64 = 96_000.0 => Spec::new("Daily wage of a worker of average skill and full health.").unit("Rp/day").range(0.0, 1.0e7).plausible(75_000.0, 115_000.0).source("calibration within BPS rural wages (farm labour about Rp 58,000, construction about Rp 95,000 a day, 2024, approx.) so that the baseline gives rural poverty about 11-12% (BPS 2024-25)");
            work_days: f64 = 20.0 => Spec::new("Days of wage work a labour unit can find in a month of full employment.").unit("days/month").range(0.0, 31.0).plausible(16.0, 24.0).source("assumption");
            skill_premium: f64 = 0.8 => Spec::new("Wage gradient in skill: wage x (1 - premium/2 + premium x skill).").unit("ratio").range(0.0, 1.9).plausible(0.5, 1.2).source("assumption: returns to schooling in rural labour markets");
            extra_member_labour: f64 = 0.35 => Spec::new("Labour units added by each household member beyond the first.").unit("units/person").range(0.0, 1.0).plausible(0.25, 0.45).source("assumption: dependency ratio of rural households");
            labour_demand: f64 = 0.8 => Spec::new("Mean share of wage labour supply that finds local work.").share().plausible(0.65, 0.9).source("assumption: rural underemployment");
            labour_demand_spread: f64 = 0.1 => Spec::new("Half-width of the uniform spread of labour demand across villages.").share().plausible(0.0, 0.2).source("assumption");
            outside_work: f64 = 0.2 => Spec::new("Extra employment share reachable outside the village with full information.").share().plausible(0.1, 0.3).source("assumption").claims(&["C18b", "C18e"]);
            return_low: f64 = 0.012 => Spec::new("Monthly return on enterprise capital below the threshold (traditional technology), for average skill at full market access.").unit("per month").range(0.0, 0.5).plausible(0.006, 0.02).source("assumption: subsistence farming and petty trade").claims(&["C17a"]);
            return_high: f64 = 0.045 => Spec::new("Monthly return on enterprise capital at or above the threshold (modern technology), for average skill at full market access.").unit("per month").range(0.0, 0.5).plausible(0.03, 0.07).source("assumption; returns of 4-6% a month to microenterprise capital (de Mel, McKenzie & Woodruff 2008)").claims(&["C17a"]);
            capital_threshold: f64 = 10.0e6 => Spec::new("Capital at which the enterprise switches to the productive technology (the poverty trap, F4).").unit(RP).range(0.0, 1.0e10).plausible(6.0e6, 20.0e6).source("F4 (Balboni et al. 2022: a threshold of initial assets); about the price of a cow or a small shop").claims(&["C14", "C17a"]);
            depreciation: f64 = 0.01 => Spec::new("Monthly depreciation of productive assets.").unit("per month").range(0.0, 0.2).plausible(0.005, 0.02).source("assumption: livestock mortality, tool wear");
            saving_rate: f64 = 0.25 => Spec::new("Share of expected income above needs that the household saves.").share().plausible(0.15, 0.35).source("assumption");
            buffer_months: f64 = 1.0 => Spec::new("Cash buffer the household keeps, in months of needs; cash above it is invested or spent down.").unit("months").range(0.0, 24.0).plausible(0.5, 2.0).source("assumption: buffer-stock saving (Deaton 1991)");
            invest_share: f64 = 0.3 => Spec::new("Share of cash above the buffer invested in productive assets each month.").share().plausible(0.15, 0.5).source("assumption");
            spend_down: f64 = 0.1 => Spec::new("Share of cash above the buffer added to consumption each month.").share().plausible(0.05, 0.2).source("assumption");
            income_smoothing: f64 = 0.2 => Spec::new("Weight of the current month in the household's expected income (exponential average).").share().plausible(0.1, 0.4).source("assumption: consumption smoothing");
            subsistence_share: f64 = 0.74 => Spec::new("Share of needs the household defends by borrowing and selling assets.").share().plausible(0.6, 0.85).source("food share of the poverty line, about 74% (BPS)");
            distress_discount: f64 = 0.3 => Spec::new("Discount on assets sold in distress.").share().plausible(0.15, 0.5).source("assumption: distress sales of livestock and land").claims(&["C14"]);
            informal_interest: f64 = 0.03 => Spec::new("Monthly interest on informal debt (moneylenders, shopkeepers).").unit("per month").range(0.0, 1.0).plausible(0.02, 0.1).source("assumption: informal rural credit");
            informal_limit_months: f64 = 2.0 => Spec::new("Most informal debt a household can carry, in months of needs.").unit("months").range(0.0, 60.0).plausible(1.0, 4.0).source("assumption");
        }
    }

    section demography: Demography {
        title: "Demography (household succession)", doc: "Each month a household is succeeded by the next generation with probability 1/generation_months: the successor keeps a share of the productive assets and cash (siblings leave with the rest: land fragments), has a new size, and inherits skill and capabilities only in part. This is what keeps the distribution of assets stationary: the rich split, the poor get new chances.",
        claims: ["C14"], affects: "the long-run distribution of assets, income and poverty; stability of the baseline",
        keys {
            generation_months: f64 = 300.0 => Spec::new("Mean months between successions of a household (one generation).").unit("months").range(12.0, 2400.0).plausible(240.0, 360.0).source("assumption: a generation of about 25 years");
            inheritance_share: f64 = 0.6 => Spec::new("Share of productive assets and cash the successor household keeps (the rest leaves with siblings).").share().plausible(0.4, 0.8).source("assumption: partible inheritance and land fragmentation in rural Java").claims(&["C14"]);
            persistence: f64 = 0.5 => Spec::new("Weight of the parent household's skill, information, voice, participation and confidence in the successor's (the rest is a fresh draw).").share().plausible(0.3, 0.7).source("assumption: intergenerational persistence of education about 0.4-0.6");
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
            price_floor: f64 = 0.6 => Spec::new("Price received at zero market access, relative to full access.").share().plausible(0.45, 0.75).source("assumption: farm-gate vs market price gaps of 25-50%").claims(&["C17b"]);
            unsold_max: f64 = 0.3 => Spec::new("Share of output that cannot be sold at zero market access.").share().plausible(0.15, 0.45).source("assumption").claims(&["C17b"]);
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
            application_rate: f64 = 0.15 => Spec::new("Monthly chance that an eligible household with a productive use for a loan applies.").unit("per month").range(0.0, 1.0).plausible(0.05, 0.3).source("assumption; take-up 13-31% where loans were offered (F1)");
            fungibility: f64 = 0.25 => Spec::new("Share of a loan consumed rather than invested.").share().plausible(0.1, 0.4).source("assumption: fungibility of microcredit (F1)").claims(&["C17a"]);
            stress_fungibility: f64 = 0.35 => Spec::new("Extra share consumed by a household whose cash is below its buffer.").share().plausible(0.15, 0.5).source("assumption");
            strategic_default: f64 = 0.01 => Spec::new("Monthly chance that a borrower stops paying although it could.").unit("per month").range(0.0, 1.0).plausible(0.0, 0.03).source("assumption; F5: joint liability changed default little");
            arrears_to_default: u32 = 3 => Spec::new("Missed installments after which a loan is written off as a default.").unit("installments").range(1.0, 24.0).source("assumption: standard portfolio-at-risk practice");
            exclusion_months: u32 = 24 => Spec::new("Months a defaulter is excluded from new loans.").unit("months").range(0.0, 600.0).source("assumption");
        }
    }

    section governance: Governance {
        title: "Village governance", doc: "Who decides what program money buys. Transparency and accountability (C9) cut the share that leaks to the elite or to the wish list; deliberation (rembug desa, C7) sets how well needs are found.",
        claims: ["C5", "C7", "C9"], affects: "capture_share, the money that reaches each component's purpose",
        keys {
            transparency: f64 = 0.6 => Spec::new("Village transparency about program money (0..1).").share().plausible(0.4, 0.8).source("assumption; F7: capture small where measured").claims(&["C9"]);
            accountability: f64 = 0.6 => Spec::new("Accountability of village decision makers (0..1).").share().plausible(0.4, 0.8).source("assumption; F7").claims(&["C9"]);
        }
    }

    section program: Program {
        title: "Program", doc: "The intervention: its approach (individual or group), components (capital, infrastructure, institutions, partnership, facilitation), mode (provider or enabler), budget, allocation over villages, start and duration.",
        claims: ["C8", "C16a", "C16b", "C16e", "C17", "C6"], affects: "everything the components reach; program_cost",
        keys {
            approach: Approach = Approach::Individual => Spec::new("Work with individual households or through self-help groups.").unit("choice").source("C16e, C17d").claims(&["C16e", "C17d"]);
            components: Vec<Component> = Vec::new() => Spec::new("The components the budget is spent on; an empty list means no program.").unit("list").source("C17").claims(&["C16a", "C16b", "C17"]);
            mode: Mode = Mode::Enabler => Spec::new("Provider (top-down aid) or enabler (matching contributions, deliberation).").unit("choice").source("C8").claims(&["C4", "C8"]);
            budget: f64 = 0.0 => Spec::new("Whole-program budget, spent evenly over its duration.").unit(RP).range(0.0, 1.0e16).source("structural; EVIDENCE.md for program costs");
            start_month: u32 = 1 => Spec::new("First month of the program (1 = the first simulated month).").unit("month").range(1.0, 1200.0).source("structural");
            duration_months: u32 = 36 => Spec::new("Months the program runs; facilitators leave at its end.").unit("months").range(1.0, 1200.0).source("MODEL.md: a 36-month program");
            allocation: Allocation = Allocation::Uniform => Spec::new("How the budget is spread over covered villages: equally, by number of poor households, or concentrated on the neediest.").unit("choice").source("C6").claims(&["C6"]);
            coverage: f64 = 1.0 => Spec::new("Share of villages the program covers (whole districts first).").share().source("structural");
            concentration: f64 = 0.25 => Spec::new("With allocation = \"concentrated\": the share of covered villages, the neediest first, that receive the budget.").share().range(0.01, 1.0).source("assumption").claims(&["C6"]);
            facilitators: u32 = 0 => Spec::new("Number of facilitators; 0 lets the facilitation share of the budget decide.").unit("count").range(0.0, 10_000_000.0).source("structural").claims(&["C12"]);
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
}
