//! Every word the explorer shows, in English and Bahasa Indonesia.
//!
//! The levers' English one-liners are the registry's own docs
//! (`scenario/defs.rs`, the text `berdaya explain` prints); the Indonesian
//! one-liners are written here, one per lever the page exposes. The full
//! `explain` text exists only in English; the page says so in Indonesian.

use super::engine;
use super::settings::BUDGET_PVY;
use crate::scenario::{Kind, param, show_num};
use serde_json::{Value, json};

/// A lever on the page.
pub struct Lever {
    pub key: &'static str,
    pub group: &'static str,
    /// "choice", "components", "slider" or "number".
    pub widget: &'static str,
    /// Slider or number range and step.
    pub range: (f64, f64, f64),
    pub label: (&'static str, &'static str),
    /// Indonesian one-liner (the English one is the registry doc).
    pub doc_id: &'static str,
}

const fn lever(
    key: &'static str,
    group: &'static str,
    widget: &'static str,
    range: (f64, f64, f64),
    label: (&'static str, &'static str),
    doc_id: &'static str,
) -> Lever {
    Lever {
        key,
        group,
        widget,
        range,
        label,
        doc_id,
    }
}

const NONE: (f64, f64, f64) = (0.0, 0.0, 0.0);
const SHARE: (f64, f64, f64) = (0.0, 1.0, 0.05);

/// The levers, in page order.
pub const LEVERS: &[Lever] = &[
    lever(
        "program.approach",
        "program",
        "choice",
        NONE,
        ("Approach", "Pendekatan"),
        "Bekerja dengan rumah tangga satu per satu atau melalui kelompok swadaya masyarakat.",
    ),
    lever(
        "program.components",
        "program",
        "components",
        NONE,
        ("Components", "Komponen"),
        "Komponen yang dibiayai anggaran; daftar kosong berarti tidak ada program.",
    ),
    lever(
        "program.capital_as",
        "program",
        "choice",
        NONE,
        ("Capital given as", "Modal diberikan sebagai"),
        "Apa yang diberikan komponen modal: pinjaman dari dana bergulir desa, hibah aset produktif untuk rumah tangga termiskin, atau bantuan tunai tanpa syarat dengan nilai yang sama untuk rumah tangga termiskin.",
    ),
    lever(
        "program.mode",
        "program",
        "choice",
        NONE,
        ("Provider or enabler", "Penyedia atau pemampu"),
        "Penyedia (bantuan dari atas) atau pemampu (swadaya: kontribusi masyarakat dan musyawarah).",
    ),
    lever(
        BUDGET_PVY,
        "program",
        "slider",
        (0.0, 1.0e9, 1.0e7),
        ("Budget per village per year", "Anggaran per desa per tahun"),
        "Anggaran program per desa per tahun; total = nilai ini x jumlah desa x lama program / 12.",
    ),
    lever(
        "program.duration_months",
        "program",
        "slider",
        (6.0, 120.0, 6.0),
        ("Program duration", "Lama program"),
        "Berapa bulan program berjalan; pendamping pergi saat program berakhir.",
    ),
    lever(
        "program.allocation",
        "program",
        "choice",
        NONE,
        ("Allocation over villages", "Alokasi antar desa"),
        "Cara anggaran dibagi ke desa: merata, menurut jumlah rumah tangga miskin, atau dipusatkan pada desa paling membutuhkan.",
    ),
    lever(
        "facilitation.kind",
        "facilitators",
        "choice",
        NONE,
        ("Facilitators", "Pendamping"),
        "Profesional (dibayar, penuh waktu) atau relawan (kader, paruh waktu, kurang terampil).",
    ),
    lever(
        "program.facilitators",
        "facilitators",
        "slider",
        (0.0, 40.0, 1.0),
        ("Number of facilitators", "Jumlah pendamping"),
        "Jumlah pendamping; 0 berarti ditentukan oleh porsi anggaran untuk pendampingan.",
    ),
    lever(
        "facilitation.exit_month",
        "facilitators",
        "slider",
        (0.0, 120.0, 1.0),
        ("Facilitators leave in month", "Pendamping pergi pada bulan"),
        "Bulan pendamping pergi; 0 = saat program berakhir.",
    ),
    lever(
        "governance.transparency",
        "village",
        "slider",
        SHARE,
        ("Transparency", "Transparansi"),
        "Keterbukaan desa tentang uang program (0..1).",
    ),
    lever(
        "governance.accountability",
        "village",
        "slider",
        SHARE,
        ("Accountability", "Akuntabilitas"),
        "Akuntabilitas para pengambil keputusan desa (0..1).",
    ),
    lever(
        "governance.elite_power",
        "village",
        "slider",
        SHARE,
        ("Elite power", "Kekuasaan elit"),
        "Kuasa elit desa atas keputusan uang program (0..1).",
    ),
    lever(
        "infrastructure.market_access",
        "village",
        "slider",
        SHARE,
        ("Market access", "Akses pasar"),
        "Rata-rata akses pasar desa di awal (jalan, pasar, gudang; 0..1).",
    ),
    lever(
        "mutual_aid.cohesion",
        "village",
        "slider",
        SHARE,
        ("Gotong royong (cohesion)", "Gotong royong (kohesi)"),
        "Kohesi sosial desa (0..1): porsi uang lebih tetangga yang rela mereka berikan.",
    ),
    lever(
        "population.villages",
        "world",
        "slider",
        (1.0, 20.0, 1.0),
        ("Villages", "Desa"),
        "Jumlah desa yang disimulasikan.",
    ),
    lever(
        "population.households_per_village",
        "world",
        "slider",
        (20.0, 400.0, 10.0),
        ("Households per village", "Rumah tangga per desa"),
        "Rata-rata jumlah rumah tangga per desa.",
    ),
    lever(
        "replications",
        "world",
        "slider",
        (2.0, 20.0, 1.0),
        ("Replications", "Replikasi"),
        "Replikasi independen per lengan (populasi dan guncangan baru setiap kali).",
    ),
    lever(
        "months",
        "world",
        "slider",
        (12.0, 240.0, 12.0),
        ("Months", "Bulan"),
        "Bulan yang disimulasikan setelah masa pemanasan (horizon).",
    ),
    lever(
        "seed",
        "world",
        "number",
        (0.0, 1.0e9, 1.0),
        ("Seed", "Benih acak"),
        "Benih dasar dari mana semua aliran acak diturunkan.",
    ),
];

