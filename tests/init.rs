//! `roomz-hook init` and `config show|path` as a user runs them: mostly without a
//! terminal, so init takes flags and environment only; the last section answers its
//! prompts on a pseudo-terminal (`script`).

mod common;

use common::{text, Sandbox};
use roomz_hook::core::secret::Secret;
use std::path::Path;
use std::process::Output;
use std::time::Duration;

const SECRET: &str = "whsec_init_test_secret_7f3a";
const TOKEN: &str = "tok_init_test_token_91bd";

/// A `roomz-hook` command in `sandbox` that cannot hang on a prompt.
fn cmd(sandbox: &Sandbox, args: &[&str]) -> assert_cmd::Command {
    let mut cmd = sandbox.cmd();
    cmd.args(args).timeout(Duration::from_secs(30));
    cmd
}

fn run(sandbox: &Sandbox, args: &[&str]) -> Output {
    cmd(sandbox, args).output().unwrap()
}

/// stdout and stderr together, for "never printed" checks.
fn all_output(output: &Output) -> String {
    text(&output.stdout) + &text(&output.stderr)
}

fn config(sandbox: &Sandbox) -> toml::Value {
    let text = std::fs::read_to_string(sandbox.path("config.toml")).expect("config written");
    toml::from_str(&text).expect("valid TOML")
}

/// `profiles.NAME.FIELD` of the sandbox's config file, or `None`.
fn field(sandbox: &Sandbox, profile: &str, name: &str) -> Option<String> {
    config(sandbox)["profiles"][profile]
        .get(name)
        .and_then(|v| v.as_str())
        .map(str::to_string)
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// Writes a full staging profile with init and returns the output.
fn init_staging(sandbox: &Sandbox) -> Output {
    let secret = sandbox.secret_file(&format!("{SECRET}\n"));
    let token = sandbox.write("token.txt", format!("{TOKEN}\n"));
    let output = run(
        sandbox,
        &[
            "init",
            "--no-input",
            "--secret-file",
            secret.to_str().unwrap(),
            "--webhook-url",
            "https://app.example.test/hooks/roomz",
            "--api-url",
            "https://api.example.test/v1",
            "--token-file",
            token.to_str().unwrap(),
            "--profile",
            "staging",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    output
}

fn assert_exit_2_mentioning(output: &Output, needles: &[&str]) {
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "stderr: {stderr}");
    for needle in needles {
        assert!(stderr.contains(needle), "stderr lacks {needle:?}: {stderr}");
    }
}

// ---------------------------------------------------------------------------------------
// init

#[test]
#[cfg(unix)]
fn no_input_writes_every_value_to_the_profile_with_mode_0600() {
    let sandbox = Sandbox::new();
    let output = init_staging(&sandbox);
    assert_eq!(mode(&sandbox.path("config.toml")), 0o600);
    let staging = &config(&sandbox)["profiles"]["staging"];
    let expected: toml::Value = toml::from_str(&format!(
        r#"secret = "{SECRET}"
api_url = "https://api.example.test/v1"
api_token = "{TOKEN}"
webhook_url = "https://app.example.test/hooks/roomz""#
    ))
    .unwrap();
    assert_eq!(staging, &expected);
    let shown = all_output(&output);
    assert!(!shown.contains(SECRET) && !shown.contains(TOKEN), "{shown}");
    let fingerprint = Secret::new(SECRET).fingerprint();
    assert!(shown.contains(&fingerprint), "{shown}");
    assert!(
        shown.contains(&format!("wrote {}", sandbox.path("config.toml").display())),
        "{shown}"
    );
}

#[test]
fn no_input_without_a_secret_exits_2_naming_the_ways_to_give_one() {
    let sandbox = Sandbox::new();
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--api-url",
            "https://api.example.test",
        ],
    );
    assert_exit_2_mentioning(
        &output,
        &[
            "--secret-file",
            "ROOMZ_WEBHOOK_SECRET",
            "--generate-secret",
            "--no-input was given",
        ],
    );
    assert!(!sandbox.path("config.toml").exists(), "nothing written");
}

