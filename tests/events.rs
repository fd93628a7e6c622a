//! `roomz-hook events`: listing, showing, exporting and pruning what the listener stored,
//! on a real SQLite store seeded through the library.

mod common;

use common::{event_body, genuine_request, text, Sandbox};
use predicates::str::contains;
use roomz_hook::store::{NewRequest, Store};
use serde_json::Value;

const ID_A: &str = "aaaa1111-6a3e-4d8e-9a57-0c1f0e1d2a01";
const ID_B: &str = "bbbb2222-6a3e-4d8e-9a57-0c1f0e1d2a02";

fn seed(sandbox: &Sandbox) -> std::path::PathBuf {
    let path = sandbox.path("events.db");
    let mut store = Store::open(&path).unwrap();
    let rows = [
        (
            ID_A,
            "workspace.presence.changed",
            event_body(ID_A).into_bytes(),
            "valid",
            200,
        ),
        (
            ID_B,
            "workspace.status.updated",
            b"\xff\xfe not utf8".to_vec(),
            "invalid",
            401,
        ),
    ];
    for (id, kind, body, signature, status) in rows {
        store
            .insert(&NewRequest {
                headers: vec![("roomz-signature".into(), "c2ln".into())],
                body,
                signature: signature.into(),
                event_type: Some(kind.into()),
                status,
                ..genuine_request(id)
            })
            .unwrap();
    }
    path
}

fn events(sandbox: &Sandbox, store: &std::path::Path) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.arg("events").arg("--store").arg(store);
    cmd
}

#[test]
fn list_newest_first_with_filters() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    let output = events(&sandbox, &store)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = list["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["event_id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [ID_B, ID_A]);
    let output = events(&sandbox, &store)
        .args(["list", "--json", "--type", "workspace.status.updated"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(list["events"].as_array().unwrap().len(), 1);
    events(&sandbox, &store)
        .arg("list")
        .assert()
        .code(0)
        .stdout(contains(ID_A))
        .stdout(contains("workspace.presence.changed"));
}

#[test]
fn show_gives_headers_and_exact_body() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    let output = events(&sandbox, &store)
        .args(["show", "bbbb2222", "--body"])
        .output()
        .unwrap();
    assert!(output.status.success());
    assert_eq!(output.stdout, b"\xff\xfe not utf8");
    events(&sandbox, &store)
        .args(["show", ID_A])
        .assert()
        .code(0)
        .stdout(contains("roomz-signature: c2ln"))
        .stdout(contains(event_body(ID_A)));
    let output = events(&sandbox, &store)
        .args(["show", "#1", "--json"])
        .output()
        .unwrap();
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(record["event_id"], ID_A);
}

#[test]
fn unknown_id_exits_2_with_a_hint() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    events(&sandbox, &store)
        .args(["show", "ffffffff-0000"])
        .assert()
        .code(2)
        .stderr(contains("roomz-hook events list"));
}

/// A store of `valid` requests of workspace.presence.changed, then one invalid
/// workspace.status.updated whose first problem holds a terminal escape and runs long.
fn seed_many(sandbox: &Sandbox, valid: usize) -> std::path::PathBuf {
    let path = sandbox.path("events.db");
    let mut store = Store::open(&path).unwrap();
    let request = |id: String, kind: &str, problems: Vec<String>| NewRequest {
        event_type: Some(kind.into()),
        problems,
        ..genuine_request(&id)
    };
    for i in 0..valid {
        let id = format!("cccc{i:04}-6a3e-4d8e-9a57-0c1f0e1d2a03");
        store
            .insert(&request(id, "workspace.presence.changed", vec![]))
            .unwrap();
    }
    let problems = vec![
        format!("workspaceId is missing\x1b[31m {}", "x".repeat(100)),
        "timestamp is not a date-time".to_string(),
    ];
    store
        .insert(&request(ID_B.into(), "workspace.status.updated", problems))
        .unwrap();
    path
}