/// Labels of choices.
const CHOICES: &[(&str, &str, &str)] = &[
    (
        "individual",
        "individual households",
        "rumah tangga individu",
    ),
    ("group", "self-help groups", "kelompok swadaya"),
    ("capital", "capital", "modal"),
    ("infrastructure", "infrastructure", "infrastruktur"),
    (
        "institutions",
        "institutions & training",
        "kelembagaan & pelatihan",
    ),
    ("partnership", "partnerships with firms", "kemitraan usaha"),
    ("facilitation", "facilitation", "pendampingan"),
    (
        "loans",
        "loans (revolving fund)",
        "pinjaman (dana bergulir)",
    ),
    ("grants", "asset grants", "hibah aset"),
    ("cash", "cash transfers", "bantuan tunai"),
    ("provider", "provider", "penyedia"),
    ("enabler", "enabler", "pemampu"),
    ("uniform", "equal per village", "merata per desa"),
    ("need-based", "by number of poor", "menurut jumlah miskin"),
    (
        "concentrated",
        "concentrated on the neediest",
        "dipusatkan pada yang paling butuh",
    ),
    ("professional", "professional", "profesional"),
    ("volunteer", "volunteer (cadre)", "relawan (kader)"),
];

/// Group titles.
const GROUPS: &[(&str, &str, &str)] = &[
    ("program", "Program", "Program"),
    ("facilitators", "Facilitators (pendamping)", "Pendamping"),
    ("village", "The villages", "Desa-desa"),
    ("world", "The simulated world", "Dunia simulasi"),
];

/// Units of the exposed levers.
const UNITS: &[(&str, &str, &str)] = &[
    ("choice", "choice", "pilihan"),
    ("list", "list", "daftar"),
    ("count", "count", "jumlah"),
    ("months", "months", "bulan"),
    ("month", "month", "bulan"),
    ("share 0..1", "share 0..1", "porsi 0..1"),
    ("Rp/village/year", "Rp/village/year", "Rp/desa/tahun"),
    ("villages", "villages", "desa"),
    ("households", "households", "rumah tangga"),
    ("integer", "integer", "bilangan bulat"),
];

