//! The HTTP side: `tiny_http` on 127.0.0.1, a thread per request (at most
//! [`MAX_ACTIVE`] at once), request bodies capped at [`MAX_BODY`] bytes, only
//! the embedded files and the API answered, everything else a 404. Event
//! streams are written straight to the socket and flushed after every event,
//! so the page sees a month as soon as it is computed; a write that fails (the
//! page went away) or a newer run from the same page stops the run.

use super::engine::{self, Event};
use super::settings::{self, Compare, PageIssue};
use super::{assets, i18n};
use crate::error::Result;
use serde_json::{Map, Value, json};
use std::collections::HashMap;
use std::io::{Read, Write};
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tiny_http::{Header, Method, Request, Response};

/// Largest request body read (bytes).
pub const MAX_BODY: usize = 64 * 1024;
/// Longest request path with its query.
pub const MAX_URL: usize = 2048;
/// Requests handled at once; more get a 503.
pub const MAX_ACTIVE: usize = 32;
/// Households x replications x arms x months above which a run is refused
/// (a live page is not the place for a national run).
pub const MAX_HOUSEHOLD_MONTHS: f64 = 2.0e8;

/// What the page starts from.
pub struct Initial {
    pub settings: Map<String, Value>,
    pub file: Option<String>,
    pub arm: Option<String>,
}

struct Shared {
    initial: Initial,
    port: u16,
    /// Latest run per page (client id): an older run sees a newer number and stops.
    runs: Mutex<HashMap<String, u64>>,
    counter: AtomicU64,
    active: AtomicUsize,
}

pub struct Server {
    http: tiny_http::Server,
    shared: Arc<Shared>,
}

impl Server {
    /// Listens on 127.0.0.1:`port` (0: any free port).
    pub fn bind(port: u16, initial: Initial) -> Result<Server> {
        let http =
            tiny_http::Server::http(("127.0.0.1", port)).map_err(|e| super::bind_error(port, e))?;
        let port = http.server_addr().to_ip().map(|a| a.port()).unwrap_or(port);
        Ok(Server {
            http,
            shared: Arc::new(Shared {
                initial,
                port,
                runs: Mutex::new(HashMap::new()),
                counter: AtomicU64::new(0),
                active: AtomicUsize::new(0),
            }),
        })
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}/", self.shared.port)
    }

    /// Answers requests until the process ends.
    pub fn serve(self) {
        for request in self.http.incoming_requests() {
            let shared = Arc::clone(&self.shared);
            if shared.active.fetch_add(1, Ordering::SeqCst) >= MAX_ACTIVE {
                shared.active.fetch_sub(1, Ordering::SeqCst);
                let _ = request.respond(text(503, "busy: too many requests at once"));
                continue;
            }
            let spawned = std::thread::Builder::new()
                .name("explore-request".into())
                .spawn(move || {
                    // a bug in a handler costs that request only, never the server
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                        handle(&shared, request)
                    }));
                    shared.active.fetch_sub(1, Ordering::SeqCst);
                });
            if spawned.is_err() {
                self.shared.active.fetch_sub(1, Ordering::SeqCst);
            }
        }
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes()).unwrap_or_else(|_| {
        Header::from_bytes(&b"X-Invalid"[..], &b"1"[..]).expect("static header")
    })
}

fn security_headers<R: Read>(r: Response<R>) -> Response<R> {
    r.with_header(header("Cache-Control", "no-store"))
        .with_header(header("X-Content-Type-Options", "nosniff"))
        .with_header(header(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; connect-src 'self'",
        ))
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    security_headers(
        Response::from_data(body.as_bytes().to_vec())
            .with_status_code(status)
            .with_header(header("Content-Type", "text/plain; charset=utf-8")),
    )
}

fn json_response(status: u16, v: &Value) -> Response<std::io::Cursor<Vec<u8>>> {
    security_headers(
        Response::from_data(v.to_string().into_bytes())
            .with_status_code(status)
            .with_header(header("Content-Type", "application/json")),
    )
}

/// Only this server's own address may be asked (a page elsewhere cannot
/// reach it through a name that resolves to 127.0.0.1).
fn host_ok(req: &Request, port: u16) -> bool {
    let host = req
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_string());
    match host {
        Some(h) => h == format!("127.0.0.1:{port}") || h == format!("localhost:{port}"),
        None => false,
    }
}

fn read_body(req: &mut Request) -> std::result::Result<Value, String> {
    let mut buf = Vec::new();
    let n = req
        .as_reader()
        .take(MAX_BODY as u64 + 1)
        .read_to_end(&mut buf)
        .map_err(|e| format!("cannot read the request: {e}"))?;
    if n > MAX_BODY {
        return Err(format!("the request is larger than {MAX_BODY} bytes"));
    }
    serde_json::from_slice(&buf).map_err(|e| format!("the request is not valid JSON: {e}"))
}

/// The page's request: its settings, what to compare, and its id.
struct RunRequest {
    settings: Map<String, Value>,
    compare: Compare,
    client: String,
    /// Name of the program arm (a file's own, or `program`).
    arm: String,
}