#[test]
fn list_has_a_header_a_footer_of_how_many_match_and_an_invalid_rows_first_problem() {
    let sandbox = Sandbox::new();
    let store = seed_many(&sandbox, 1_203);
    let output = events(&sandbox, &store).arg("list").output().unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 1 + 20 + 1, "header, 20 rows, footer: {stdout}");
    let header: Vec<&str> = lines[0].split("  ").filter(|c| !c.is_empty()).collect();
    assert_eq!(
        header,
        [
            "ROW",
            "RECEIVED",
            "REQUEST",
            "STATUS",
            "SIGNATURE",
            "TYPE",
            "EVENT ID",
            "NOTE"
        ],
        "{stdout}"
    );
    assert_eq!(
        lines[21],
        "20 of 1,204 stored requests (newest first; --limit N shows more)"
    );
    // The newest row is the invalid one: its first problem, escaped, cut with an ellipsis.
    let invalid = lines[1];
    assert!(invalid.starts_with("#1204 "), "{invalid}");
    assert!(invalid.contains(ID_B), "{invalid}");
    assert!(
        invalid.contains("workspaceId is missing\\u{1b}[31m xxx"),
        "escaped: {invalid}"
    );
    assert!(!invalid.contains('\x1b'), "{invalid}");
    assert!(invalid.ends_with('…'), "cut to the line: {invalid}");
    assert!(
        !invalid.contains("timestamp"),
        "the first problem only: {invalid}"
    );
    // Columns line up under the header.
    let column = lines[0].find("EVENT ID").unwrap();
    assert_eq!(lines[2].find("cccc1202"), Some(column), "{stdout}");

    let output = events(&sandbox, &store)
        .args(["list", "--type", "workspace.status.updated"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert_eq!(
        stdout.lines().last(),
        Some("1 of 1 stored request matches"),
        "{stdout}"
    );
    let output = events(&sandbox, &store)
        .args(["list", "--json", "--limit", "2"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&output.stdout).expect("--json is one object");
    assert_eq!(list["events"].as_array().unwrap().len(), 2);
}

#[test]
fn export_limit_gives_the_newest_n_oldest_first() {
    let sandbox = Sandbox::new();
    let store = seed_many(&sandbox, 5);
    let output = events(&sandbox, &store)
        .args(["export", "--limit", "3"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", text(&output.stderr));
    let ids: Vec<String> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).unwrap()["event_id"].to_string())
        .collect();
    assert_eq!(
        ids,
        [
            "\"cccc0003-6a3e-4d8e-9a57-0c1f0e1d2a03\"",
            "\"cccc0004-6a3e-4d8e-9a57-0c1f0e1d2a03\"",
            format!("\"{ID_B}\"").as_str(),
        ]
    );
    events(&sandbox, &store)
        .args(["export", "--limit", "many"])
        .assert()
        .code(2)
        .stderr(contains("invalid value 'many' for '--limit <N>'"));
}

#[test]
fn export_is_ndjson_that_verify_reads() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    let output = events(&sandbox, &store).arg("export").output().unwrap();
    assert!(output.status.success());
    let lines: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["event_id"], ID_A, "oldest first");
    // The export is a capture file: verify reads it (the seeded signatures are bogus: exit 1).
    let file = sandbox.write("export.ndjson", &output.stdout);
    sandbox
        .cmd()
        .arg("verify")
        .arg(file)
        .env("ROOMZ_WEBHOOK_SECRET", "whsec_x")
        .assert()
        .code(1)
        .stdout(contains(ID_A));
}

#[test]
fn prune_needs_a_scope_and_deletes() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    events(&sandbox, &store)
        .arg("prune")
        .assert()
        .code(2)
        .stderr(contains("--older-than DUR, --keep N, or --all"));
    events(&sandbox, &store)
        .args(["prune", "--keep", "1"])
        .assert()
        .code(0)
        .stdout(contains("deleted 1"));
    events(&sandbox, &store)
        .args(["prune", "--older-than", "7d"])
        .assert()
        .code(0)
        .stdout(contains("deleted 0"));
    assert_eq!(Store::open(&store).unwrap().count().unwrap(), 1);
}

#[test]
fn a_file_that_is_not_a_store_exits_2() {
    let sandbox = Sandbox::new();
    let bogus = sandbox.write(
        "bogus.db",
        "this is not SQLite at all, just text, long enough to matter".repeat(100),
    );
    events(&sandbox, &bogus)
        .arg("list")
        .assert()
        .code(2)
        .stderr(contains("not a roomz-hook database"));
}

#[test]
fn no_store_is_a_usage_error() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["events", "list", "--no-store"])
        .assert()
        .code(2)
        .stderr(contains("--no-store"));
}

/// `events export | head -1` and the like: once the reader has gone, the command ends
/// quietly with 0 (what a pipeline under `set -o pipefail` expects), in every form.
#[test]
fn a_reader_that_has_gone_ends_the_output_quietly() {
    let sandbox = Sandbox::new();
    let store = seed(&sandbox);
    for args in [
        &["export"][..],
        &["list"][..],
        &["list", "--json"][..],
        &["show", "#1"][..],
        &["show", "#1", "--body"][..],
    ] {
        let mut command = common::std_command(&sandbox);
        command.arg("events").arg("--store").arg(&store).args(args);
        common::assert_ends_quietly_into_closed_pipe(&mut command);
    }
}

/// Seeds `ids` (in order) as genuine deliveries.
fn seed_ids(sandbox: &Sandbox, ids: &[&str]) -> std::path::PathBuf {
    let path = sandbox.path("events.db");
    let mut store = Store::open(&path).unwrap();
    for id in ids {
        store.insert(&genuine_request(id)).unwrap();
    }
    path
}

