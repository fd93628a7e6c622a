//! The inspector page in a real browser: headless Chromium driven through WebDriver
//! (Debian's `chromium` and `chromium-driver`, which `.ci/run` installs when missing)
//! with fantoccini, against the real binary on 127.0.0.1. These tests never skip: with
//! no chromedriver they fail and say how to get it.
//!
//! Screenshots and the measured figures go to target/inspector-browser/ for a person to
//! look at; no assertion depends on a time (the machine is shared).

mod common;

use common::sink::Sink;
use common::{event_body, post, signature_of, RunningListener, Sandbox};
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const SECRET: &str = "whsec_browser_test_secret";

/// One browser at a time: the machine has two cores, and Chromium is heavy.
static ONE_BROWSER: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn start(sandbox: &Sandbox, extra: &[&str]) -> RunningListener {
    let secret = sandbox.secret_file(SECRET);
    let store = sandbox.path("events.db");
    let mut args = vec![
        "--secret-file",
        secret.to_str().unwrap(),
        "--store",
        store.to_str().unwrap(),
        "--quiet",
    ];
    args.extend_from_slice(extra);
    RunningListener::start(sandbox, &args)
}

fn signed_body(body: &str) -> Vec<u8> {
    post(
        "/webhook",
        &[("Roomz-Signature", &signature_of(SECRET, body.as_bytes()))],
        body.as_bytes(),
    )
}

/// Where screenshots and figures go.
fn artifacts() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/inspector-browser");
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A chromedriver process of this test, ended when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!(
                    "cannot start chromedriver ({e}): the browser tests need headless Chromium. \
                     Run .ci/run (it installs them), or install Debian's packages: \
                     apt-get install -y chromium chromium-driver"
                )
            });
        let mut driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = driver.child.try_wait() {
                panic!("chromedriver exited at start ({status}): run .ci/run or reinstall chromium-driver");
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        driver
    }
}

/// A headless Chromium session on a runtime of its own.
struct Browser {
    runtime: tokio::runtime::Runtime,
    client: Option<Client>,
    _driver: Driver,
}

impl Browser {
    fn open() -> Browser {
        let driver = Driver::start();
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let mut options = json!({"args": [
            "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--window-size=1400,900", "--no-first-run", "--disable-extensions"]});
        if std::path::Path::new("/usr/bin/chromium").exists() {
            options["binary"] = json!("/usr/bin/chromium");
        }
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        let connector = hyper_util::client::legacy::connect::HttpConnector::new();
        let client = runtime
            .block_on(
                ClientBuilder::new(connector)
                    .capabilities(capabilities)
                    .connect(&driver.url),
            )
            .unwrap_or_else(|e| panic!("cannot start headless Chromium through chromedriver: {e} (run .ci/run, or apt-get install -y chromium chromium-driver)"));
        Browser {
            runtime,
            client: Some(client),
            _driver: driver,
        }
    }

    fn client(&self) -> &Client {
        self.client.as_ref().unwrap()
    }

    fn goto(&self, url: &str) {
        self.runtime.block_on(self.client().goto(url)).unwrap();
    }