fn parse_run(v: &Value) -> std::result::Result<RunRequest, String> {
    let settings = v
        .get("settings")
        .and_then(Value::as_object)
        .cloned()
        .ok_or("expected {\"settings\": {...}}")?;
    if settings.len() > 400 {
        return Err("too many settings".into());
    }
    let compare = match v.get("compare").and_then(Value::as_str) {
        Some("all") => Compare::Strategies,
        _ => Compare::Control,
    };
    let client: String = v
        .get("client")
        .and_then(Value::as_str)
        .unwrap_or("")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .take(40)
        .collect();
    let arm = settings::arm_name(v.get("arm").and_then(Value::as_str));
    Ok(RunRequest {
        settings,
        compare,
        client,
        arm,
    })
}

fn handle(shared: &Shared, mut req: Request) {
    let url = req.url().to_string();
    if url.len() > MAX_URL {
        let _ = req.respond(text(414, "the address is too long"));
        return;
    }
    if !host_ok(&req, shared.port) {
        let _ = req.respond(text(403, "this server answers only at its own address"));
        return;
    }
    let (path, query) = url.split_once('?').unwrap_or((url.as_str(), ""));
    let method = req.method().clone();
    match (method, path) {
        (Method::Get, "/api/meta") => {
            let mut meta = i18n::meta();
            meta["initial"] = Value::Object(shared.initial.settings.clone());
            meta["defaults"] = Value::Object(settings::defaults());
            meta["file"] = json!(shared.initial.file);
            meta["file_arm"] = json!(shared.initial.arm);
            meta["program_arm"] = json!(settings::arm_name(shared.initial.arm.as_deref()));
            meta["lever_keys_in_file"] = json!(
                shared
                    .initial
                    .settings
                    .keys()
                    .filter(|k| !i18n::LEVERS.iter().any(|l| l.key == k.as_str()))
                    .collect::<Vec<_>>()
            );
            let _ = req.respond(json_response(200, &meta));
        }
        (Method::Get, "/api/explain") => {
            let topic = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("topic="))
                .unwrap_or("");
            let topic: String = topic.chars().take(64).collect();
            let ok = !topic.is_empty()
                && topic
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_');
            let resp = match ok.then(|| engine::explain(&topic)) {
                Some(Ok(t)) => text(200, &t),
                Some(Err(m)) => text(404, &m),
                None => text(400, "expected ?topic=KEY"),
            };
            let _ = req.respond(resp);
        }
        (Method::Post, "/api/scenario") => {
            let resp = match read_body(&mut req).and_then(|v| parse_run(&v)) {
                Err(m) => json_response(
                    400,
                    &json!({"issues": [{"key": "", "message": m, "text": m}]}),
                ),
                Ok(r) => match settings::resolve(&r.settings, r.compare, &r.arm) {
                    Ok((toml, _)) => security_headers(
                        Response::from_data(toml.into_bytes())
                            .with_header(header("Content-Type", "application/toml; charset=utf-8")),
                    ),
                    Err(issues) => json_response(422, &json!({ "issues": issues })),
                },
            };
            let _ = req.respond(resp);
        }
        (Method::Post, "/api/run") => match read_body(&mut req).and_then(|v| parse_run(&v)) {
            Err(m) => {
                let _ = req.respond(json_response(
                    400,
                    &json!({"issues": [{"key": "", "message": m, "text": m}]}),
                ));
            }
            Ok(r) => run_stream(shared, req, r),
        },
        (Method::Post, "/api/evidence") => match read_body(&mut req).and_then(|v| parse_run(&v)) {
            Err(m) => {
                let _ = req.respond(json_response(
                    400,
                    &json!({"issues": [{"key": "", "message": m, "text": m}]}),
                ));
            }
            Ok(r) => evidence_stream(shared, req, r),
        },
        (Method::Get, p) => match assets::get(p) {
            Some((ctype, body)) => {
                let _ = req.respond(security_headers(
                    Response::from_data(body.to_vec()).with_header(header("Content-Type", ctype)),
                ));
            }
            None => {
                let _ = req.respond(text(404, "not found"));
            }
        },
        _ => {
            let _ = req.respond(text(405, "method not allowed"));
        }
    }
}

/// An event stream written straight to the socket, one HTTP chunk per
/// event, flushed at once (tiny_http's own chunked writer buffers 8 KiB).
struct Stream {
    w: Box<dyn Write + Send>,
    ok: bool,
}

impl Stream {
    fn open(req: Request) -> Stream {
        let mut w = req.into_writer();
        let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nTransfer-Encoding: chunked\r\n\r\n";
        let ok = w.write_all(head.as_bytes()).and_then(|_| w.flush()).is_ok();
        Stream { w, ok }
    }
    fn send(&mut self, event: &str, data: &Value) -> bool {
        if self.ok {
            let msg = format!("event: {event}\ndata: {data}\n\n");
            let chunk = format!("{:x}\r\n{msg}\r\n", msg.len());
            self.ok = self
                .w
                .write_all(chunk.as_bytes())
                .and_then(|_| self.w.flush())
                .is_ok();
        }
        self.ok
    }
}