#[test]
fn without_a_terminal_init_never_prompts() {
    let sandbox = Sandbox::new();
    // No --no-input, and stdin holds an answer a prompt could read: it must not be read.
    let output = cmd(&sandbox, &["init"])
        .write_stdin("whsec_typed_answer\n")
        .output()
        .unwrap();
    assert_exit_2_mentioning(
        &output,
        &[
            "--secret-file",
            "ROOMZ_WEBHOOK_SECRET",
            "not a terminal, so init cannot ask",
        ],
    );
    assert!(!sandbox.path("config.toml").exists());

    // With a secret in the environment it simply writes it, asking nothing.
    let output = cmd(&sandbox, &["init"])
        .env("ROOMZ_WEBHOOK_SECRET", SECRET)
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        field(&sandbox, "default", "secret").as_deref(),
        Some(SECRET)
    );
    assert!(!text(&output.stderr).contains("Webhook secret ("));
}

#[test]
fn environment_values_are_written() {
    let sandbox = Sandbox::new();
    let output = cmd(&sandbox, &["init", "--no-input"])
        .env("ROOMZ_WEBHOOK_SECRET", SECRET)
        .env("ROOMZ_API_URL", "https://env-api.example.test")
        .env("ROOMZ_API_TOKEN", TOKEN)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        field(&sandbox, "default", "secret").as_deref(),
        Some(SECRET)
    );
    assert_eq!(
        field(&sandbox, "default", "api_url").as_deref(),
        Some("https://env-api.example.test")
    );
    assert_eq!(
        field(&sandbox, "default", "api_token").as_deref(),
        Some(TOKEN)
    );
    assert_eq!(field(&sandbox, "default", "webhook_url"), None);
    let stderr = text(&output.stderr);
    assert!(stderr.contains("new, from env ROOMZ_API_TOKEN"), "{stderr}");
    assert!(!all_output(&output).contains(TOKEN));
}

#[test]
fn a_bad_webhook_url_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--generate-secret",
            "--webhook-url",
            "localhost:3000/hooks",
        ],
    );
    assert_exit_2_mentioning(
        &output,
        &[
            "webhook_url from flag --webhook-url must start with http:// or https://",
            "'localhost:3000/hooks'",
        ],
    );
    assert!(!sandbox.path("config.toml").exists());
}

#[test]
fn an_unreadable_token_file_is_a_usage_error_naming_it() {
    let sandbox = Sandbox::new();
    let missing = sandbox.path("no-such-token.txt");
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--generate-secret",
            "--token-file",
            missing.to_str().unwrap(),
        ],
    );
    assert_exit_2_mentioning(
        &output,
        &[&format!(
            "cannot read {} (given to --token-file)",
            missing.display()
        )],
    );
    assert!(!sandbox.path("config.toml").exists());
}

#[test]
fn generate_secret_saves_a_whsec_secret_and_shows_only_its_fingerprint() {
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &["init", "--no-input", "--generate-secret"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let secret = field(&sandbox, "default", "secret").expect("a secret saved");
    assert!(
        secret.starts_with("whsec_") && secret.len() > 40,
        "{secret}"
    );
    let shown = all_output(&output);
    assert!(!shown.contains(&secret), "the secret was printed: {shown}");
    let fingerprint = Secret::new(secret.clone()).fingerprint();
    assert!(
        shown.contains(&format!(
            "whsec_******** ({fingerprint})  new, from flag --generate-secret"
        )),
        "{shown}"
    );

    // Again, with --json and --force: a new secret replaces the old; one object,
    // fingerprints only.
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--generate-secret",
            "--force",
            "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let renewed = field(&sandbox, "default", "secret").unwrap();
    assert_ne!(renewed, secret);
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "path": sandbox.path("config.toml"),
            "profile": "default",
            "fields": {
                "secret": {
                    "value": format!("whsec_******** ({})", Secret::new(renewed.clone()).fingerprint()),
                    "status": "replaced",
                    "source": "flag --generate-secret",
                },
            },
            "secret_fingerprint": Secret::new(renewed.clone()).fingerprint(),
            "previous_secret_fingerprint": fingerprint,
        })
    );
    assert!(!all_output(&output).contains(&renewed));
}

#[test]
fn generate_secret_conflicts_with_a_given_secret() {
    let sandbox = Sandbox::new();
    let secret = sandbox.secret_file(SECRET);
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--generate-secret",
            "--secret-file",
            secret.to_str().unwrap(),
        ],
    );
    assert_exit_2_mentioning(&output, &["--generate-secret", "cannot be used with"]);
}

