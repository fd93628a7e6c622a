# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_roomz_hook_global_optspecs
    string join \n json color= v/verbose q/quiet secret-file= secret= api-url= token-file= profile= config= store= no-store no-input h/help V/version
end

function __fish_roomz_hook_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_roomz_hook_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_roomz_hook_using_subcommand
    set -l cmd (__fish_roomz_hook_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "sign" -d 'Print the signature of a body (the exact bytes of FILE or stdin)'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "verify" -d 'Check the signatures of captured requests, and explain mismatches'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "listen" -d 'Receive webhooks locally: verify, validate, store and print each request'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "events" -d 'Browse, export and prune the requests the listener stored'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "replay" -d 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "trigger" -d 'Send one realistic sample event of a type, signed, and show the answer'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "init" -d 'Write a profile of the config file (0600): secret, webhook URL, API URL and token'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "config" -d 'Show the settings in effect and where each came from, or the config file\'s path'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "fetch" -d 'Fetch an event\'s details from the ROOMZ API (what your integration does next)'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "simulate" -d 'Run a local stand-in for ROOMZ: its REST API, workspaces that change, signed events'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c roomz-hook -n "__fish_roomz_hook_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l algorithm -d 'HMAC hash function (ROOMZ uses sha512)' -r -f -a "sha512\t''
sha256\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l encoding -d 'Signature text encoding (ROOMZ uses base64)' -r -f -a "base64\t''
hex\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l curl -d 'Print a ready-to-run curl command that POSTs the body to URL with both signature headers' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l header -d 'Print the header line `Roomz-Signature: SIG` instead of the bare signature'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand sign" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l body -d 'A body file to check against --signature instead of captures' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l signature -d 'The signature to check the --body file against' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l algorithm -d 'HMAC hash function (ROOMZ uses sha512)' -r -f -a "sha512\t''
sha256\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l encoding -d 'Signature text encoding (ROOMZ uses base64)' -r -f -a "base64\t''
hex\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand verify" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l host -d 'Address to bind. Anything but loopback exposes the listener to your network' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l port -d 'Port to bind; 0 picks a free one (the startup line names it)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l path -d 'The webhook path; other paths get 404' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l max-body -d 'Largest body accepted; larger ones get 413 (e.g. 1MiB, 512KiB, 65536)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l status -d 'Answer this status instead of 200 to well-signed events (simulate a failing app)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l delay -d 'Wait this long before answering (e.g. 500ms, 31s to trip ROOMZ\'s 30 s timeout)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l fail-rate -d 'Answer 500 to this fraction of requests, at random (0.0 to 1.0)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l count -d 'Exit after N requests to the path: 0 if all were valid, 1 if any was not' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l timeout -d 'With --count: exit 1 if fewer than N arrived in time. Alone: stop after DUR' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l events -d 'Only print, forward and count these event types (comma-separated); others are still answered and stored' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l forward-to -d 'Pass each request on to your app at URL, headers and body unchanged, and print its answer' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l tls-cert -d 'Serve HTTPS with this certificate (PEM); needs --tls-key' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l tls-key -d 'The private key (PEM) for --tls-cert' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l header-timeout -d 'How long a client may take to send its request headers before it is cut off' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l tls-self-signed -d 'Serve HTTPS with a certificate made up for this run (clients need --insecure)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l no-verify -d 'Record signatures without checking them ("unchecked"), and answer 200 regardless'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l fetch -d 'After answering each valid event, fetch its details from the ROOMZ API (--api-url, ROOMZ_API_URL or the profile; token from --token-file, ROOMZ_API_TOKEN or the profile), print them with the event and keep them in the store'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l no-save -d 'Do not save the bound URL (and a generated secret) to the config file'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l ui -d 'Serve the inspector page (/_/) on a non-loopback --host too: anyone who can reach the port then sees every request (actions still need the page\'s token)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l no-ui -d 'No inspector page: /_/ and / are then ordinary webhook-listener paths'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand listen" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -f -a "list" -d 'The latest stored requests, newest first'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -f -a "show" -d 'One stored request: its headers and its raw body'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -f -a "export" -d 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -f -a "prune" -d 'Delete stored requests'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and not __fish_seen_subcommand_from list show export prune help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l type -d 'Only these event types (comma-separated)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l since -d 'Only requests received in the last DUR (e.g. 10m, 2h)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l limit -d 'At most N requests' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l body -d 'Print only the body, byte for byte (pipe it to `roomz-hook sign`)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l type -d 'Only these event types (comma-separated)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l since -d 'Only requests received in the last DUR (e.g. 10m, 2h)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l id -d 'Only the event with this id' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l older-than -d 'Delete requests received longer ago than DUR (e.g. 24h, 30m)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l keep -d 'Keep only the newest N requests' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l all -d 'Delete every stored request'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from prune" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "list" -d 'The latest stored requests, newest first'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "show" -d 'One stored request: its headers and its raw body'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "export" -d 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "prune" -d 'Delete stored requests'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand events; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l id -d 'With --from-store: only the request(s) with this event id' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l type -d 'With --from-store: only these event types (comma-separated)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l since -d 'With --from-store: only requests received in the last DUR (e.g. 10m, 2h)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -s c -l concurrency -d 'Deliveries in flight at once; 1 keeps the input order exactly' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l rate -d 'At most this many deliveries started per second (also N/m, N/h)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l retries -d 'Retries after the first attempt, on connection errors, timeouts, 5xx and 429, with exponential backoff and jitter (a Retry-After answer is honoured, up to 60s)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l timeout -d 'How long to wait for each answer (ROOMZ waits 30s)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l repeat -d 'Deliver each event N times in a row, to test idempotency' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l expect-status -d 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l seed -d 'The seed of --shuffle\'s order, to repeat a run exactly' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l signature-header -d 'Send only this signature header, instead of both' -r -f -a "Roomz-Signature\t''
X-Roomz-Signature\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l from-store -d 'Replay the requests `listen` stored in the event store, oldest first'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l fresh -d 'Give every delivery a new `id` and the current `timestamp` (and sign the new bytes)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l shuffle -d 'Deliver in a random order (reads every input first), to test out-of-order handling'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l dry-run -d 'Print each request that would be sent (URL, headers, body) and send nothing'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l keep-signature -d 'Re-send each capture\'s own signature header(s) as captured instead of signing'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l follow-redirects -d 'Follow 307 and 308 redirects, keeping method and body (other 3xx are reported)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l insecure -d 'Accept any TLS certificate (a receiver with a self-signed one)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand replay" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l url -d 'The receiver [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l set -d 'Override a field: a dotted path and a value read as JSON, else as a string (data.presenceStatus=Free, data.count=3). Repeatable' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l timeout -d 'How long to wait for the answer' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l expect-status -d 'The answer that counts as delivered: a class (2xx, 4xx) or a code (202)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l print -d 'Print the body and its signature instead of sending'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l insecure -d 'Accept any TLS certificate (a receiver with a self-signed one)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand trigger" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l webhook-url -d 'The URL ROOMZ delivers webhooks to (your integration\'s endpoint)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l generate-secret -d 'Make a new random whsec_ secret (replacing the profile\'s); only its fingerprint is shown'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand init" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "show" -d 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret\'s fingerprint shown'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "path" -d 'The config file\'s path (printed even when the file is missing or does not parse)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and not __fish_seen_subcommand_from show path help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from path" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "show" -d 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret\'s fingerprint shown'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "path" -d 'The config file\'s path (printed even when the file is missing or does not parse)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l event -d 'Read the event from FILE instead: an event body or any capture (raw HTTP, JSON, HAR, NDJSON, curl). Each event in it is fetched' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l workspace -d 'Fetch this workspace\'s status directly' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l timeout -d 'How long one API request may take' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l retries -d 'Retries after a 429 or 5xx answer (honouring Retry-After, at most 30s each)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand fetch" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l host -d 'Address the simulated API binds' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l port -d 'Port of the simulated API; 0 picks a free one (the startup line names it)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l target -d 'Where events are delivered [default: the URL the last `listen` bound, else http://127.0.0.1:8080/webhook]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l workspaces -d 'How many workspaces to simulate' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l every -d 'Change one workspace\'s presence this often; `off` changes only on POST /workspaces/{id}/status' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l seed -d 'Make the workspaces and the sequence of changes repeatable (event ids stay unique)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l shape -d 'Event shape: current (workspace.presence.changed) or old (workspace.status.updated)' -r -f -a "current\t'`workspace.presence.changed`, details under `data` (current documents)'
old\t'`workspace.status.updated`, top-level `workspaceId`, `+0000` timestamps (older draft)'"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l max-attempts -d 'Attempts per event before giving up (ROOMZ retries after 1s, 2s, 4s, ...)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l first-retry -d 'The wait before the first retry; each further retry waits twice as long' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l timeout -d 'How long one delivery may take before it counts as failed (ROOMZ: 30s)' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l count -d 'Stop once N events were delivered or given up on (the API stays up one more second for the receiver\'s fetches): exit 0 if all were delivered, else 1' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l no-save -d 'Do not save the API URL, token or a generated secret to the config file'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand simulate" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l color -d 'When to colour output' -r -f -a "auto\t''
always\t''
never\t''"
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l secret-file -d 'File holding the webhook secret (one final newline is ignored)' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l secret -d 'The webhook secret itself. WARNING: command-line arguments are visible to other users of this machine (ps, /proc); prefer --secret-file or ROOMZ_WEBHOOK_SECRET' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l api-url -d 'ROOMZ REST API base URL, e.g. https://api.example.com/v1 [env: ROOMZ_API_URL]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l token-file -d 'File holding the ROOMZ API token (one final newline is ignored); beats ROOMZ_API_TOKEN and the profile\'s api_token' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l profile -d 'Configuration profile to use [env: ROOMZ_HOOK_PROFILE] [default: default]' -r
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l config -d 'Configuration file [env: ROOMZ_HOOK_CONFIG] [default: $XDG_CONFIG_HOME/roomz-hook/config.toml]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l store -d 'Event store database [env: ROOMZ_HOOK_STORE] [default: $XDG_DATA_HOME/roomz-hook/events.db]' -r -F
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l json -d 'Machine output: one JSON object (or one per line for streams) on stdout'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -s v -l verbose -d 'Say more on stderr (repeat for more)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -s q -l quiet -d 'Print only errors and machine output'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l no-store -d 'Keep no event store (listen records nothing; events and --from-store are unavailable)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -l no-input -d 'Never prompt; fail with a message naming the flag or variable to set instead'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -s h -l help -d 'Print help'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand completions" -s V -l version -d 'Print version'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "sign" -d 'Print the signature of a body (the exact bytes of FILE or stdin)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "verify" -d 'Check the signatures of captured requests, and explain mismatches'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "listen" -d 'Receive webhooks locally: verify, validate, store and print each request'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "events" -d 'Browse, export and prune the requests the listener stored'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "replay" -d 'Deliver events, NDJSON, captures or stored requests to a URL, signed, with retries'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "trigger" -d 'Send one realistic sample event of a type, signed, and show the answer'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "init" -d 'Write a profile of the config file (0600): secret, webhook URL, API URL and token'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "config" -d 'Show the settings in effect and where each came from, or the config file\'s path'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "fetch" -d 'Fetch an event\'s details from the ROOMZ API (what your integration does next)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "simulate" -d 'Run a local stand-in for ROOMZ: its REST API, workspaces that change, signed events'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "completions" -d 'Print a shell completion script'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and not __fish_seen_subcommand_from sign verify listen events replay trigger init config fetch simulate completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "list" -d 'The latest stored requests, newest first'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "show" -d 'One stored request: its headers and its raw body'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "export" -d 'Every stored request as NDJSON, oldest first: what `replay` and `verify` read'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from events" -f -a "prune" -d 'Delete stored requests'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "show" -d 'The settings in effect and where each came from (flag, environment, profile, default); the secret and the token masked, the secret\'s fingerprint shown'
complete -c roomz-hook -n "__fish_roomz_hook_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "path" -d 'The config file\'s path (printed even when the file is missing or does not parse)'