    /// Runs `script` (a function body; `arguments` as WebDriver passes them).
    fn js(&self, script: &str) -> Value {
        self.runtime
            .block_on(self.client().execute(script, vec![]))
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Waits (up to 60 s: the machine may be busy building) until `script` returns
    /// something truthy, and returns it.
    fn until(&self, what: &str, script: &str) -> Value {
        let deadline = Instant::now() + Duration::from_secs(60);
        loop {
            let value = self.js(script);
            let truthy = !matches!(&value, Value::Null | Value::Bool(false))
                && value != json!(0)
                && value != json!("");
            if truthy {
                return value;
            }
            if Instant::now() > deadline {
                let page = self.js("return document.body.innerText");
                panic!(
                    "waited 60 s for {what}; the page shows:\n{}",
                    page.as_str().unwrap_or("")
                );
            }
            std::thread::sleep(Duration::from_millis(25));
        }
    }

    fn click(&self, css: &str) {
        self.runtime
            .block_on(async {
                let element = self.client().find(Locator::Css(css)).await?;
                element.click().await
            })
            .unwrap_or_else(|e| panic!("cannot click {css}: {e}"));
    }

    fn type_into(&self, css: &str, text: &str) {
        self.runtime
            .block_on(async {
                let element = self.client().find(Locator::Css(css)).await?;
                element.clear().await?;
                element.send_keys(text).await
            })
            .unwrap_or_else(|e| panic!("cannot type into {css}: {e}"));
    }

    fn select(&self, css: &str, value: &str) {
        self.runtime
            .block_on(async {
                let element = self.client().find(Locator::Css(css)).await?;
                element.select_by_value(value).await
            })
            .unwrap_or_else(|e| panic!("cannot select {value} in {css}: {e}"));
    }

    fn keys(&self, text: &str) {
        self.runtime
            .block_on(async {
                let body = self.client().find(Locator::Css("body")).await?;
                body.send_keys(text).await
            })
            .unwrap();
    }

    fn screenshot(&self, name: &str) -> PathBuf {
        let png = self.runtime.block_on(self.client().screenshot()).unwrap();
        let path = artifacts().join(name);
        std::fs::write(&path, png).unwrap();
        path
    }

    /// The number of list rows shown.
    fn rows(&self) -> u64 {
        self.js("return document.querySelectorAll('#rows tr.row').length")
            .as_u64()
            .unwrap()
    }

    /// Opens the page and waits until its stream is live.
    fn inspect(&self, listener: &RunningListener) {
        self.goto(listener.first["ui"].as_str().unwrap());
        self.until(
            "the live stream",
            "return document.getElementById('live').classList.contains('on')",
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if let Some(client) = self.client.take() {
            let _ = self.runtime.block_on(client.close());
        }
    }
}

fn record_figure(name: &str, text: &str) {
    let path = artifacts().join(name);
    std::fs::write(&path, format!("{text}\n")).unwrap();
    println!("{text} (written to {})", path.display());
}

#[test]
fn a_triggered_event_appears_live_without_reload() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    browser.js("window.__sameDocument = 'yes'; return true");
    assert_eq!(browser.rows(), 0);
    let sent = Instant::now();
    let trigger = sandbox
        .cmd()
        .args([
            "trigger",
            "workspace.presence.changed",
            "--url",
            &listener.url,
        ])
        .arg("--secret-file")
        .arg(sandbox.path("secret.txt"))
        .output()
        .unwrap();
    assert!(trigger.status.success(), "{trigger:?}");
    browser.until(
        "the triggered event's row",
        "return document.querySelector('#rows tr.row[data-seq=\"1\"]') !== null",
    );
    let shown_after = sent.elapsed();
    assert_eq!(
        browser.js("return window.__sameDocument"),
        "yes",
        "the page was not reloaded"
    );
    let row = browser.js("return document.querySelector('#rows tr.row').innerText");
    let row = row.as_str().unwrap();
    for part in [
        "POST",
        "/webhook",
        "200",
        "valid",
        "workspace.presence.changed",
    ] {
        assert!(row.contains(part), "{part} in {row:?}");
    }
    record_figure(
        "live-latency.txt",
        &format!(
            "trigger to row shown: {} ms (the issue's target: under 1000 ms)",
            shown_after.as_millis()
        ),
    );
}

#[test]
fn a_forged_request_shows_invalid_and_its_hint() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    let body = event_body("0c9d7e3a-1b2c-4d5e-8f90-a1b2c3d4e5f6");
    let forged = post(
        "/webhook",
        &[(
            "Roomz-Signature",
            &signature_of("whsec_someone_else", body.as_bytes()),
        )],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&forged).0, 401);
    browser.until(
        "the row",
        "return document.querySelector('#rows tr.row') !== null",
    );
    browser.click("#rows tr.row");
    let hint = browser.until(
        "the hint",
        "const h = document.getElementById('hint'); return h && h.textContent",
    );
    assert_eq!(hint, "hint: wrong secret or body changed in transit");
    let verdict = browser.js("return document.getElementById('verdict').innerText");
    assert!(
        verdict.as_str().unwrap().contains("signature invalid"),
        "{verdict}"
    );
    let status = browser.js("return document.querySelector('#detail-pane h2').textContent");
    assert!(status.as_str().unwrap().ends_with("→ 401"), "{status}");
}