#[test]
fn generate_secret_never_replaces_a_saved_secret_without_force() {
    let sandbox = Sandbox::new();
    init_staging(&sandbox);
    let old = Secret::new(SECRET).fingerprint();
    let args = [
        "init",
        "--no-input",
        "--profile",
        "staging",
        "--generate-secret",
    ];
    let refused = run(&sandbox, &args);
    assert_exit_2_mentioning(
        &refused,
        &["profile 'staging'", "already has a secret", &old, "--force"],
    );
    assert_eq!(
        field(&sandbox, "staging", "secret").as_deref(),
        Some(SECRET)
    );

    let forced = run(&sandbox, &[&args[..], &["--force"]].concat());
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    let new = field(&sandbox, "staging", "secret").unwrap();
    assert!(new.starts_with("whsec_") && new != SECRET);
    let stderr = text(&forced.stderr);
    let changed = format!(
        "the secret changed from {old} to {}",
        Secret::new(new.clone()).fingerprint()
    );
    assert!(stderr.contains(&changed), "{stderr}");
    assert!(
        !stderr.contains(&new),
        "the new secret is never printed: {stderr}"
    );
}

#[test]
fn generate_secret_json_names_the_replaced_fingerprint() {
    let sandbox = Sandbox::new();
    init_staging(&sandbox);
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--profile",
            "staging",
            "--generate-secret",
            "--force",
            "--json",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json["previous_secret_fingerprint"],
        Secret::new(SECRET).fingerprint()
    );
    assert_ne!(
        json["secret_fingerprint"],
        json["previous_secret_fingerprint"]
    );
}

#[test]
fn force_without_generate_secret_is_a_usage_error() {
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &["init", "--no-input", "--force"]);
    assert_exit_2_mentioning(&output, &["--generate-secret"]);
}