/// CONTRACT 4.4: a prefix of several ids exits 2 listing at most 10; the newest of
/// several deliveries is shown, with how many there were; `#N` is row N and a bare number
/// an id prefix. `fetch` and `replay --from-store --id` take ids by the same rule.
#[test]
fn ids_and_prefixes_follow_the_one_rule_everywhere() {
    let sandbox = Sandbox::new();
    let many: Vec<String> = (0..12)
        .map(|n| format!("cafe{n:04}-6a3e-4d8e-9a57-0c1f0e1d2a01"))
        .collect();
    let mut ids: Vec<&str> = many.iter().map(String::as_str).collect();
    ids.extend(["12345678-6a3e-4d8e-9a57-0c1f0e1d2a01", ID_A, ID_A]);
    let store = seed_ids(&sandbox, &ids);

    let output = events(&sandbox, &store)
        .args(["show", "cafe"])
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("'cafe' matches more than 10 events"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("\n  cafe").count(), 10, "{stderr}");
    let output = events(&sandbox, &store)
        .args(["show", "cafe0001"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");

    let output = events(&sandbox, &store)
        .args(["show", "aaaa", "--json"])
        .output()
        .unwrap();
    let record: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        (record["seq"].as_i64(), record["deliveries"].as_u64()),
        (Some(15), Some(2))
    );
    events(&sandbox, &store)
        .args(["show", ID_A])
        .assert()
        .code(0)
        .stdout(contains("#15 "))
        .stdout(contains("delivered 2 times"));

    // A bare number is an id prefix; #N the row.
    events(&sandbox, &store)
        .args(["show", "1234", "--json"])
        .assert()
        .code(0)
        .stdout(contains("\"seq\":13"));
    events(&sandbox, &store)
        .args(["show", "13"])
        .assert()
        .code(2)
        .stderr(contains("(for row 13, write #13)"));
    events(&sandbox, &store)
        .args(["show", "#13", "--body"])
        .assert()
        .code(0)
        .stdout(event_body("12345678-6a3e-4d8e-9a57-0c1f0e1d2a01"));

    // fetch and replay take the same rule (fetch stops before any request: ambiguous).
    let output = sandbox
        .cmd()
        .args(["fetch", "--api-url", "http://127.0.0.1:9/api", "--store"])
        .arg(&store)
        .arg("cafe")
        .env("ROOMZ_API_TOKEN", "t")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("'cafe' matches more than 10 events"),
        "{stderr}"
    );
    let output = sandbox
        .cmd()
        .args([
            "replay",
            "http://127.0.0.1:9/webhook",
            "--from-store",
            "--id",
            "cafe",
            "--store",
        ])
        .arg(&store)
        .env("ROOMZ_WEBHOOK_SECRET", "s")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("'cafe' matches more than 10 events"),
        "{stderr}"
    );
}

/// Reading a store that does not exist yet says so and leaves no file, nor its directory,
/// behind: `events list|export` are empty (exit 0), `events show|prune`, `fetch ID` and
/// `replay --from-store` exit 2.
#[test]
fn read_only_commands_create_no_store() {
    let sandbox = Sandbox::new();
    let store = sandbox.path("not-yet/events.db");
    let output = events(&sandbox, &store)
        .args(["list", "--json"])
        .output()
        .unwrap();
    assert_eq!(text(&output.stdout), "{\"events\":[]}\n");
    for (action, code) in [
        (&["list"][..], 0),
        (&["export"], 0),
        (&["show", "abc"], 2),
        (&["prune", "--all"], 2),
    ] {
        let output = events(&sandbox, &store).args(action).output().unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(output.status.code(), Some(code), "{action:?}: {stderr}");
        if action[0] != "list" {
            assert!(output.stdout.is_empty(), "{action:?}");
        }
        assert!(
            stderr.contains("there is no event store at") && stderr.contains("yet"),
            "{action:?}: {stderr}"
        );
    }
    let output = sandbox
        .cmd()
        .args(["fetch", "--api-url", "http://127.0.0.1:9/api", "--store"])
        .arg(&store)
        .arg("abc")
        .env("ROOMZ_API_TOKEN", "t")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("no event store at"), "{stderr}");
    let output = sandbox
        .cmd()
        .args([
            "replay",
            "http://127.0.0.1:9/webhook",
            "--from-store",
            "--store",
        ])
        .arg(&store)
        .env("ROOMZ_WEBHOOK_SECRET", "s")
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("there is no event store at"), "{stderr}");
    assert!(!store.exists(), "a reader created {}", store.display());
    assert!(
        !store.parent().unwrap().exists(),
        "a reader made its directory"
    );
}