/// Metric labels.
const METRIC_LABELS: &[(&str, &str, &str)] = &[
    ("poverty_rate", "Poverty rate", "Tingkat kemiskinan"),
    (
        "mean_consumption_pc",
        "Consumption per person (Rp/month)",
        "Konsumsi per orang (Rp/bulan)",
    ),
    (
        "economic_index",
        "Economic empowerment",
        "Keberdayaan ekonomi",
    ),
    ("social_index", "Social empowerment", "Keberdayaan sosial"),
    (
        "political_index",
        "Political empowerment",
        "Keberdayaan politik",
    ),
    (
        "psychological_index",
        "Psychological empowerment",
        "Keberdayaan psikologis",
    ),
    (
        "empowerment_index",
        "Empowerment index",
        "Indeks keberdayaan",
    ),
    (
        "empowered_share",
        "Share empowered (berdaya)",
        "Porsi rumah tangga berdaya",
    ),
    ("group_share", "Share in a group", "Porsi anggota kelompok"),
];

/// The seed paper's claims in one Indonesian line each (the English lines
/// are `explain::claims()`, from docs/CONCEPTS.md).
const CLAIMS_ID: &[(&str, &str)] = &[
    (
        "C1",
        "pembangunan harus meningkatkan partisipasi dan rasa memiliki, dan harus memberdayakan",
    ),
    (
        "C2",
        "keberdayaan adalah akses pada sumber daya produktif (C2a) dan peran dalam keputusan yang penting (C2b)",
    ),
    (
        "C3",
        "keberdayaan tumbuh dari interaksi dengan pekerja dari luar, para pendamping",
    ),
    (
        "C4",
        "pembangunan dari atas yang mengutamakan pertumbuhan menumbuhkan ketergantungan dan mematikan prakarsa lokal",
    ),
    (
        "C5",
        "program harus memenuhi kebutuhan yang ditemukan lewat analisis, bukan daftar keinginan atau kemauan elit",
    ),
    (
        "C6",
        "anggaran yang dibagi rata ke semua desa memberi masing-masing terlalu sedikit untuk berhasil",
    ),
    (
        "C7",
        "perencanaan hendaknya memakai gotong royong dan rembug desa",
    ),
    (
        "C8",
        "pemerintah beralih dari penyedia menjadi pemampu: pembangunan bertumpu pada kekuatan masyarakat sendiri",
    ),
    (
        "C9",
        "transparansi, partisipasi, manfaat, akuntabilitas dan keberlanjutan",
    ),
    (
        "C10",
        "pendampingan adalah upaya bersama orang miskin dan pekerja untuk merancang, menggerakkan, memecahkan masalah dan menghubungkan",
    ),
    (
        "C11",
        "empat peran pendamping: fasilitator, pendidik, perwakilan, teknis",
    ),
    (
        "C12",
        "pendampingan menentukan berhasil tidaknya program penanggulangan kemiskinan",
    ),
    (
        "C13",
        "memberdayakan berarti memberi daya dan memberi kemampuan",
    ),
    (
        "C14",
        "kekuasaan berasal dari penguasaan faktor produksi; pemusatannya memecah masyarakat",
    ),
    (
        "C15",
        "keberdayaan berdimensi sosial, politik dan psikologis, dimulai dari rumah tangga",
    ),
    ("C16", "pemberdayaan ekonomi harus multi-aspek"),
    ("C16a", "bukan satu bagian pohon saja"),
    (
        "C16b",
        "bukan modal bergulir saja: juga kelembagaan, manusia, infrastruktur, posisi tawar",
    ),
    ("C16c", "kemitraan usaha mikro, kecil, menengah dan besar"),
    ("C16d", "menuju ekonomi rakyat yang tangguh dan efisien"),
    ("C16e", "melalui kelompok, bukan perorangan"),
    ("C17", "lima komponen program-program Indonesia"),
    (
        "C17a",
        "modal bergulir: akumulasi yang lambat menahan usaha kecil",
    ),
    (
        "C17b",
        "infrastruktur: hasil yang tidak terjual, atau terjual terlalu murah, tidak menolong siapa pun",
    ),
    (
        "C17c",
        "pendampingan: belajar, refleksi, menjembatani kemitraan",
    ),
    (
        "C17d",
        "kelembagaan: pendekatan kelompok, karena modal harus dihimpun bersama",
    ),
    (
        "C17e",
        "kemitraan: usaha besar tumbuh bersama usaha kecil, dan sebaliknya",
    ),
    ("C18", "lima kegiatan pendampingan"),
    (
        "C18a",
        "motivasi: membentuk kelompok, meningkatkan pendapatan dengan sumber daya sendiri",
    ),
    (
        "C18b",
        "penyadaran dan keterampilan: kesehatan, keterampilan kerja, lapangan kerja",
    ),
    (
        "C18c",
        "manajemen diri: pemimpin, pertemuan, pencatatan, simpan pinjam, konflik; lalu mundur",
    ),
    (
        "C18d",
        "mobilisasi sumber daya: tabungan rutin dihimpun menjadi modal sosial",
    ),
    (
        "C18e",
        "jaringan: hubungan dengan sistem di sekitar kelompok",
    ),
    (
        "C19",
        "tujuan yang berkelanjutan; awasi siapa yang menguasai faktor produksi",
    ),
];