#[test]
fn hostile_bodies_and_headers_render_as_text_and_run_nothing() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    let script = "<script>window.__ran = 'script'</script>";
    let image = "<img src=x onerror=\"window.__ran = 'img'\">";
    let body = json!({"id": "7e57a1e2-0000-4000-8000-000000000001", "type": script,
                      "timestamp": "2026-12-01T10:00:00Z", "note": image})
    .to_string();
    let request = post(
        "/webhook",
        &[
            ("Roomz-Signature", &signature_of(SECRET, body.as_bytes())),
            ("X-Note", "<img src=y onerror=\"window.__ran='header'\">"),
        ],
        body.as_bytes(),
    );
    assert_eq!(listener.send(&request).0, 200);
    // Invalid UTF-8 too: shown escaped, exact otherwise.
    assert_eq!(
        listener
            .send(&post("/webhook", &[], b"{\"a\":\"\xff<b>\"}"))
            .0,
        400
    );
    browser.until(
        "two rows",
        "return document.querySelectorAll('#rows tr.row').length === 2",
    );
    browser.click("#rows tr.row[data-seq=\"1\"]");
    browser.until(
        "the raw body",
        "return document.getElementById('raw') !== null",
    );
    let raw = browser.js("return document.getElementById('raw').textContent");
    assert_eq!(raw.as_str().unwrap(), body, "the exact text of the body");
    let pretty = browser.js("return document.getElementById('pretty').textContent");
    assert!(pretty
        .as_str()
        .unwrap()
        .contains(&serde_json::to_string(script).unwrap()));
    let headers = browser.js("return document.getElementById('headers').textContent");
    assert!(headers.as_str().unwrap().contains("<img src=y onerror="));
    let type_cell = browser
        .js("return document.querySelector('#rows tr.row[data-seq=\"1\"] td.type').textContent");
    assert_eq!(type_cell, script);
    let injected = browser.js(
        "return document.querySelectorAll('#rows img, #rows script, #detail-pane img, #detail-pane script').length",
    );
    assert_eq!(injected, 0, "no element was made from the body or headers");
    assert_eq!(
        browser.js("return window.__ran === undefined"),
        true,
        "nothing ran"
    );

    browser.click("#rows tr.row[data-seq=\"2\"]");
    let raw = browser.until(
        "the second body",
        "const r = document.getElementById('raw'); return r && document.querySelector('#detail-pane h2').textContent.startsWith('#2') && r.textContent",
    );
    assert_eq!(
        raw, "{\"a\":\"\\xff<b>\"}",
        "the invalid byte escaped, the rest exact"
    );
    assert_eq!(
        browser.js("return document.querySelectorAll('#raw .esc').length"),
        1,
        "the escape is marked as one"
    );
    assert_eq!(browser.js("return window.__ran === undefined"), true);
    browser.screenshot("hostile-body.png");
}

#[test]
fn resend_delivers_to_a_sink_and_its_result_shows_in_the_list() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let sink = Sink::ok();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    let body = event_body("5e5e5e5e-0000-4000-8000-000000000001");
    assert_eq!(listener.send(&signed_body(&body)).0, 200);
    browser.until(
        "the row",
        "return document.querySelector('#rows tr.row') !== null",
    );
    browser.click("#rows tr.row");
    browser.until(
        "the resend form",
        "return document.getElementById('resend-url') !== null",
    );
    browser.type_into("#resend-url", &sink.url);
    browser.click("#resend");
    let result = browser.until(
        "the resend result",
        "const r = document.getElementById('resend-result'); return r && r.textContent.includes(': 2') && r.textContent",
    );
    assert!(
        result
            .as_str()
            .unwrap()
            .starts_with(&format!("{}: 200", sink.url)),
        "{result}"
    );
    let received = sink.wait_for(1);
    assert_eq!(received[0].body, body.as_bytes());
    assert_eq!(
        received[0].header("roomz-signature"),
        Some(signature_of(SECRET, body.as_bytes()).as_str())
    );
    let note = browser.until(
        "the resent mark",
        "const n = document.querySelector('#rows tr.row .resent'); return n && n.textContent",
    );
    assert_eq!(note, "resent → 200");
    // Copy as curl: a signed command, shown as text.
    browser.click("#copy-curl");
    let curl = browser.until(
        "the curl command",
        "const c = document.getElementById('curl'); return c && !c.hidden && c.textContent",
    );
    let curl = curl.as_str().unwrap();
    assert!(
        curl.starts_with("curl -sS --write-out '\\n' -X POST"),
        "{curl}"
    );
    assert!(
        curl.contains(&signature_of(SECRET, body.as_bytes())),
        "{curl}"
    );
}

#[test]
fn the_diff_shows_the_changed_field_and_ignores_key_order() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    let id = "d1ff0000-0000-4000-8000-000000000001";
    let first = event_body(id);
    // The same event with its keys in another order and one field changed.
    let second = format!(
        r#"{{"data":{{"presenceStatus":"Free","workspaceId":"3f2e1d0c-b9a8-4765-8432-10fedcba9876"}},"apiVersion":"1.0","timestamp":"2026-11-27T10:00:00.000Z","type":"workspace.presence.changed","id":"{id}"}}"#
    );
    assert_eq!(listener.send(&signed_body(&first)).0, 200);
    assert_eq!(listener.send(&signed_body(&second)).0, 200);
    browser.until(
        "two rows",
        "return document.querySelectorAll('#rows tr.row').length === 2",
    );
    assert_eq!(
        browser.js("return document.getElementById('diff-button').disabled"),
        true
    );
    browser.click("#rows tr.row[data-seq=\"1\"] input[type=checkbox]");
    browser.click("#rows tr.row[data-seq=\"2\"] input[type=checkbox]");
    browser.click("#diff-button");
    let rows = browser.until(
        "the diff",
        "const t = document.getElementById('diff'); return t && [...t.querySelectorAll('tr')].slice(1).map(r => [...r.cells].map(c => c.textContent))",
    );
    assert_eq!(
        rows,
        json!([["data.presenceStatus", "changed", "\"Busy\"", "\"Free\""]]),
        "only the changed field: key order is ignored"
    );
    let duplicate =
        browser.js("return document.querySelector('#rows tr.row[data-seq=\"2\"]').innerText");
    assert!(
        duplicate.as_str().unwrap().contains("duplicate"),
        "{duplicate}"
    );
}

