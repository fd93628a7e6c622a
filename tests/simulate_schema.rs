//! Every answer `simulate` gives on the draft's API paths, checked against the JSON
//! schemas of ROOMZ's draft itself (`../shared/roomz-spec/draft-2024-05/spec3.yml`), with
//! the `jsonschema` crate: each GET path of the spec, several pages, a page past the end,
//! and the answers after changes. The schemas are made strict (no property they do not
//! name) so that a misspelt or capitalised field fails too. Without the spec file the
//! test fails: it never passes without having checked.

mod common;

use common::{exchange, post, RunningListener, Sandbox};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

const SECRET: &str = "whsec_schema-test";
const KEY: &str = "rzk_schema-test-key";

fn spec_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/roomz-spec/draft-2024-05/spec3.yml")
}

/// The draft's OpenAPI document as JSON.
fn spec() -> Value {
    let path = spec_path();
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "ROOMZ's draft spec is needed to check simulate's answers: cannot read {}: {e}",
            path.display()
        )
    });
    serde_yaml::from_str(&text).expect("the spec is YAML")
}

/// Adds `additionalProperties: false` to every object schema that lists properties: the
/// draft's schemas do not forbid extra fields, but the simulator should send none.
fn strict(schema: &mut Value) {
    match schema {
        Value::Object(map) => {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".into(), Value::Bool(false));
            }
            for value in map.values_mut() {
                strict(value);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(strict),
        _ => {}
    }
}

/// A validator for each GET path of the spec: its 200 answer's schema, `$ref`s resolved
/// against the spec's own components.
fn validators(spec: &Value) -> BTreeMap<String, jsonschema::Validator> {
    let mut components = spec["components"].clone();
    strict(&mut components);
    let paths = spec["paths"].as_object().expect("the spec has paths");
    assert!(paths.len() >= 7, "the draft documents seven GET paths");
    paths
        .iter()
        .map(|(path, item)| {
            let schema = &item["get"]["responses"]["200"]["content"]["application/json"]["schema"];
            let reference = schema["$ref"].as_str().expect("a $ref to a component");
            let root = serde_json::json!({"$ref": reference, "components": components});
            let validator = jsonschema::options()
                .with_draft(jsonschema::Draft::Draft202012)
                .should_validate_formats(true)
                .build(&root)
                .unwrap_or_else(|e| panic!("{path}: {e}"));
            (path.clone(), validator)
        })
        .collect()
}

/// The spec's path template a concrete path is an instance of.
fn template_of(path: &str) -> String {
    let path = path.split('?').next().unwrap();
    let parts: Vec<&str> = path.split('/').collect();
    parts
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let is_id = i == 3 && roomz_hook::core::event::is_uuid(part);
            if is_id {
                "{id}"
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

struct Checker {
    sim: RunningListener,
    validators: BTreeMap<String, jsonschema::Validator>,
    checked: BTreeMap<String, usize>,
}

impl Checker {
    fn request(&self, method: &str, path: &str, body: &str) -> (u16, String, Value) {
        use base64::Engine;
        let auth = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{KEY}:"))
        );
        let mut request = post(path, &[("Authorization", &auth)], body.as_bytes());
        if method != "POST" {
            request.splice(0..4, method.bytes());
        }
        let (status, raw) = exchange(&self.sim.addr, &request);
        let (head, body) = raw.split_once("\r\n\r\n").unwrap_or((&raw, ""));
        let json = serde_json::from_str(body)
            .unwrap_or_else(|e| panic!("{path}: the answer is not JSON ({e}): {raw}"));
        (status, head.to_ascii_lowercase(), json)
    }

    /// GETs `path`, checks a 200 answer against its schema, and returns it.
    fn get(&mut self, path: &str) -> Value {
        let (status, head, json) = self.request("GET", path, "");
        assert_eq!(status, 200, "{path}: {json}");
        assert!(
            head.contains("content-type: application/json"),
            "{path}: {head}"
        );
        let template = template_of(path);
        let validator = self
            .validators
            .get(&template)
            .unwrap_or_else(|| panic!("{path} ({template}) is not a path of the draft"));
        let errors: Vec<String> = validator
            .iter_errors(&json)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(
            errors.is_empty(),
            "{path} breaks {template}'s schema: {errors:?}\n{json}"
        );
        *self.checked.entry(template).or_default() += 1;
        json
    }

    fn ids(list: &Value, key: &str) -> Vec<String> {
        list[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["id"].as_str().unwrap().to_string())
            .collect()
    }

    /// Walks the whole account, every list page by page (`length` items a page), checking
    /// every answer; returns the workspace ids.
    fn walk(&mut self, length: usize) -> Vec<String> {
        let mut workspaces = Vec::new();
        for building in self.pages("/v1/buildings", "buildings", length) {
            self.get(&format!("/v1/buildings/{building}"));
            let floors = self.pages(
                &format!("/v1/buildings/{building}/floors"),
                "floors",
                length,
            );
            for floor in floors {
                self.get(&format!("/v1/floors/{floor}"));
                let spaces = self.pages(
                    &format!("/v1/floors/{floor}/workspaces"),
                    "workspaces",
                    length,
                );
                for workspace in spaces {
                    self.get(&format!("/v1/workspaces/{workspace}"));
                    self.get(&format!("/v1/workspaces/{workspace}/status"));
                    workspaces.push(workspace);
                }
            }
        }
        workspaces
    }

    /// Every page of a list, until an empty one (which is checked too).
    fn pages(&mut self, path: &str, key: &str, length: usize) -> Vec<String> {
        let mut all = Vec::new();
        for page in 1.. {
            let list = self.get(&format!("{path}?page={page}&length={length}"));
            let ids = Checker::ids(&list, key);
            assert!(ids.len() <= length, "{path}: page {page} is too long");
            if ids.is_empty() {
                break;
            }
            all.extend(ids);
        }
        all
    }
}

#[test]
fn every_answer_matches_the_drafts_schemas() {
    let spec = spec();
    let validators = validators(&spec);
    let sandbox = Sandbox::new();
    let secret = sandbox.write("secret.txt", SECRET);
    let key = sandbox.write("key.txt", KEY);
    let args = [
        "simulate",
        "--json",
        "--port",
        "0",
        "--no-save",
        "--every",
        "off",
        "--target",
        "http://127.0.0.1:9/webhook",
        "--seed",
        "11",
        "--buildings",
        "2",
        "--floors",
        "3",
        "--workspaces",
        "70",
        "--secret-file",
        secret.to_str().unwrap(),
        "--token-file",
        key.to_str().unwrap(),
    ];
    let sim = RunningListener::start_command(&sandbox, &args, |first| {
        first["simulating"]["api_url"].as_str().map(str::to_string)
    });
    let mut checker = Checker {
        sim,
        validators,
        checked: BTreeMap::new(),
    };

    // The default page, then pages of 1, 7 and 100.
    let first = checker.get("/v1/buildings");
    assert_eq!(Checker::ids(&first, "buildings").len(), 2);
    let workspaces = checker.walk(100);
    assert_eq!(workspaces.len(), 70);
    assert_eq!(checker.walk(1), workspaces, "pages of one give the same");
    assert_eq!(checker.walk(7), workspaces);
    let floor = first["buildings"][0]["id"].as_str().unwrap().to_string();
    let floors = checker.get(&format!("/v1/buildings/{floor}/floors"));
    let floor = floors["floors"][0]["id"].as_str().unwrap().to_string();
    let default = checker.get(&format!("/v1/floors/{floor}/workspaces"));
    assert_eq!(
        Checker::ids(&default, "workspaces").len(),
        10,
        "10 by default"
    );
    let past = checker.get(&format!("/v1/floors/{floor}/workspaces?page=99"));
    assert_eq!(past, serde_json::json!({"workspaces": []}));

    // After changes through the control endpoint, the answers still match.
    for (n, workspace) in workspaces.iter().take(5).enumerate() {
        let wanted = if n % 2 == 0 { "Busy" } else { "free" };
        let path = format!("/_simulator/workspaces/{workspace}/presence");
        let body = format!(r#"{{"presenceStatus":"{wanted}"}}"#);
        let (status, _, answer) = checker.request("POST", &path, &body);
        assert_eq!(status, 200, "{answer}");
        let status = checker.get(&format!("/v1/workspaces/{workspace}/status"));
        assert!(status["presence"]
            .as_str()
            .unwrap()
            .eq_ignore_ascii_case(wanted));
        checker.get(&format!("/v1/workspaces/{workspace}"));
    }

    // Every GET path of the draft was asked, several times.
    let asked: Vec<&String> = checker.checked.keys().collect();
    let documented: Vec<&String> = checker.validators.keys().collect();
    assert_eq!(asked, documented);
    assert!(
        checker.checked.values().all(|n| *n >= 3),
        "{:?}",
        checker.checked
    );

    // Errors have no schema in the draft; they are JSON objects with an "error" text.
    let unknown = "00000000-0000-4000-8000-000000000000";
    for (method, path, expected) in [
        ("GET", format!("/v1/buildings/{unknown}"), 404),
        ("GET", format!("/v1/floors/{unknown}/workspaces"), 404),
        ("GET", format!("/v1/workspaces/{unknown}/status"), 404),
        ("GET", "/v1/buildings?length=101".to_string(), 400),
        ("GET", "/v1/buildings?page=0".to_string(), 400),
        ("GET", "/v1/nothing".to_string(), 404),
        ("POST", "/v1/buildings".to_string(), 405),
    ] {
        let (status, _, json) = checker.request(method, &path, "");
        assert_eq!(status, expected, "{path}");
        assert!(json["error"].is_string(), "{path}: {json}");
    }
}

#[test]
fn the_spec_file_is_required() {
    // The check above reads this file; its absence must fail that test, not skip it.
    assert!(
        spec_path().is_file(),
        "missing {}: the schema check cannot run",
        spec_path().display()
    );
    let spec = spec();
    assert!(spec["components"]["schemas"]["WorkspaceStatusViewModel"].is_object());
}