/// The Indonesian line of a claim, or of its parent claim (`C2a` → `C2`)
/// when the part has none of its own.
fn claim_id(c: &str) -> &'static str {
    let find = |c: &str| CLAIMS_ID.iter().find(|(k, _)| *k == c).map(|(_, t)| *t);
    find(c)
        .or_else(|| find(c.trim_end_matches(|ch: char| ch.is_ascii_lowercase())))
        .unwrap_or("")
}

/// Interface strings: (id, English, Indonesian).
const UI: &[(&str, &str, &str)] = &[
    ("title", "berdaya explorer", "penjelajah berdaya"),
    (
        "subtitle",
        "Move a lever: the model runs and draws month by month.",
        "Geser tuas: model berjalan dan menggambar bulan demi bulan.",
    ),
    ("lang", "Bahasa Indonesia", "English"),
    ("compare", "Compare", "Bandingkan"),
    (
        "compare_control",
        "my program vs no program",
        "program saya vs tanpa program",
    ),
    (
        "compare_all",
        "all four strategies too",
        "juga keempat strategi",
    ),
    (
        "export",
        "Export scenario (.toml)",
        "Ekspor skenario (.toml)",
    ),
    ("pin", "Pin this run", "Sematkan hasil ini"),
    ("unpin", "Unpin", "Lepas sematan"),
    ("pinned", "pinned", "disematkan"),
    ("reset", "Reset levers", "Atur ulang tuas"),
    ("running", "running", "berjalan"),
    (
        "setup",
        "building the villages and the 60-month burn-in",
        "membangun desa dan pemanasan 60 bulan",
    ),
    ("done", "done", "selesai"),
    ("cancelled", "cancelled", "dibatalkan"),
    ("month", "month", "bulan"),
    (
        "first_month",
        "first month drawn after",
        "bulan pertama tergambar setelah",
    ),
    ("full_run", "full run after", "seluruh run selesai setelah"),
    ("households", "households", "rumah tangga"),
    ("replications_n", "replications", "replikasi"),
    (
        "band",
        "lines: mean over replications; band: its 95% confidence interval",
        "garis: rata-rata antar replikasi; pita: selang kepercayaan 95%",
    ),
    (
        "effects",
        "Effects against no program",
        "Dampak dibanding tanpa program",
    ),
    (
        "effects_note",
        "paired difference over replications (same villages, same shocks), 95% CI; the numbers `berdaya run` writes to effects.csv",
        "selisih berpasangan antar replikasi (desa dan guncangan yang sama), SK 95%; angka yang ditulis `berdaya run` ke effects.csv",
    ),
    (
        "program_end",
        "at the program's end",
        "saat program berakhir",
    ),
    ("horizon_end", "at the horizon", "di akhir horizon"),
    ("ten_years", "ten years on", "sepuluh tahun kemudian"),
    ("metric", "measure", "ukuran"),
    ("arm", "arm", "lengan"),
    ("control", "no program", "tanpa program"),
    ("program", "my program", "program saya"),
    (
        "village",
        "A village, household by household",
        "Satu desa, rumah tangga demi rumah tangga",
    ),
    (
        "village_note",
        "village 1 of replication 1 of my program; each dot a household, in the order of the village's neighbour network",
        "desa 1 dari replikasi 1 program saya; tiap titik satu rumah tangga, menurut urutan jaringan tetangga desa",
    ),
    ("colour_by", "colour by", "warna menurut"),
    ("by_poverty", "poverty", "kemiskinan"),
    ("by_empowerment", "empowerment", "keberdayaan"),
    ("play", "Play", "Putar"),
    ("pause", "Pause", "Jeda"),
    ("step_back", "Step back", "Mundur"),
    ("step", "Step", "Maju"),
    ("poor", "poor", "miskin"),
    ("not_poor", "not poor", "tidak miskin"),
    (
        "group_legend",
        "arc: a self-help group",
        "busur: satu kelompok swadaya",
    ),
    (
        "visit_legend",
        "ring: a facilitator worked with it this month",
        "cincin: didampingi pendamping bulan ini",
    ),
    (
        "contract_legend",
        "line to the firm: sells under a partnership contract",
        "garis ke perusahaan: menjual dengan kontrak kemitraan",
    ),
    (
        "elite_legend",
        "square: elite household",
        "kotak: rumah tangga elit",
    ),
    ("firm", "firm", "perusahaan"),
    ("groups_active", "active groups", "kelompok aktif"),
    (
        "facilitators_working",
        "facilitators working",
        "pendamping bekerja",
    ),
    ("facilitators_gone", "no facilitators", "tanpa pendamping"),
    (
        "facts",
        "Stylized facts of field experiments",
        "Fakta empiris dari eksperimen lapangan",
    ),
    (
        "facts_note",
        "Checking F1-F12 runs the evidence experiment (24 replications of 10 villages x 200 households, as `berdaya evidence` does, about 15 seconds on two idle cores), so it runs when you ask, with these settings on its base.",
        "Memeriksa F1-F12 menjalankan eksperimen bukti (24 replikasi 10 desa x 200 rumah tangga, seperti `berdaya evidence`, sekitar 15 detik pada dua inti yang menganggur), jadi dijalankan saat diminta, dengan pengaturan ini.",
    ),
    (
        "facts_run",
        "Check the facts for these settings",
        "Periksa fakta untuk pengaturan ini",
    ),
    ("holds", "holds", "berlaku"),
    (
        "holds_noise",
        "holds, within Monte Carlo noise",
        "berlaku, dalam batas galat Monte Carlo",
    ),
    ("fails", "fails", "tidak berlaku"),
    ("rule", "needs", "syarat"),
    ("field", "field", "lapangan"),
    ("model", "model", "model"),
    ("more", "full explanation", "penjelasan lengkap"),
    (
        "more_en_only",
        "(berdaya explain; in English)",
        "(berdaya explain; dalam bahasa Inggris)",
    ),
    ("claims", "claims", "klaim"),
    (
        "total_budget",
        "total program budget",
        "total anggaran program",
    ),
    ("default", "default", "bawaan"),
    (
        "other_settings",
        "Other settings from the file",
        "Pengaturan lain dari berkas",
    ),
    ("opened", "opened", "dibuka"),
    (
        "problems",
        "The model refuses these settings:",
        "Model menolak pengaturan ini:",
    ),
    (
        "bigger",
        "This world is larger than a classroom one; runs take longer.",
        "Dunia ini lebih besar dari ukuran kelas; run lebih lama.",
    ),
    (
        "server_gone",
        "The explorer's server stopped; start `berdaya explore` again.",
        "Server penjelajah berhenti; jalankan lagi `berdaya explore`.",
    ),
    ("pct", "change", "perubahan"),
    ("arms", "arms", "lengan"),
    ("none_yet", "no run yet", "belum ada run"),
    ("months_suffix", "months", "bulan"),
    (
        "per_village_year",
        "Rp per village per year",
        "Rp per desa per tahun",
    ),
    (
        "zero_exit",
        "0 = when the program ends",
        "0 = saat program berakhir",
    ),
    (
        "zero_fac",
        "0 = from the budget's facilitation share",
        "0 = dari porsi anggaran pendampingan",
    ),
];