#[test]
fn filters_and_keys_narrow_and_move_through_the_list() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    let browser = Browser::open();
    browser.inspect(&listener);
    let building = r#"{"id":"b0000000-0000-4000-8000-000000000001","type":"building.created","timestamp":"2026-12-01T10:00:00Z","buildingId":"b1111111-0000-4000-8000-000000000001"}"#;
    assert_eq!(
        listener
            .send(&signed_body(&event_body(
                "f0000000-0000-4000-8000-000000000001"
            )))
            .0,
        200
    );
    assert_eq!(listener.send(&signed_body(building)).0, 200);
    let forged_body = event_body("f0000000-0000-4000-8000-000000000003");
    let forged = post(
        "/webhook",
        &[("Roomz-Signature", "AAAA")],
        forged_body.as_bytes(),
    );
    assert_eq!(listener.send(&forged).0, 401);
    browser.until(
        "three rows",
        "return document.querySelectorAll('#rows tr.row').length === 3",
    );

    browser.select("#filter-type", "building.created");
    assert_eq!(browser.rows(), 1);
    browser.select("#filter-type", "");
    browser.select("#filter-verdict", "invalid");
    assert_eq!(browser.rows(), 1);
    let shown = browser.js("return document.querySelector('#rows tr.row').dataset.seq");
    assert_eq!(shown, "3");
    browser.select("#filter-verdict", "");
    browser.type_into("#filter-text", "f0000000-0000-4000-8000-000000000001");
    assert_eq!(browser.rows(), 1, "text matches the id");
    browser.type_into("#filter-text", "");
    browser.js("const f = document.getElementById('filter-text'); f.dispatchEvent(new Event('input')); f.blur(); return true");
    assert_eq!(browser.rows(), 3);

    // The first j selects the first row (#3, newest first); j, j, k: the second (#2).
    browser.keys("jjjk");
    browser.keys("\u{E007}");
    let title = browser.until(
        "the detail of #2",
        "const h = document.querySelector('#detail-pane h2'); return h && h.textContent.startsWith('#2') && h.textContent",
    );
    assert!(
        title.as_str().unwrap().contains("POST /webhook → 200"),
        "{title}"
    );
    browser.screenshot("inspector.png");
}

#[test]
fn a_thousand_stored_requests_are_listed_by_pages() {
    let _one = ONE_BROWSER.lock().unwrap_or_else(|e| e.into_inner());
    let sandbox = Sandbox::new();
    let listener = start(&sandbox, &[]);
    for n in 0..1000u32 {
        let id = format!("a0000000-0000-4000-8000-{n:012}");
        assert_eq!(listener.send(&signed_body(&event_body(&id))).0, 200);
    }
    let browser = Browser::open();
    let opened = Instant::now();
    browser.goto(listener.first["ui"].as_str().unwrap());
    browser.until(
        "the first page of the list",
        "return document.querySelectorAll('#rows tr.row').length >= 200",
    );
    let first_page = opened.elapsed();
    let newest = browser.js("return document.querySelector('#rows tr.row').dataset.seq");
    assert_eq!(newest, "1000", "newest first");
    // Scrolling to the end loads the older pages, down to #1.
    browser.until(
        "every row, page by page",
        "document.getElementById('more').scrollIntoView(); return document.querySelectorAll('#rows tr.row').length === 1000",
    );
    let all = opened.elapsed();
    let oldest = browser.js(
        "const r = document.querySelectorAll('#rows tr.row'); return r[r.length - 1].dataset.seq",
    );
    assert_eq!(oldest, "1");
    browser.screenshot("thousand-requests.png");
    record_figure(
        "thousand-requests.txt",
        &format!(
            "1,000 stored requests: first page (200 rows) shown {} ms after navigation, all 1,000 after scrolling {} ms (the issue's target: the list in under 1000 ms)",
            first_page.as_millis(),
            all.as_millis()
        ),
    );
}