#[test]
fn rerunning_init_keeps_the_values_not_given() {
    let sandbox = Sandbox::new();
    init_staging(&sandbox);
    let output = run(
        &sandbox,
        &[
            "init",
            "--no-input",
            "--profile",
            "staging",
            "--api-url",
            "https://api-v2.example.test",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let get = |name| field(&sandbox, "staging", name);
    assert_eq!(get("secret").as_deref(), Some(SECRET));
    assert_eq!(get("api_token").as_deref(), Some(TOKEN));
    assert_eq!(
        get("webhook_url").as_deref(),
        Some("https://app.example.test/hooks/roomz")
    );
    assert_eq!(
        get("api_url").as_deref(),
        Some("https://api-v2.example.test")
    );
    let stderr = text(&output.stderr);
    let lines: Vec<String> = stderr
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    let fingerprint = Secret::new(SECRET).fingerprint();
    assert_eq!(
        lines,
        [
            format!("secret whsec_******** ({fingerprint}) kept"),
            "webhook_url https://app.example.test/hooks/roomz kept".to_string(),
            "api_url https://api-v2.example.test replaced, from flag --api-url".to_string(),
            "api_token ******** kept".to_string(),
        ]
    );
}

#[test]
fn a_new_profile_is_added_beside_the_others() {
    let sandbox = Sandbox::new();
    init_staging(&sandbox);
    let output = cmd(&sandbox, &["init", "--no-input", "--profile", "prod"])
        .env("ROOMZ_WEBHOOK_SECRET", "whsec_prod")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert_eq!(
        field(&sandbox, "prod", "secret").as_deref(),
        Some("whsec_prod")
    );
    assert_eq!(field(&sandbox, "prod", "api_url"), None);
    assert_eq!(
        field(&sandbox, "staging", "secret").as_deref(),
        Some(SECRET)
    );
}

// ---------------------------------------------------------------------------------------
// config show, config path

/// A default profile with a secret, an API URL and a token, written by hand.
fn hand_written_config(sandbox: &Sandbox) {
    sandbox.write(
        "config.toml",
        format!(
            "[profiles.default]\nsecret = \"{SECRET}\"\napi_url = \"https://profile-api.example.test\"\napi_token = \"{TOKEN}\"\n"
        ),
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let private = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(sandbox.path("config.toml"), private).unwrap();
    }
}

/// The table row of `name`, its columns joined by single spaces.
fn row(stdout: &str, name: &str) -> String {
    let line = stdout
        .lines()
        .find(|l| l.split_whitespace().next() == Some(name))
        .unwrap_or_else(|| panic!("no {name} row in:\n{stdout}"));
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn config_show_names_where_each_setting_came_from() {
    let sandbox = Sandbox::new();
    hand_written_config(&sandbox);
    let path = sandbox.path("config.toml");
    let in_profile = format!("profile 'default' in {}", path.display());
    let fingerprint = Secret::new(SECRET).fingerprint();

    let output = run(&sandbox, &["config", "show"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert_eq!(
        row(&stdout, "secret"),
        format!("secret whsec_******** ({fingerprint}) {in_profile}")
    );
    assert_eq!(
        row(&stdout, "api_url"),
        format!("api_url https://profile-api.example.test {in_profile}")
    );
    assert_eq!(
        row(&stdout, "api_token"),
        format!("api_token ******** {in_profile}")
    );
    assert_eq!(row(&stdout, "auth_scheme"), "auth_scheme Basic default");
    assert_eq!(row(&stdout, "profile"), "profile default default");
    assert_eq!(
        row(&stdout, "config"),
        format!("config {} env ROOMZ_HOOK_CONFIG", path.display())
    );
    assert_eq!(row(&stdout, "webhook_url"), "webhook_url not set");
    assert!(
        !stdout.contains(SECRET) && !stdout.contains(TOKEN),
        "{stdout}"
    );
    assert_eq!(text(&output.stderr), "", "no warning for a 0600 file");

    let output = cmd(&sandbox, &["config", "show"])
        .env("ROOMZ_API_URL", "https://env-api.example.test")
        .output()
        .unwrap();
    assert_eq!(
        row(&text(&output.stdout), "api_url"),
        "api_url https://env-api.example.test env ROOMZ_API_URL"
    );

    let output = cmd(
        &sandbox,
        &[
            "config",
            "show",
            "--api-url",
            "https://flag-api.example.test",
        ],
    )
    .env("ROOMZ_API_URL", "https://env-api.example.test")
    .output()
    .unwrap();
    assert_eq!(
        row(&text(&output.stdout), "api_url"),
        "api_url https://flag-api.example.test flag --api-url"
    );
}

#[test]
fn config_show_json_holds_the_same_facts() {
    let sandbox = Sandbox::new();
    hand_written_config(&sandbox);
    let output = cmd(&sandbox, &["config", "show", "--json"])
        .env("ROOMZ_API_URL", "https://env-api.example.test")
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        !stdout.contains(SECRET) && !stdout.contains(TOKEN),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 1, "one object: {stdout}");
    let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    let in_profile = format!(
        "profile 'default' in {}",
        sandbox.path("config.toml").display()
    );
    let fingerprint = Secret::new(SECRET).fingerprint();
    assert_eq!(json["config_exists"], true);
    let settings = &json["settings"];
    assert_eq!(
        settings["secret"],
        serde_json::json!({
            "value": format!("whsec_******** ({fingerprint})"),
            "source": in_profile,
            "fingerprint": fingerprint,
        })
    );
    assert_eq!(
        settings["api_url"],
        serde_json::json!({"value": "https://env-api.example.test", "source": "env ROOMZ_API_URL"})
    );
    assert_eq!(
        settings["api_token"],
        serde_json::json!({"value": "********", "source": in_profile})
    );
    assert_eq!(
        settings["auth_scheme"],
        serde_json::json!({"value": "Basic", "source": "default"})
    );
    assert_eq!(
        settings["webhook_url"],
        serde_json::json!({"value": null, "source": null})
    );
}

#[test]
fn config_show_on_a_malformed_file_exits_2_with_file_and_line() {
    let sandbox = Sandbox::new();
    let path = sandbox.write(
        "config.toml",
        "[profiles.default]\napi_url = \"https://x.test\"\nsecret = whsec_unquoted\n",
    );
    let output = run(&sandbox, &["config", "show"]);
    assert_exit_2_mentioning(
        &output,
        &[&format!(
            "config file {} is not valid at line 3",
            path.display()
        )],
    );
    assert!(!all_output(&output).contains("whsec_unquoted"));

    // `config path` still tells where the file is, so it can be fixed.
    let output = run(&sandbox, &["config", "path"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stdout), format!("{}\n", path.display()));
}

#[test]
#[cfg(unix)]
fn config_show_warns_about_a_file_others_can_read() {
    use std::os::unix::fs::PermissionsExt;
    let sandbox = Sandbox::new();
    hand_written_config(&sandbox);
    let path = sandbox.path("config.toml");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let output = run(&sandbox, &["config", "show"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains(&format!("{} has mode 0644", path.display())),
        "{stderr}"
    );
    assert!(stderr.contains("chmod 600"), "{stderr}");
}

#[test]
fn config_path_json_says_where_and_whether_it_exists() {
    let sandbox = Sandbox::new();
    let output = run(&sandbox, &["config", "path", "--json"]);
    assert_eq!(output.status.code(), Some(0));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "path": sandbox.path("config.toml"),
            "source": "env ROOMZ_HOOK_CONFIG",
            "exists": false,
        })
    );
}

// ---------------------------------------------------------------------------------------
// init on a terminal: `script` (util-linux) gives the binary a pseudo-terminal

/// `roomz-hook ARGS` on a pseudo-terminal, answered prompt by prompt like `expect`.
#[cfg(target_os = "linux")]
struct Terminal {
    child: std::process::Child,
    input: std::process::ChildStdin,
    transcript: common::Collected,
    /// The pseudo-terminal's device (`/dev/pts/N`), whose settings `answer` reads.
    tty: String,
    seen: usize,
}

#[cfg(target_os = "linux")]
impl Terminal {
    fn start(sandbox: &Sandbox, args: &[&str], env: &[(&str, &str)]) -> Terminal {
        use std::process::{Command, Stdio};
        let quote = |word: &str| format!("'{}'", word.replace('\'', r"'\''"));
        // `tty` first names the terminal on the transcript's first line; then the shell
        // becomes roomz-hook.
        let mut line = format!(
            "tty && exec {}",
            quote(&common::binary().display().to_string())
        );
        for arg in args {
            line.push(' ');
            line.push_str(&quote(arg));
        }
        let mut cmd = Command::new("script");
        for (key, value) in sandbox.cmd().get_envs() {
            match value {
                Some(v) => cmd.env(key, v),
                None => cmd.env_remove(key),
            };
        }
        cmd.envs(env.iter().copied())
            .env("TERM", "xterm")
            .env("SHELL", "/bin/sh")
            .args(["-qec", &line, "/dev/null"])
            .current_dir(sandbox.dir.path())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null());
        let mut child = cmd.spawn().expect("run `script` (util-linux)");
        let input = child.stdin.take().unwrap();
        let transcript = common::Collected::new(child.stdout.take().unwrap());
        let (tty, seen) = transcript
            .wait_for(Duration::from_secs(20), |text| {
                let end = text.find('\n')?;
                Some((text[..end].trim_end().to_string(), end + 1))
            })
            .unwrap_or_else(|text| panic!("`tty` printed no line on the terminal:\n{text}"));
        assert!(tty.starts_with("/dev/"), "not a terminal: {tty:?}");
        Terminal {
            child,
            input,
            transcript,
            tty,
            seen,
        }
    }

    /// Waits until `text` appears after what was already expected (woken by each chunk
    /// of output, up to 20 s).
    fn expect(&mut self, text: &str) {
        let seen = self.seen;
        self.seen = self
            .transcript
            .wait_for(Duration::from_secs(20), |transcript| {
                let at = transcript[seen..].find(text)?;
                Some(seen + at + text.len())
            })
            .unwrap_or_else(|transcript| panic!("no {text:?} on the terminal:\n{transcript}"));
    }

    /// Types `answer` and Enter, once the program is reading it: call it after `expect`
    /// saw the prompt, and it waits until the terminal no longer echoes. The prompt being
    /// printed is not enough: dialoguer prints a hidden prompt first and only then turns
    /// echo off (console's `read_secure`, with TCSAFLUSH, which would also throw away what
    /// was typed before); a visible prompt reads each key in raw mode, echo off too.
    fn answer(&mut self, answer: &str) {
        use std::io::Write;
        // Nothing notifies a change of terminal settings to this side of `script`, so
        // this polls `stty` until echo is off, with a deadline.
        let deadline = std::time::Instant::now() + Duration::from_secs(20);
        while self.echoing() {
            assert!(
                std::time::Instant::now() < deadline,
                "the terminal still echoes 20 s after the prompt, before {answer:?}:\n{}",
                self.transcript.text()
            );
            std::thread::sleep(Duration::from_millis(5));
        }
        self.input
            .write_all(format!("{answer}\r").as_bytes())
            .unwrap();
        self.input.flush().unwrap();
    }

    /// Whether the terminal has ECHO set, as `stty -a` tells.
    fn echoing(&self) -> bool {
        let output = std::process::Command::new("stty")
            .args(["-a", "-F", &self.tty])
            .output()
            .expect("run stty");
        assert!(
            output.status.success(),
            "stty -F {}: {}\nterminal:\n{}",
            self.tty,
            text(&output.stderr),
            self.transcript.text()
        );
        text(&output.stdout)
            .split_whitespace()
            .any(|flag| flag == "echo")
    }

    /// Waits (up to 20 s) for the end of the transcript, which comes when `script` and
    /// roomz-hook exit, joins its reader and the process, and returns the exit code and
    /// the whole transcript.
    fn finish(mut self) -> (Option<i32>, String) {
        match self.transcript.finish_within(Duration::from_secs(20)) {
            Ok(transcript) => (self.child.wait().unwrap().code(), transcript),
            Err(transcript) => {
                let _ = self.child.kill();
                let _ = self.child.wait();
                panic!("roomz-hook did not end 20 s after the last answer:\n{transcript}");
            }
        }
    }
}

#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_init_asks_hides_the_secret_and_reasks_a_bad_url() {
    let sandbox = Sandbox::new();
    let mut term = Terminal::start(&sandbox, &["init"], &[]);
    term.expect("Profile [default]");
    term.answer("dev");
    term.expect("Webhook secret (hidden; empty generates a new whsec_ secret)");
    term.answer(SECRET);
    term.expect("Webhook URL (where ROOMZ delivers) (empty leaves it unset)");
    term.answer("localhost:3000/hooks");
    term.expect("must start with http:// or https://");
    term.answer("http://localhost:3000/hooks");
    term.expect("ROOMZ API URL (empty leaves it unset)");
    term.answer("");
    term.expect("ROOMZ API token (hidden; empty leaves it unset)");
    term.answer(TOKEN);
    let (code, transcript) = term.finish();
    assert_eq!(code, Some(0), "{transcript}");
    assert!(
        !transcript.contains(SECRET) && !transcript.contains(TOKEN),
        "{transcript}"
    );
    assert!(transcript.contains("new, from prompt"), "{transcript}");
    let get = |name| field(&sandbox, "dev", name);
    assert_eq!(get("secret").as_deref(), Some(SECRET));
    assert_eq!(
        get("webhook_url").as_deref(),
        Some("http://localhost:3000/hooks")
    );
    assert_eq!(get("api_url"), None);
    assert_eq!(get("api_token").as_deref(), Some(TOKEN));

    // Again on that profile: Enter keeps each value; one given by a variable is not asked.
    let fingerprint = Secret::new(SECRET).fingerprint();
    let env = [("ROOMZ_API_URL", "https://env-api.example.test")];
    let mut term = Terminal::start(&sandbox, &["init", "--profile", "dev"], &env);
    term.expect(&format!(
        "Webhook secret (hidden; empty keeps the current one, {fingerprint})"
    ));
    term.answer("");
    term.expect("Webhook URL (where ROOMZ delivers) [http://localhost:3000/hooks]");
    term.answer("");
    term.expect("ROOMZ API token (hidden; empty keeps the current one)");
    term.answer("");
    let (code, transcript) = term.finish();
    assert_eq!(code, Some(0), "{transcript}");
    assert!(
        !transcript.contains("Profile ["),
        "profile given: {transcript}"
    );
    assert!(
        !transcript.contains("ROOMZ API URL"),
        "env given: {transcript}"
    );
    assert_eq!(get("secret").as_deref(), Some(SECRET));
    assert_eq!(get("api_token").as_deref(), Some(TOKEN));
    assert_eq!(
        get("webhook_url").as_deref(),
        Some("http://localhost:3000/hooks")
    );
    assert_eq!(
        get("api_url").as_deref(),
        Some("https://env-api.example.test")
    );
}

#[test]
#[cfg(target_os = "linux")]
fn on_a_terminal_generate_secret_asks_before_replacing() {
    let sandbox = Sandbox::new();
    init_staging(&sandbox);
    let old = Secret::new(SECRET).fingerprint();
    let args = ["init", "--profile", "staging", "--generate-secret"];
    let mut term = Terminal::start(&sandbox, &args, &[]);
    term.expect(&format!(
        "Profile 'staging' already has a secret ({old}). Replace it"
    ));
    term.answer("n");
    let (code, transcript) = term.finish();
    assert_eq!(code, Some(2), "{transcript}");
    assert!(
        transcript.contains("kept the current secret"),
        "{transcript}"
    );
    assert_eq!(
        field(&sandbox, "staging", "secret").as_deref(),
        Some(SECRET)
    );
}