fn choice_labels() -> Value {
    let mut en = serde_json::Map::new();
    let mut id = serde_json::Map::new();
    for (k, e, i) in CHOICES {
        en.insert(k.to_string(), Value::from(*e));
        id.insert(k.to_string(), Value::from(*i));
    }
    json!({"en": en, "id": id})
}

fn table(rows: &[(&str, &str, &str)]) -> Value {
    let mut en = serde_json::Map::new();
    let mut id = serde_json::Map::new();
    for (k, e, i) in rows {
        en.insert(k.to_string(), Value::from(*e));
        id.insert(k.to_string(), Value::from(*i));
    }
    json!({"en": en, "id": id})
}

/// Everything the page needs to draw its levers and words.
pub fn meta() -> Value {
    let levers: Vec<Value> = LEVERS
        .iter()
        .map(|l| {
            let info = param(l.key);
            let (doc_en, unit, default, min, max, plausible, claims, choices, source) = match info {
                Some(p) => (
                    p.spec.doc.to_string(),
                    p.spec.unit,
                    serde_json::to_value(&p.default).unwrap_or(Value::Null),
                    p.spec.min,
                    p.spec.max,
                    p.spec.plausible,
                    p.spec.claims.to_vec(),
                    match &p.kind {
                        Kind::Choice(c) | Kind::ChoiceList(c) => c.to_vec(),
                        _ => Vec::new(),
                    },
                    p.spec.source,
                ),
                None => (
                    "Program budget per village per year; the scenario's program.budget (the whole program's, spent evenly over its duration) is this x villages x duration / 12.".to_string(),
                    "Rp/village/year",
                    Value::from(0.0),
                    0.0,
                    f64::INFINITY,
                    None,
                    param("program.budget").map(|p| p.spec.claims.to_vec()).unwrap_or_default(),
                    Vec::new(),
                    "explorer; converted to program.budget",
                ),
            };
            let num = |x: f64| if x.is_finite() { Value::from(x) } else { Value::Null };
            json!({
                "key": l.key,
                "group": l.group,
                "widget": l.widget,
                "range": [l.range.0, l.range.1, l.range.2],
                "label": {"en": l.label.0, "id": l.label.1},
                "doc": {"en": doc_en, "id": l.doc_id},
                "unit": unit,
                "default": default,
                "min": num(min),
                "max": num(max),
                "limits": match (min.is_finite(), max.is_finite()) {
                    (true, true) => format!("{} – {}", show_num(min), show_num(max)),
                    (true, false) => format!("≥ {}", show_num(min)),
                    _ => String::new(),
                },
                "plausible": plausible.map(|(a, b)| format!("{} – {}", show_num(a), show_num(b))),
                "source": source,
                "explain": if info.is_some() { l.key } else { "program.budget" },
                "claims": claims.iter().map(|c| json!({"id": c, "text": {"en": engine::claim_text(c), "id": claim_id(c)}})).collect::<Vec<_>>(),
                "choices": choices,
            })
        })
        .collect();
    json!({
        "levers": levers,
        "choices": choice_labels(),
        "groups": table(GROUPS),
        "metrics": table(METRIC_LABELS),
        "units": table(UNITS),
        "group_order": GROUPS.iter().map(|g| g.0).collect::<Vec<_>>(),
        "metric_order": engine::METRICS.iter().map(|(m, _)| *m).collect::<Vec<_>>(),
        "ui": table(UI),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lever_is_a_registry_key_or_the_budget() {
        for l in LEVERS {
            assert!(l.key == BUDGET_PVY || param(l.key).is_some(), "{}", l.key);
            assert!(!l.doc_id.is_empty() && !l.label.1.is_empty());
        }
    }

    #[test]
    fn every_claim_has_an_indonesian_line() {
        for e in crate::explain::claims() {
            assert!(!claim_id(e.id).is_empty(), "{}", e.id);
        }
        for (c, _) in CLAIMS_ID {
            assert!(
                crate::explain::claims().iter().any(|e| e.id == *c),
                "{c} is not a claim of docs/CONCEPTS.md"
            );
        }
    }

    #[test]
    fn every_unit_has_both_labels() {
        for l in LEVERS {
            let unit = param(l.key).map_or("Rp/village/year", |p| p.spec.unit);
            assert!(
                UNITS.iter().any(|(u, _, _)| *u == unit),
                "{}: {unit}",
                l.key
            );
        }
    }

    #[test]
    fn every_choice_has_both_labels() {
        for l in LEVERS {
            if let Some(p) = param(l.key)
                && let Kind::Choice(c) | Kind::ChoiceList(c) = &p.kind
            {
                for x in *c {
                    assert!(CHOICES.iter().any(|(k, _, _)| k == x), "{x}");
                }
            }
        }
        assert_eq!(METRIC_LABELS.len(), engine::METRICS.len());
    }
}
