//! Every word of the brief in English and Bahasa Indonesia. The fixed words
//! are the fields of [`Words`]: a language that misses one does not compile.
//! Sentences with numbers in them are functions of [`Lang`] here or in
//! `findings.rs`; arm names and the scenario's own description are the
//! user's words and are shown as written.

use super::lang::Lang;

impl Lang {
    /// The fixed words of the brief in this language.
    pub fn words(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Id => &ID,
        }
    }
}

/// The fixed words of the brief.
pub struct Words {
    pub title: &'static str,
    pub generated_by: &'static str,
    pub question: &'static str,
    pub arms: &'static str,
    pub arm: &'static str,
    pub what_it_does: &'static str,
    pub note_in_file: &'static str,
    pub key_findings: &'static str,
    pub headline: &'static str,
    pub no_program_level: &'static str,
    pub effect_vs_control: &'static str,
    pub interval_95: &'static str,
    pub model_interval: &'static str,
    pub p_better: &'static str,
    pub mc_only_note: &'static str,
    pub model_note: &'static str,
    /// `model_note` when the draws were PERT around the defaults.
    pub model_note_pert: &'static str,
    /// `model_note` when the draws came from a calibration's posterior.
    pub model_note_posterior: &'static str,
    pub cost: &'static str,
    pub cost_cols: [&'static str; 6],
    pub cost_note: &'static str,
    pub who_gains: &'static str,
    pub percentile: &'static str,
    pub who_gains_note: &'static str,
    pub powerless: &'static str,
    pub powerless_cols: [&'static str; 3],
    pub lasts: &'static str,
    pub lasts_cols: [&'static str; 5],
    pub lasts_note: &'static str,
    pub facts: &'static str,
    pub facts_cols: [&'static str; 3],
    pub facts_missing: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// A fact that holds on the means but within Monte Carlo noise.
    pub yes_noise: &'static str,
    pub caveats: &'static str,
    pub repro: &'static str,
    pub repro_rows: [&'static str; 6],
    pub checksums_note: &'static str,
    pub no_comparison: &'static str,
    pub chart_effects: &'static str,
    pub chart_effects_desc: &'static str,
    pub chart_poverty: &'static str,
    pub chart_poverty_desc: &'static str,
    pub chart_quantiles: &'static str,
    pub chart_quantiles_desc: &'static str,
    pub month: &'static str,
    pub program_end_short: &'static str,
    pub horizon_short: &'static str,
    pub no_program: &'static str,
    pub not_estimated: &'static str,
}

pub static EN: Words = Words {
    title: "Policy brief",
    generated_by: "Simulated with berdaya, an agent-based model of community empowerment programs in Indonesian villages. Every number below comes from the files of one run folder.",
    question: "The question",
    arms: "The options compared",
    arm: "Arm",
    what_it_does: "What it does",
    note_in_file: "Note in the scenario file",
    key_findings: "Key findings",
    headline: "Headline results",
    no_program_level: "Without a program (level)",
    effect_vs_control: "effect against no program",
    interval_95: "95% interval",
    model_interval: "model interval",
    p_better: "P(better than no program) =",
    mc_only_note: "The 95% intervals show Monte Carlo noise only: how much the result would move with other random draws at these parameter values. They say nothing about whether the parameter values are right.",
    model_note: "Second line: the median effect and its 90% interval over plausible parameter values (model uncertainty).",
    model_note_pert: "Second line: the median effect and its 90% interval over parameter values drawn near the defaults (each most likely at its default, within its plausible range: model uncertainty around the best estimate).",
    model_note_posterior: "Second line: the median effect and its 90% interval over parameter values drawn from a calibration's posterior (model uncertainty given the calibration targets).",
    cost: "Cost-effectiveness",
    cost_cols: [
        "Program cost (discounted)",
        "Households out of poverty at the program's end",
        "Household-years out of poverty (discounted)",
        "Cost per household-year out of poverty",
        "Consumption gained (discounted)",
        "Consumption gained per rupiah",
    ],
    cost_note: "Costs and gains are summed month by month through the horizon and discounted to the program's first month. Intervals are 95% over replications.",
    who_gains: "Who gains",
    percentile: "Percentile of consumption per person",
    who_gains_note: "Change in consumption per person at each percentile against no program, in percent of the control's percentile, with 95% intervals.",
    powerless: "Who stays powerless",
    powerless_cols: [
        "Arm",
        "Not empowered at the program's end",
        "Not empowered at the horizon",
    ],
    lasts: "What lasts after the facilitators leave",
    lasts_cols: [
        "Arm",
        "Outcome",
        "Effect at the program's end",
        "Effect at the horizon",
        "Share that remains (95% interval)",
    ],
    lasts_note: "Share that remains: the effect at the horizon divided by the effect at the program's end (1 = all of it remains; above 1 = it grew), with a bootstrap 95% interval.",
    facts: "Stylized facts of field experiments",
    facts_cols: ["Fact", "Holds", "What the model gives"],
    facts_missing: "This run folder has no check of the stylized facts of field experiments. Run `berdaya evidence --out DIR` to check them; put the evidence.csv it writes into this folder and make the brief again to show them here.",
    yes: "yes",
    no: "no",
    yes_noise: "yes, within Monte Carlo noise",
    caveats: "Caveats",
    repro: "Reproducibility",
    repro_rows: [
        "Version",
        "Commit",
        "Seed",
        "Replications",
        "Command",
        "Rerun",
    ],
    checksums_note: "SHA-256 checksums of the run's files (manifest.json is left out: it records the wall time).",
    no_comparison: "This run has no arm named `control`, so nothing is compared with no program: the brief shows levels only. Add a control arm (no program) to the experiment to get effects.",
    chart_effects: "Effects against no program",
    chart_effects_desc: "Points: mean paired difference; bars: 95% intervals; filled: at the program's end; open: at the horizon.",
    chart_poverty: "Poverty rate over time",
    chart_poverty_desc: "Mean over replications with 95% band; dashed line: the program's end.",
    chart_quantiles: "Change in consumption per person by percentile",
    chart_quantiles_desc: "At the horizon, in percent of the control's percentile, with 95% intervals.",
    month: "Month",
    program_end_short: "program end",
    horizon_short: "horizon",
    no_program: "No program: the comparison every other arm is measured against.",
    not_estimated: "not estimated",
};

pub static ID: Words = Words {
    title: "Ringkasan kebijakan",
    generated_by: "Disimulasikan dengan berdaya, model berbasis agen untuk program pemberdayaan masyarakat di desa-desa Indonesia. Setiap angka di bawah berasal dari berkas-berkas satu folder hasil simulasi.",
    question: "Pertanyaan",
    arms: "Pilihan yang dibandingkan",
    arm: "Pilihan",
    what_it_does: "Isinya",
    note_in_file: "Catatan dalam berkas skenario",
    key_findings: "Temuan utama",
    headline: "Hasil utama",
    no_program_level: "Tanpa program (tingkat)",
    effect_vs_control: "dampak dibanding tanpa program",
    interval_95: "selang 95%",
    model_interval: "selang model",
    p_better: "P(lebih baik daripada tanpa program) =",
    mc_only_note: "Selang 95% hanya menunjukkan derau Monte Carlo: seberapa jauh hasil akan bergeser dengan undian acak lain pada nilai parameter yang sama. Selang ini tidak mengatakan apa pun tentang benar tidaknya nilai parameter.",
    model_note: "Baris kedua: median dampak dan selang 90%-nya pada rentang nilai parameter yang masuk akal (ketidakpastian model).",
    model_note_pert: "Baris kedua: median dampak dan selang 90%-nya pada nilai parameter yang diundi di sekitar nilai bawaan (masing-masing paling mungkin di nilai bawaannya, di dalam rentang yang masuk akal: ketidakpastian model di sekitar taksiran terbaik).",
    model_note_posterior: "Baris kedua: median dampak dan selang 90%-nya pada nilai parameter yang diundi dari posterior sebuah kalibrasi (ketidakpastian model dengan target kalibrasi).",
    cost: "Efektivitas biaya",
    cost_cols: [
        "Biaya program (didiskonto)",
        "Rumah tangga keluar dari kemiskinan pada akhir program",
        "Rumah tangga-tahun keluar dari kemiskinan (didiskonto)",
        "Biaya per rumah tangga-tahun keluar dari kemiskinan",
        "Tambahan konsumsi (didiskonto)",
        "Tambahan konsumsi per rupiah",
    ],
    cost_note: "Biaya dan manfaat dijumlahkan per bulan hingga akhir periode simulasi dan didiskonto ke bulan pertama program. Selang adalah selang 95% antarulangan.",
    who_gains: "Siapa yang diuntungkan",
    percentile: "Persentil konsumsi per kapita",
    who_gains_note: "Perubahan konsumsi per kapita pada setiap persentil dibanding tanpa program, dalam persen dari persentil kelompok kontrol, dengan selang 95%.",
    powerless: "Siapa yang tetap tidak berdaya",
    powerless_cols: [
        "Pilihan",
        "Tidak berdaya pada akhir program",
        "Tidak berdaya pada akhir periode",
    ],
    lasts: "Apa yang bertahan setelah pendamping pergi",
    lasts_cols: [
        "Pilihan",
        "Hasil",
        "Dampak pada akhir program",
        "Dampak pada akhir periode",
        "Bagian yang bertahan (selang 95%)",
    ],
    lasts_note: "Bagian yang bertahan: dampak pada akhir periode dibagi dampak pada akhir program (1 = seluruhnya bertahan; di atas 1 = bertambah), dengan selang bootstrap 95%.",
    facts: "Fakta empiris dari eksperimen lapangan",
    facts_cols: ["Fakta", "Terpenuhi", "Hasil model"],
    facts_missing: "Folder ini belum memuat pemeriksaan fakta empiris dari eksperimen lapangan. Jalankan `berdaya evidence --out DIR` untuk memeriksanya; taruh evidence.csv yang dihasilkannya di folder ini lalu buat ringkasan ini lagi agar fakta tersebut tampil di sini.",
    yes: "ya",
    no: "tidak",
    yes_noise: "ya, dalam batas galat Monte Carlo",
    caveats: "Catatan kehati-hatian",
    repro: "Reproduksibilitas",
    repro_rows: [
        "Versi",
        "Commit",
        "Seed",
        "Ulangan",
        "Perintah",
        "Mengulang",
    ],
    checksums_note: "Checksum SHA-256 berkas-berkas hasil (manifest.json tidak disertakan: berkas itu mencatat lama waktu proses).",
    no_comparison: "Simulasi ini tidak memiliki pilihan bernama `control`, jadi tidak ada yang dibandingkan dengan tanpa program: ringkasan ini hanya menampilkan tingkat. Tambahkan pilihan kontrol (tanpa program) ke eksperimen untuk mendapatkan dampak.",
    chart_effects: "Dampak dibanding tanpa program",
    chart_effects_desc: "Titik: rata-rata selisih berpasangan; garis: selang 95%; titik penuh: akhir program; titik kosong: akhir periode.",
    chart_poverty: "Angka kemiskinan dari waktu ke waktu",
    chart_poverty_desc: "Rata-rata antarulangan dengan pita 95%; garis putus-putus: akhir program.",
    chart_quantiles: "Perubahan konsumsi per kapita menurut persentil",
    chart_quantiles_desc: "Pada akhir periode, dalam persen dari persentil kelompok kontrol, dengan selang 95%.",
    month: "Bulan",
    program_end_short: "akhir program",
    horizon_short: "akhir periode",
    no_program: "Tanpa program: pembanding bagi semua pilihan lain.",
    not_estimated: "tidak diperkirakan",
};

/// "month 36" / "bulan ke-36".
pub fn month(m: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("month {m}"),
        Lang::Id => format!("bulan ke-{m}"),
    }
}

/// "3 years" / "3 tahun" (whole or one decimal).
pub fn years(months: u32, lang: Lang) -> String {
    let y = months as f64 / 12.0;
    let v = if (y - y.round()).abs() < 1e-9 {
        format!("{}", y.round() as i64)
    } else {
        super::numbers::fixed(y, 1, lang, false)
    };
    match lang {
        Lang::En if v == "1" => "1 year".into(),
        Lang::En => format!("{v} years"),
        Lang::Id => format!("{v} tahun"),
    }
}

/// Column header for a time point: "At the program's end (month 36)".
pub fn at_program_end(m: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("At the program's end (month {m})"),
        Lang::Id => format!("Akhir program (bulan ke-{m})"),
    }
}

pub fn at_horizon(m: u32, end: Option<u32>, lang: Lang) -> String {
    match (end, lang) {
        (Some(e), Lang::En) if m > e => {
            format!("{} later (month {m})", capitalize(&years(m - e, lang)))
        }
        (Some(e), Lang::Id) if m > e => {
            format!("{} kemudian (bulan ke-{m})", years(m - e, lang))
        }
        (_, Lang::En) => format!("At the horizon (month {m})"),
        (_, Lang::Id) => format!("Akhir periode (bulan ke-{m})"),
    }
}

/// Two-line time label for tables (HTML): "Month 36<br>program end".
pub fn when_short(m: u32, end: Option<u32>, lang: Lang) -> String {
    let w = lang.words();
    let second = match end {
        None => w.program_end_short.to_string(),
        Some(e) if m > e => match lang {
            Lang::En => format!("{} later", years(m - e, lang)),
            Lang::Id => format!("{} kemudian", years(m - e, lang)),
        },
        Some(_) => w.horizon_short.to_string(),
    };
    format!("{} {m}<br><span class=\"note\">{second}</span>", w.month)
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Plain words for a program component.
pub fn component(name: &str, lang: Lang) -> String {
    let (en, id) = match name {
        "capital" => ("capital (a revolving fund)", "modal (dana bergulir)"),
        "infrastructure" => ("village infrastructure", "infrastruktur desa"),
        "institutions" => (
            "training and local institutions",
            "pelatihan dan kelembagaan lokal",
        ),
        "partnership" => ("partnerships with firms", "kemitraan dengan dunia usaha"),
        "facilitation" => ("facilitators", "pendamping (fasilitator)"),
        other => (other, other),
    };
    match lang {
        Lang::En => en.into(),
        Lang::Id => id.into(),
    }
}

pub fn approach(name: &str, lang: Lang) -> String {
    match (name, lang) {
        ("individual", Lang::En) => "to households one by one (individual approach)".into(),
        ("individual", Lang::Id) => "langsung ke rumah tangga (pendekatan individu)".into(),
        ("group", Lang::En) => "through self-help groups (group approach)".into(),
        ("group", Lang::Id) => "melalui kelompok swadaya masyarakat (pendekatan kelompok)".into(),
        (other, Lang::En) => format!("{other} approach"),
        (other, Lang::Id) => format!("pendekatan {other}"),
    }
}

pub fn mode(name: &str, lang: Lang) -> String {
    match (name, lang) {
        ("enabler", Lang::En) => "villagers decide what is built (enabler)".into(),
        ("enabler", Lang::Id) => "warga memutuskan apa yang dibangun (pemberdaya)".into(),
        ("provider", Lang::En) => "the program decides and delivers (provider)".into(),
        ("provider", Lang::Id) => "program memutuskan dan menyediakan (penyedia)".into(),
        (other, _) => other.into(),
    }
}

pub fn allocation(name: &str, lang: Lang) -> String {
    match (name, lang) {
        ("uniform", Lang::En) => "money spread evenly over the villages".into(),
        ("uniform", Lang::Id) => "dana dibagi rata antardesa".into(),
        ("need-based", Lang::En) => "more money to the poorer villages".into(),
        ("need-based", Lang::Id) => "dana lebih banyak ke desa yang lebih miskin".into(),
        ("concentrated", Lang::En) => "money concentrated on a few villages".into(),
        ("concentrated", Lang::Id) => "dana dipusatkan di beberapa desa".into(),
        (other, _) => other.into(),
    }
}

/// The question of an experiment, in plain words.
pub fn question(
    options: usize,
    villages: u32,
    households: u32,
    end: Option<u32>,
    horizon: u32,
    lang: Lang,
) -> String {
    let v = super::numbers::count(villages as f64, lang);
    let h = super::numbers::count(households as f64, lang);
    match (end, lang) {
        (Some(e), Lang::En) => format!(
            "What does each of these {options} program designs do for poverty, consumption and empowerment in {v} villages of {h} households, compared with no program: at the program's end (month {e}), and {} later (month {horizon}), after the facilitators have left?",
            years(horizon.saturating_sub(e), lang)
        ),
        (Some(e), Lang::Id) => format!(
            "Apa dampak masing-masing dari {options} rancangan program ini terhadap kemiskinan, konsumsi, dan keberdayaan di {v} desa dengan {h} rumah tangga per desa, dibanding tanpa program: pada akhir program (bulan ke-{e}), dan {} kemudian (bulan ke-{horizon}), setelah pendamping pergi?",
            years(horizon.saturating_sub(e), lang)
        ),
        (None, Lang::En) => format!(
            "What happens to poverty, consumption and empowerment in {v} villages of {h} households over {horizon} months under {options} setting(s)?"
        ),
        (None, Lang::Id) => format!(
            "Apa yang terjadi pada kemiskinan, konsumsi, dan keberdayaan di {v} desa dengan {h} rumah tangga per desa selama {horizon} bulan pada {options} pengaturan?"
        ),
    }
}

/// "Rp 12 billion over 36 months from month 1".
pub fn budget_words(budget: &str, months: u32, start: u32, lang: Lang) -> String {
    match lang {
        Lang::En => format!("{budget} over {months} months from month {start}"),
        Lang::Id => format!("{budget} selama {months} bulan mulai bulan ke-{start}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn horizons_in_words() {
        assert_eq!(
            at_horizon(120, Some(36), Lang::En),
            "7 years later (month 120)"
        );
        assert_eq!(
            at_horizon(120, Some(36), Lang::Id),
            "7 tahun kemudian (bulan ke-120)"
        );
        assert_eq!(years(18, Lang::Id), "1,5 tahun");
    }
}