impl Drop for Stream {
    fn drop(&mut self) {
        if self.ok {
            let _ = self.w.write_all(b"0\r\n\r\n").and_then(|_| self.w.flush());
        }
    }
}

fn new_generation(shared: &Shared, client: &str) -> u64 {
    let g = shared.counter.fetch_add(1, Ordering::SeqCst) + 1;
    if let Ok(mut m) = shared.runs.lock() {
        if m.len() > 1000 {
            m.clear();
        }
        m.insert(client.to_string(), g);
    }
    g
}

fn is_current(shared: &Shared, client: &str, g: u64) -> bool {
    shared
        .runs
        .lock()
        .map(|m| m.get(client).copied() == Some(g))
        .unwrap_or(false)
}

fn issues_value(issues: &[PageIssue]) -> Value {
    json!({ "issues": issues })
}

fn run_stream(shared: &Shared, req: Request, r: RunRequest) {
    let g = new_generation(shared, &r.client);
    let mut s = Stream::open(req);
    let (toml, exp) = match settings::resolve(&r.settings, r.compare, &r.arm) {
        Ok(x) => x,
        Err(issues) => {
            s.send("invalid", &issues_value(&issues));
            return;
        }
    };
    let hm = engine::household_months(&exp);
    if hm > MAX_HOUSEHOLD_MONTHS {
        let msg = format!(
            "this run simulates {hm:.2e} household-months, more than the explorer's {MAX_HOUSEHOLD_MONTHS:.0e}; run it with `berdaya run` (export the scenario), or make the world smaller"
        );
        s.send(
            "invalid",
            &json!({"issues": [{"key": "population.villages", "message": msg, "text": msg}]}),
        );
        return;
    }
    s.send(
        "scenario",
        &json!({"toml": toml, "household_months": hm, "run": g}),
    );
    let cancelled = || !is_current(shared, &r.client, g);
    let mut emit = |e: Event| -> bool {
        match e {
            Event::Start {
                arms,
                months,
                replications,
                program_end,
                households,
                watched_arm,
                setup_ms,
            } => s.send(
                "start",
                &json!({"arms": arms, "months": months, "replications": replications,
                    "program_end": program_end, "households": households,
                    "watched_arm": watched_arm, "setup_ms": setup_ms}),
            ),
            Event::Month {
                month,
                bands,
                village,
            } => {
                // per arm, per metric: [mean, lo, hi]
                let b: Vec<Vec<[f64; 3]>> = bands
                    .iter()
                    .map(|a| a.iter().map(|x| [x.mean, x.lo, x.hi]).collect())
                    .collect();
                s.send(
                    "month",
                    &json!({"month": month, "bands": b, "village": village}),
                )
            }
            Event::Done {
                effects,
                compute_ms,
            } => s.send(
                "done",
                &json!({"effects": effects, "compute_ms": compute_ms}),
            ),
        }
    };
    match engine::run_live(&exp, &r.arm, &cancelled, &mut emit) {
        Ok(true) => {}
        Ok(false) => {
            s.send("cancelled", &json!({}));
        }
        Err(e) => {
            let m = engine::render(&e);
            s.send("failed", &json!({"message": m}));
        }
    }
}

fn evidence_stream(shared: &Shared, req: Request, r: RunRequest) {
    let client = format!("{}evidence", r.client);
    let g = new_generation(shared, &client);
    let mut s = Stream::open(req);
    let opts = engine::evidence_options();
    let extra = match settings::evidence_extra(&r.settings) {
        Ok(x) => x,
        Err(issues) => {
            s.send("invalid", &issues_value(&issues));
            return;
        }
    };
    let (tx, rx) = std::sync::mpsc::channel::<(u32, u32)>();
    let cancelled = || !is_current(shared, &client, g);
    let result = std::thread::scope(|scope| {
        let worker = scope.spawn(|| {
            let tx = Mutex::new(tx);
            engine::run_evidence(&extra, &cancelled, &|d, t| {
                if let Ok(tx) = tx.lock() {
                    let _ = tx.send((d, t));
                }
            })
        });
        s.send(
            "progress",
            &json!({"done": 0, "total": opts.replications + 2}),
        );
        for (d, t) in rx.iter() {
            if !s.send("progress", &json!({"done": d, "total": t})) {
                // the page went away: stop the suite
                if let Ok(mut m) = shared.runs.lock() {
                    m.remove(&client);
                }
            }
        }
        worker.join()
    });
    match result {
        Ok(Ok(Some(facts))) => {
            s.send("facts", &json!({ "facts": facts }));
        }
        Ok(Ok(None)) => {
            s.send("cancelled", &json!({}));
        }
        Ok(Err(e)) => {
            let m = engine::render(&e);
            let issues = match &e {
                crate::error::Error::Input(is) => is.iter().map(PageIssue::from_issue).collect(),
                _ => vec![],
            };
            s.send("failed", &json!({"message": m, "issues": issues}));
        }
        Err(_) => {
            s.send(
                "failed",
                &json!({"message": "the evidence check stopped unexpectedly"}),
            );
        }
    }
}
