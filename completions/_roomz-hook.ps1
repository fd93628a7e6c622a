
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'roomz-hook' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'roomz-hook'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'roomz-hook' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the signature of a body (the exact bytes of FILE or stdin)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signatures of captured requests, and explain mismatches')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, validate, store and print each request')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Browse, export and prune the requests the listener stored')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send one realistic sample event of a type, signed, and show the answer')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a profile of the config file (0600): secret, webhook URL, API URL and token')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from, or the config file''s path')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Fetch an event''s details from the ROOMZ API (what your integration does next)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run a local stand-in for ROOMZ: its REST API, workspaces that change, signed events')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;sign' {
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function (ROOMZ uses sha512)')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature text encoding (ROOMZ uses base64)')
            [CompletionResult]::new('--curl', '--curl', [CompletionResultType]::ParameterName, 'Print a ready-to-run curl command that POSTs the body to URL with both signature headers')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'Print the header line `Roomz-Signature: SIG` instead of the bare signature')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;verify' {
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'A body file to check against --signature instead of captures')
            [CompletionResult]::new('--signature', '--signature', [CompletionResultType]::ParameterName, 'The signature to check the --body file against')
            [CompletionResult]::new('--algorithm', '--algorithm', [CompletionResultType]::ParameterName, 'HMAC hash function (ROOMZ uses sha512)')
            [CompletionResult]::new('--encoding', '--encoding', [CompletionResultType]::ParameterName, 'Signature text encoding (ROOMZ uses base64)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;listen' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind. Anything but loopback exposes the listener to your network')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port to bind; 0 picks a free one (the startup line names it)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'The webhook path; other paths get 404')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted; larger ones get 413 (e.g. 1MiB, 512KiB, 65536)')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'Answer this status instead of 200 to well-signed events (simulate a failing app)')
            [CompletionResult]::new('--delay', '--delay', [CompletionResultType]::ParameterName, 'Wait this long before answering (e.g. 500ms, 31s to trip ROOMZ''s 30 s timeout)')
            [CompletionResult]::new('--fail-rate', '--fail-rate', [CompletionResultType]::ParameterName, 'Answer 500 to this fraction of requests, at random (0.0 to 1.0)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N requests to the path: 0 if all were valid, 1 if any was not')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'With --count: exit 1 if fewer than N arrived in time. Alone: stop after DUR')
            [CompletionResult]::new('--events', '--events', [CompletionResultType]::ParameterName, 'Only print, forward and count these event types (comma-separated); others are still answered and stored')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'Pass each request on to your app at URL, headers and body unchanged, and print its answer')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate (PEM); needs --tls-key')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The private key (PEM) for --tls-cert')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'How long a client may take to send its request headers before it is cut off')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--tls-self-signed', '--tls-self-signed', [CompletionResultType]::ParameterName, 'Serve HTTPS with a certificate made up for this run (clients need --insecure)')
            [CompletionResult]::new('--no-verify', '--no-verify', [CompletionResultType]::ParameterName, 'Record signatures without checking them ("unchecked"), and answer 200 regardless')
            [CompletionResult]::new('--fetch', '--fetch', [CompletionResultType]::ParameterName, 'After answering each valid event, fetch its details from the ROOMZ API (--api-url, ROOMZ_API_URL or the profile; token from --token-file, ROOMZ_API_TOKEN or the profile), print them with the event and keep them in the store')
            [CompletionResult]::new('--no-save', '--no-save', [CompletionResultType]::ParameterName, 'Do not save the bound URL (and a generated secret) to the config file')
            [CompletionResult]::new('--ui', '--ui', [CompletionResultType]::ParameterName, 'Serve the inspector page (/_/) on a non-loopback --host too: anyone who can reach the port then sees every request (actions still need the page''s token)')
            [CompletionResult]::new('--no-ui', '--no-ui', [CompletionResultType]::ParameterName, 'No inspector page: /_/ and / are then ordinary webhook-listener paths')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;events' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The latest stored requests, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One stored request: its headers and its raw body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete stored requests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;events;list' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only these event types (comma-separated)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only requests received in the last DUR (e.g. 10m, 2h)')
            [CompletionResult]::new('--limit', '--limit', [CompletionResultType]::ParameterName, 'At most N requests')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;events;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--body', '--body', [CompletionResultType]::ParameterName, 'Print only the body, byte for byte (pipe it to `roomz-hook sign`)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;events;export' {
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'Only these event types (comma-separated)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'Only requests received in the last DUR (e.g. 10m, 2h)')
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'Only the event with this id')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;events;prune' {
            [CompletionResult]::new('--older-than', '--older-than', [CompletionResultType]::ParameterName, 'Delete requests received longer ago than DUR (e.g. 24h, 30m)')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Keep only the newest N requests')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Delete every stored request')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;events;help' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The latest stored requests, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One stored request: its headers and its raw body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete stored requests')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;events;help;list' {
            break
        }
        'roomz-hook;events;help;show' {
            break
        }
        'roomz-hook;events;help;export' {
            break
        }
        'roomz-hook;events;help;prune' {
            break
        }
        'roomz-hook;events;help;help' {
            break
        }
        'roomz-hook;replay' {
            [CompletionResult]::new('--id', '--id', [CompletionResultType]::ParameterName, 'With --from-store: only the request(s) with this event id')
            [CompletionResult]::new('--type', '--type', [CompletionResultType]::ParameterName, 'With --from-store: only these event types (comma-separated)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --from-store: only requests received in the last DUR (e.g. 10m, 2h)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Deliveries in flight at once; 1 keeps the input order exactly')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Deliveries in flight at once; 1 keeps the input order exactly')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'At most this many deliveries started per second (also N/m, N/h)')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after the first attempt, on connection errors, timeouts, 5xx and 429, with exponential backoff and jitter (a Retry-After answer is honoured, up to 60s)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for each answer (ROOMZ waits 30s)')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Deliver each event N times in a row, to test idempotency')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'The seed of --shuffle''s order, to repeat a run exactly')
            [CompletionResult]::new('--signature-header', '--signature-header', [CompletionResultType]::ParameterName, 'Send only this signature header, instead of both')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--from-store', '--from-store', [CompletionResultType]::ParameterName, 'Replay the requests `listen` stored in the event store, oldest first')
            [CompletionResult]::new('--fresh', '--fresh', [CompletionResultType]::ParameterName, 'Give every delivery a new `id` and the current `timestamp` (and sign the new bytes)')
            [CompletionResult]::new('--shuffle', '--shuffle', [CompletionResultType]::ParameterName, 'Deliver in a random order (reads every input first), to test out-of-order handling')
            [CompletionResult]::new('--dry-run', '--dry-run', [CompletionResultType]::ParameterName, 'Print each request that would be sent (URL, headers, body) and send nothing')
            [CompletionResult]::new('--keep-signature', '--keep-signature', [CompletionResultType]::ParameterName, 'Re-send each capture''s own signature header(s) as captured instead of signing')
            [CompletionResult]::new('--follow-redirects', '--follow-redirects', [CompletionResultType]::ParameterName, 'Follow 307 and 308 redirects, keeping method and body (other 3xx are reported)')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (a receiver with a self-signed one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;trigger' {
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'The receiver [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook]')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Override a field: a dotted path and a value read as JSON, else as a string (data.presenceStatus=Free, data.count=3). Repeatable')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long to wait for the answer')
            [CompletionResult]::new('--expect-status', '--expect-status', [CompletionResultType]::ParameterName, 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--print', '--print', [CompletionResultType]::ParameterName, 'Print the body and its signature instead of sending')
            [CompletionResult]::new('--insecure', '--insecure', [CompletionResultType]::ParameterName, 'Accept any TLS certificate (a receiver with a self-signed one)')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;init' {
            [CompletionResult]::new('--webhook-url', '--webhook-url', [CompletionResultType]::ParameterName, 'The URL ROOMZ delivers webhooks to (your integration''s endpoint)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--generate-secret', '--generate-secret', [CompletionResultType]::ParameterName, 'Make a new random whsec_ secret (replacing the profile''s); only its fingerprint is shown')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;config' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path (printed even when the file is missing or does not parse)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;config;show' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;config;path' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;config;help' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path (printed even when the file is missing or does not parse)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;config;help;show' {
            break
        }
        'roomz-hook;config;help;path' {
            break
        }
        'roomz-hook;config;help;help' {
            break
        }
        'roomz-hook;fetch' {
            [CompletionResult]::new('--event', '--event', [CompletionResultType]::ParameterName, 'Read the event from FILE instead: an event body or any capture (raw HTTP, JSON, HAR, NDJSON, curl). Each event in it is fetched')
            [CompletionResult]::new('--workspace', '--workspace', [CompletionResultType]::ParameterName, 'Fetch this workspace''s status directly')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one API request may take')
            [CompletionResult]::new('--retries', '--retries', [CompletionResultType]::ParameterName, 'Retries after a 429 or 5xx answer (honouring Retry-After, at most 30s each)')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;simulate' {
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address the simulated API binds')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'Port of the simulated API; 0 picks a free one (the startup line names it)')
            [CompletionResult]::new('--target', '--target', [CompletionResultType]::ParameterName, 'Where events are delivered [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook]')
            [CompletionResult]::new('--workspaces', '--workspaces', [CompletionResultType]::ParameterName, 'How many workspaces to simulate')
            [CompletionResult]::new('--every', '--every', [CompletionResultType]::ParameterName, 'Change one workspace''s presence this often; `off` changes only on POST /workspaces/{id}/status')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Make the workspaces and the sequence of changes repeatable (event ids stay unique)')
            [CompletionResult]::new('--shape', '--shape', [CompletionResultType]::ParameterName, 'Event shape: current (workspace.presence.changed) or old (workspace.status.updated)')
            [CompletionResult]::new('--max-attempts', '--max-attempts', [CompletionResultType]::ParameterName, 'Attempts per event before giving up (ROOMZ retries after 1s, 2s, 4s, ...)')
            [CompletionResult]::new('--first-retry', '--first-retry', [CompletionResultType]::ParameterName, 'The wait before the first retry; each further retry waits twice as long')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'How long one delivery may take before it counts as failed (ROOMZ: 30s)')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Stop once N events were delivered or given up on (the API stays up one more second for the receiver''s fetches): exit 0 if all were delivered, else 1')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--no-save', '--no-save', [CompletionResultType]::ParameterName, 'Do not save the API URL, token or a generated secret to the config file')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to colour output')
            [CompletionResult]::new('--secret-file', '--secret-file', [CompletionResultType]::ParameterName, 'File holding the webhook secret (one final newline is ignored)')
            [CompletionResult]::new('--secret', '--secret', [CompletionResultType]::ParameterName, 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET')
            [CompletionResult]::new('--api-url', '--api-url', [CompletionResultType]::ParameterName, 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]')
            [CompletionResult]::new('--token-file', '--token-file', [CompletionResultType]::ParameterName, 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile''s api_token')
            [CompletionResult]::new('--profile', '--profile', [CompletionResultType]::ParameterName, 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]')
            [CompletionResult]::new('--store', '--store', [CompletionResultType]::ParameterName, 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]')
            [CompletionResult]::new('--json', '--json', [CompletionResultType]::ParameterName, 'Machine output: one JSON object (or one per line for streams) on stdout')
            [CompletionResult]::new('-v', '-v', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('--verbose', '--verbose', [CompletionResultType]::ParameterName, 'Say more on stderr (repeat for more)')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only errors and machine output')
            [CompletionResult]::new('--no-store', '--no-store', [CompletionResultType]::ParameterName, 'Keep no event store (listen records nothing; events and --from-store are unavailable)')
            [CompletionResult]::new('--no-input', '--no-input', [CompletionResultType]::ParameterName, 'Never prompt; fail with a message naming the flag or variable to set instead')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'roomz-hook;help' {
            [CompletionResult]::new('sign', 'sign', [CompletionResultType]::ParameterValue, 'Print the signature of a body (the exact bytes of FILE or stdin)')
            [CompletionResult]::new('verify', 'verify', [CompletionResultType]::ParameterValue, 'Check the signatures of captured requests, and explain mismatches')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive webhooks locally: verify, validate, store and print each request')
            [CompletionResult]::new('events', 'events', [CompletionResultType]::ParameterValue, 'Browse, export and prune the requests the listener stored')
            [CompletionResult]::new('replay', 'replay', [CompletionResultType]::ParameterValue, 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries')
            [CompletionResult]::new('trigger', 'trigger', [CompletionResultType]::ParameterValue, 'Send one realistic sample event of a type, signed, and show the answer')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a profile of the config file (0600): secret, webhook URL, API URL and token')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the settings in effect and where each came from, or the config file''s path')
            [CompletionResult]::new('fetch', 'fetch', [CompletionResultType]::ParameterValue, 'Fetch an event''s details from the ROOMZ API (what your integration does next)')
            [CompletionResult]::new('simulate', 'simulate', [CompletionResultType]::ParameterValue, 'Run a local stand-in for ROOMZ: its REST API, workspaces that change, signed events')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'roomz-hook;help;sign' {
            break
        }
        'roomz-hook;help;verify' {
            break
        }
        'roomz-hook;help;listen' {
            break
        }
        'roomz-hook;help;events' {
            [CompletionResult]::new('list', 'list', [CompletionResultType]::ParameterValue, 'The latest stored requests, newest first')
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'One stored request: its headers and its raw body')
            [CompletionResult]::new('export', 'export', [CompletionResultType]::ParameterValue, 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read')
            [CompletionResult]::new('prune', 'prune', [CompletionResultType]::ParameterValue, 'Delete stored requests')
            break
        }
        'roomz-hook;help;events;list' {
            break
        }
        'roomz-hook;help;events;show' {
            break
        }
        'roomz-hook;help;events;export' {
            break
        }
        'roomz-hook;help;events;prune' {
            break
        }
        'roomz-hook;help;replay' {
            break
        }
        'roomz-hook;help;trigger' {
            break
        }
        'roomz-hook;help;init' {
            break
        }
        'roomz-hook;help;config' {
            [CompletionResult]::new('show', 'show', [CompletionResultType]::ParameterValue, 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret''s fingerprint shown')
            [CompletionResult]::new('path', 'path', [CompletionResultType]::ParameterValue, 'The config file''s path (printed even when the file is missing or does not parse)')
            break
        }
        'roomz-hook;help;config;show' {
            break
        }
        'roomz-hook;help;config;path' {
            break
        }
        'roomz-hook;help;fetch' {
            break
        }
        'roomz-hook;help;simulate' {
            break
        }
        'roomz-hook;help;completions' {
            break
        }
        'roomz-hook;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
