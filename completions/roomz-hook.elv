
use builtin;
use str;

set edit:completion:arg-completer[roomz-hook] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'roomz-hook'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'roomz-hook'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand sign 'Print the signature of a body (the exact bytes of FILE or stdin)'
            cand verify 'Check the signatures of captured requests, and explain mismatches'
            cand listen 'Receive webhooks locally: verify, validate, store and print each request'
            cand events 'Browse, export and prune the requests the listener stored'
            cand replay 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries'
            cand trigger 'Send one realistic sample event of a type, signed, and show the answer'
            cand init 'Write a profile of the config file (0600): secret, webhook URL, API URL and token'
            cand config 'Show the settings in effect and where each came from, or the config file''s path'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;sign'= {
            cand --algorithm 'HMAC hash function (ROOMZ uses sha512)'
            cand --encoding 'Signature text encoding (ROOMZ uses base64)'
            cand --curl 'Print a ready-to-run curl command that POSTs the body to URL with both signature headers'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --header 'Print the header line `Roomz-Signature: SIG` instead of the bare signature'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;verify'= {
            cand --body 'A body file to check against --signature instead of captures'
            cand --signature 'The signature to check the --body file against'
            cand --algorithm 'HMAC hash function (ROOMZ uses sha512)'
            cand --encoding 'Signature text encoding (ROOMZ uses base64)'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;listen'= {
            cand --host 'Address to bind. Anything but loopback exposes the listener to your network'
            cand --port 'Port to bind; 0 picks a free one (the startup line names it)'
            cand --path 'The webhook path; other paths get 404'
            cand --max-body 'Largest body accepted; larger ones get 413 (e.g. 1MiB, 512KiB, 65536)'
            cand --status 'Answer this status instead of 200 to well-signed events (simulate a failing app)'
            cand --delay 'Wait this long before answering (e.g. 500ms, 31s to trip ROOMZ''s 30 s timeout)'
            cand --fail-rate 'Answer 500 to this fraction of requests, at random (0.0 to 1.0)'
            cand --count 'Exit after N requests to the path: 0 if all were valid, 1 if any was not'
            cand --timeout 'With --count: exit 1 if fewer than N arrived in time. Alone: stop after DUR'
            cand --events 'Only print, forward and count these event types (comma-separated); others are still answered and stored'
            cand --forward-to 'Pass each request on to your app at URL, headers and body unchanged, and print its answer'
            cand --tls-cert 'Serve HTTPS with this certificate (PEM); needs --tls-key'
            cand --tls-key 'The private key (PEM) for --tls-cert'
            cand --header-timeout 'How long a client may take to send its request headers before it is cut off'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --tls-self-signed 'Serve HTTPS with a certificate made up for this run (clients need --insecure)'
            cand --no-verify 'Record signatures without checking them ("unchecked"), and answer 200 regardless'
            cand --no-save 'Do not save the bound URL (and a generated secret) to the config file'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;events'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'The latest stored requests, newest first'
            cand show 'One stored request: its headers and its raw body'
            cand export 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
            cand prune 'Delete stored requests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;events;list'= {
            cand --type 'Only these event types (comma-separated)'
            cand --since 'Only requests received in the last DUR (e.g. 10m, 2h)'
            cand --limit 'At most N requests'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;events;show'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --body 'Print only the body, byte for byte (pipe it to `roomz-hook sign`)'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;events;export'= {
            cand --type 'Only these event types (comma-separated)'
            cand --since 'Only requests received in the last DUR (e.g. 10m, 2h)'
            cand --id 'Only the event with this id'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;events;prune'= {
            cand --older-than 'Delete requests received longer ago than DUR (e.g. 24h, 30m)'
            cand --keep 'Keep only the newest N requests'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --all 'Delete every stored request'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;events;help'= {
            cand list 'The latest stored requests, newest first'
            cand show 'One stored request: its headers and its raw body'
            cand export 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
            cand prune 'Delete stored requests'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;events;help;list'= {
        }
        &'roomz-hook;events;help;show'= {
        }
        &'roomz-hook;events;help;export'= {
        }
        &'roomz-hook;events;help;prune'= {
        }
        &'roomz-hook;events;help;help'= {
        }
        &'roomz-hook;replay'= {
            cand --id 'With --from-store: only the request(s) with this event id'
            cand --type 'With --from-store: only these event types (comma-separated)'
            cand --since 'With --from-store: only requests received in the last DUR (e.g. 10m, 2h)'
            cand -c 'Deliveries in flight at once; 1 keeps the input order exactly'
            cand --concurrency 'Deliveries in flight at once; 1 keeps the input order exactly'
            cand --rate 'At most this many deliveries started per second (also N/m, N/h)'
            cand --retries 'Retries after the first attempt, on connection errors, timeouts, 5xx and 429, with exponential backoff and jitter (a Retry-After answer is honoured, up to 60s)'
            cand --timeout 'How long to wait for each answer (ROOMZ waits 30s)'
            cand --repeat 'Deliver each event N times in a row, to test idempotency'
            cand --expect-status 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)'
            cand --seed 'The seed of --shuffle''s order, to repeat a run exactly'
            cand --signature-header 'Send only this signature header, instead of both'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --from-store 'Replay the requests `listen` stored in the event store, oldest first'
            cand --fresh 'Give every delivery a new `id` and the current `timestamp` (and sign the new bytes)'
            cand --shuffle 'Deliver in a random order (reads every input first), to test out-of-order handling'
            cand --dry-run 'Print each request that would be sent (URL, headers, body) and send nothing'
            cand --keep-signature 'Re-send each capture''s own signature header(s) as captured instead of signing'
            cand --follow-redirects 'Follow 307 and 308 redirects, keeping method and body (other 3xx are reported)'
            cand --insecure 'Accept any TLS certificate (a receiver with a self-signed one)'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;trigger'= {
            cand --url 'The receiver [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook]'
            cand --set 'Override a field: a dotted path and a value read as JSON, else as a string (data.presenceStatus=Free, data.count=3). Repeatable'
            cand --timeout 'How long to wait for the answer'
            cand --expect-status 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --print 'Print the body and its signature instead of sending'
            cand --insecure 'Accept any TLS certificate (a receiver with a self-signed one)'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;init'= {
            cand --webhook-url 'The URL ROOMZ delivers webhooks to (your integration''s endpoint)'
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --generate-secret 'Make a new random whsec_ secret (replacing the profile''s); only its fingerprint is shown'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;config'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown'
            cand path 'The config file''s path (printed even when the file is missing or does not parse)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;config;show'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;config;path'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;config;help'= {
            cand show 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown'
            cand path 'The config file''s path (printed even when the file is missing or does not parse)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;config;help;show'= {
        }
        &'roomz-hook;config;help;path'= {
        }
        &'roomz-hook;config;help;help'= {
        }
        &'roomz-hook;completions'= {
            cand --color 'When to colour output'
            cand --secret-file 'File holding the webhook secret (one final newline is ignored)'
            cand --secret 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET'
            cand --api-url 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]'
            cand --token-file 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token'
            cand --profile 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]'
            cand --config 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]'
            cand --store 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]'
            cand --json 'Machine output: one JSON object (or one per line for streams) on stdout'
            cand -v 'Say more on stderr (repeat for more)'
            cand --verbose 'Say more on stderr (repeat for more)'
            cand -q 'Print only errors and machine output'
            cand --quiet 'Print only errors and machine output'
            cand --no-store 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
            cand --no-input 'Never prompt; fail with a message naming the flag or variable to set instead'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'roomz-hook;help'= {
            cand sign 'Print the signature of a body (the exact bytes of FILE or stdin)'
            cand verify 'Check the signatures of captured requests, and explain mismatches'
            cand listen 'Receive webhooks locally: verify, validate, store and print each request'
            cand events 'Browse, export and prune the requests the listener stored'
            cand replay 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries'
            cand trigger 'Send one realistic sample event of a type, signed, and show the answer'
            cand init 'Write a profile of the config file (0600): secret, webhook URL, API URL and token'
            cand config 'Show the settings in effect and where each came from, or the config file''s path'
            cand completions 'Print a shell completion script'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'roomz-hook;help;sign'= {
        }
        &'roomz-hook;help;verify'= {
        }
        &'roomz-hook;help;listen'= {
        }
        &'roomz-hook;help;events'= {
            cand list 'The latest stored requests, newest first'
            cand show 'One stored request: its headers and its raw body'
            cand export 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
            cand prune 'Delete stored requests'
        }
        &'roomz-hook;help;events;list'= {
        }
        &'roomz-hook;help;events;show'= {
        }
        &'roomz-hook;help;events;export'= {
        }
        &'roomz-hook;help;events;prune'= {
        }
        &'roomz-hook;help;replay'= {
        }
        &'roomz-hook;help;trigger'= {
        }
        &'roomz-hook;help;init'= {
        }
        &'roomz-hook;help;config'= {
            cand show 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown'
            cand path 'The config file''s path (printed even when the file is missing or does not parse)'
        }
        &'roomz-hook;help;config;show'= {
        }
        &'roomz-hook;help;config;path'= {
        }
        &'roomz-hook;help;completions'= {
        }
        &'roomz-hook;help;help'= {
        }
    ]
    $completions[$command]
}
