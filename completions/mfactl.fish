# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_mfactl_global_optspecs
    string join \n db= key-file= json no-input q/quiet v/verbose h/help V/version
end

function __fish_mfactl_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_mfactl_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_mfactl_using_subcommand
    set -l cmd (__fish_mfactl_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c mfactl -n "__fish_mfactl_needs_command" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_needs_command" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_needs_command" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_needs_command" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_needs_command" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_needs_command" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_needs_command" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_needs_command" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "status" -d 'Show the store, counts and health warnings'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "settings" -d 'Read and change server settings'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "user" -d 'Manage users'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "group" -d 'Manage groups and their members'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "policy" -d 'Manage conditional-access policies'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "audit" -d 'Read and verify the audit log'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "emergency" -d 'Break-glass emergency login with a code sent by email'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "session" -d 'List, check and revoke login sessions'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "mail" -d 'Test the mail server and manage the notification queue'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "mfa" -d 'Enrol, verify and reset multifactor authentication'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "backup-codes" -d 'Generate and check backup codes'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "key" -d 'Manage the key file that seals secrets'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "pam" -d 'What the PAM module talks to: a daemon that keeps the store open, or a one-off helper'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "login" -d 'Log in: password, then MFA as the policies require; prints a session token'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "self" -d 'Your own account, through sudo: backup codes, authenticator app, sessions'
complete -c mfactl -n "__fish_mfactl_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand status" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "show" -d 'Show every setting with its value and default'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "get" -d 'Print one setting\'s value'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "set" -d 'Change a setting (secrets: from a hidden prompt or --stdin only)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "unset" -d 'Return a setting to its default'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "export" -d 'Print every non-secret setting as TOML or JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "import" -d 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and not __fish_seen_subcommand_from show get set unset export import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from get" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -l stdin -d 'Read the value from standard input (the way to give a secret in scripts)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from unset" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -l format -d 'Output format [default: toml, or json with --json]' -r -f -a "toml\t'TOML'
json\t'JSON'"
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from export" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -l format -d 'Its format [default: from the extension, else TOML]' -r -f -a "toml\t'TOML'
json\t'JSON'"
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show every setting with its value and default'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "get" -d 'Print one setting\'s value'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a setting (secrets: from a hidden prompt or --stdin only)'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "unset" -d 'Return a setting to its default'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "export" -d 'Print every non-secret setting as TOML or JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "import" -d 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
complete -c mfactl -n "__fish_mfactl_using_subcommand settings; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "add" -d 'Add a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "list" -d 'List users'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "show" -d 'Show one user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "set" -d 'Change a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "remove" -d 'Remove a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "passwd" -d 'Set a local user\'s password (hidden prompt, or --password-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "unlock" -d 'Clear a user\'s lockout and failure count'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "import" -d 'Add users from a CSV file (header: name,email,admin,directory,groups)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and not __fish_seen_subcommand_from add list show set remove passwd unlock import help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l email -d 'Email address' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l admin -d 'Make the user a direct administrator'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l directory -d 'A directory user (password kept in the directory)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l password-stdin -d 'Read the local password from standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from show" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l email -d 'New email address' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l admin -d 'Direct administrator flag' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l emergency-login -d 'Emergency login (direct administrators with an email only)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l mfa-type -d 'MFA type: default, none, or an enabled authenticator' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-email -d 'Remove the email address'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from set" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l password-stdin -d 'Read the password from standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from passwd" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from unlock" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from import" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "list" -d 'List users'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "show" -d 'Show one user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "set" -d 'Change a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "passwd" -d 'Set a local user\'s password (hidden prompt, or --password-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "unlock" -d 'Clear a user\'s lockout and failure count'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "import" -d 'Add users from a CSV file (header: name,email,admin,directory,groups)'
complete -c mfactl -n "__fish_mfactl_using_subcommand user; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "add" -d 'Add a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "remove" -d 'Remove a group (its memberships go with it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "list" -d 'List groups and their members'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "remove-member" -d 'Remove a user from a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and not __fish_seen_subcommand_from add remove list add-member remove-member help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -l admin -d 'Members are administrators through this group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from add-member" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from remove-member" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a group (its memberships go with it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "list" -d 'List groups and their members'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "remove-member" -d 'Remove a user from a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand group; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "add" -d 'Add a policy at the end of the list'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "list" -d 'List policies in evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "remove" -d 'Remove a policy'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "move" -d 'Move a policy to another place in the evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "test" -d 'Show which policy applies to a user and the outcome'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and not __fish_seen_subcommand_from add list remove move test help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l target -d 'What the policy applies to' -r -f -a "login\t'Whether a user may log in'
mfa\t'Whether a user must pass MFA'"
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l action -d 'What it decides: allow|deny for login, required|skipped for mfa' -r -f -a "allow\t'Allow login (target login)'
deny\t'Deny login (target login)'
required\t'Require MFA (target mfa)'
skipped\t'Skip MFA (target mfa)'"
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l user -d 'Applies to this user (repeatable)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l group -d 'Applies to members of this group (repeatable)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l ip -d 'Applies to logins from this network, e.g. 10.0.0.0/8 (repeatable)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l admins -d 'Applies to administrators'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from add" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -l position -d 'The new place, from 1' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from move" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -l ip -d 'The source address' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "add" -d 'Add a policy at the end of the list'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "list" -d 'List policies in evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove a policy'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "move" -d 'Move a policy to another place in the evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "test" -d 'Show which policy applies to a user and the outcome'
complete -c mfactl -n "__fish_mfactl_using_subcommand policy; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -f -a "list" -d 'List audit entries, oldest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -f -a "verify" -d 'Check the hash chain; names the first broken entry'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and not __fish_seen_subcommand_from list verify help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l user -d 'Entries whose actor or target is this user' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l action -d 'Entries with this action or under it (user matches user.add)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l since -d 'Entries since a duration ago (24h, 7d) or a date (2026-11-01, RFC 3339)' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l limit -d 'Only the newest N entries' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "list" -d 'List audit entries, oldest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check the hash chain; names the first broken entry'
complete -c mfactl -n "__fish_mfactl_using_subcommand audit; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -f -a "request" -d 'Ask for an emergency code, sent to the user\'s email address'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -f -a "login" -d 'Log in with an emergency code (hidden prompt, or --code-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -f -a "status" -d 'Show whether a user can use emergency login, and what is missing'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and not __fish_seen_subcommand_from request login status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from request" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -l code-stdin -d 'Read the code from standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from login" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from help" -f -a "request" -d 'Ask for an emergency code, sent to the user\'s email address'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from help" -f -a "login" -d 'Log in with an emergency code (hidden prompt, or --code-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show whether a user can use emergency login, and what is missing'
complete -c mfactl -n "__fish_mfactl_using_subcommand emergency; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -f -a "list" -d 'List active sessions, newest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -f -a "check" -d 'Check a session token read from standard input (exit 0 valid, 3 not)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -f -a "revoke" -d 'Revoke a session, or every session of a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and not __fish_seen_subcommand_from list check revoke help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l user -d 'Only this user\'s sessions' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l all -d 'Include expired and revoked sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from check" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l user -d 'Revoke every session of this user' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from revoke" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "list" -d 'List active sessions, newest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "check" -d 'Check a session token read from standard input (exit 0 valid, 3 not)'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "revoke" -d 'Revoke a session, or every session of a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand session; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -f -a "test" -d 'Send a test message and show the server\'s answer'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -f -a "queue" -d 'List notifications waiting for delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -f -a "flush" -d 'Try to deliver the waiting notifications now'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and not __fish_seen_subcommand_from test queue flush help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l to -d 'The recipient' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from test" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from queue" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from flush" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "test" -d 'Send a test message and show the server\'s answer'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "queue" -d 'List notifications waiting for delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "flush" -d 'Try to deliver the waiting notifications now'
complete -c mfactl -n "__fish_mfactl_using_subcommand mail; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "enroll" -d 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "list" -d 'List a user\'s authenticators (credentials) with their ids'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "remove" -d 'Remove one authenticator of a user by id (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "confirm" -d 'Confirm an enrolment with a first valid code; the authenticator then works'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "challenge" -d 'Send a one-time code by email'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "verify" -d 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "reset" -d 'Clear a user\'s MFA enrolments and backup codes (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "reset-request" -d 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and not __fish_seen_subcommand_from enroll list remove confirm challenge verify reset reset-request help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l method -d 'The authenticator to enrol' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l qr-svg -d 'Also write the QR code as an SVG file (mode 0600: it holds the secret)' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l label -d 'A name for this authenticator, to hold more than one [default: the method]' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from enroll" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from list" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from remove" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -l code-stdin -d 'Read the code from standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from confirm" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -l method -d 'How to send it' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from challenge" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l method -d 'totp, email or backup-code [default: the user\'s own method]' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l code-stdin -d 'Read the code from standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from verify" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from reset-request" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "enroll" -d 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "list" -d 'List a user\'s authenticators (credentials) with their ids'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "remove" -d 'Remove one authenticator of a user by id (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "confirm" -d 'Confirm an enrolment with a first valid code; the authenticator then works'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "challenge" -d 'Send a one-time code by email'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "verify" -d 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "reset" -d 'Clear a user\'s MFA enrolments and backup codes (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "reset-request" -d 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
complete -c mfactl -n "__fish_mfactl_using_subcommand mfa; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -f -a "generate" -d 'Generate a new set of backup codes (the old set stops working)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -f -a "status" -d 'Show how many backup codes remain'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and not __fish_seen_subcommand_from generate status help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -l output -d 'Write the codes to this new file (mode 0600), with a header: user, server, date, how many' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from generate" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from status" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from help" -f -a "generate" -d 'Generate a new set of backup codes (the old set stops working)'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from help" -f -a "status" -d 'Show how many backup codes remain'
complete -c mfactl -n "__fish_mfactl_using_subcommand backup-codes; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -f -a "rotate" -d 'Replace the key: re-seal every secret under a new key, in one transaction'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and not __fish_seen_subcommand_from rotate help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from rotate" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "rotate" -d 'Replace the key: re-seal every secret under a new key, in one transaction'
complete -c mfactl -n "__fish_mfactl_using_subcommand key; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -f -a "daemon" -d 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -f -a "helper" -d 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and not __fish_seen_subcommand_from daemon helper help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -l socket -d 'The socket to listen on' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from daemon" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from helper" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from help" -f -a "daemon" -d 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from help" -f -a "helper" -d 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
complete -c mfactl -n "__fish_mfactl_using_subcommand pam; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l method -d 'The MFA method: totp, email or backup-code [default: the user\'s own]' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l ip -d 'Where the login comes from, for network policies (root only) [default: this machine]' -r
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l password-stdin -d 'Read the password from the first line of standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l code-stdin -d 'Read the MFA code from (the next line of) standard input'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand login" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -f -a "backup-codes" -d 'Your backup codes'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -f -a "mfa" -d 'Your authenticator apps'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -f -a "sessions" -d 'Your login sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and not __fish_seen_subcommand_from backup-codes mfa sessions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -f -a "generate" -d 'Confirm it is you, then get a new set of backup codes (the old set stops working)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -f -a "status" -d 'How many of your backup codes remain'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from backup-codes" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -f -a "enroll" -d 'Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -f -a "confirm" -d 'Confirm your enrolment with a first valid code from the app'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -f -a "list" -d 'List your authenticators'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -f -a "reset-request" -d 'Ask an administrator to reset your MFA (you lost your device)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from mfa" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -l db -d 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -l key-file -d 'The key file that seals secrets [default: the store\'s path + .key]' -r -F
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -l all -d 'Include expired and revoked sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -l json -d 'Print data as JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -l no-input -d 'Never prompt: fail if input would be needed'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -s q -l quiet -d 'Print only data and errors'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -s v -l verbose -d 'Say more about what is done (repeat for more)'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -s h -l help -d 'Print help'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from sessions" -s V -l version -d 'Print version'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from help" -f -a "backup-codes" -d 'Your backup codes'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from help" -f -a "mfa" -d 'Your authenticator apps'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from help" -f -a "sessions" -d 'Your login sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand self; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "status" -d 'Show the store, counts and health warnings'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "settings" -d 'Read and change server settings'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "user" -d 'Manage users'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "group" -d 'Manage groups and their members'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "policy" -d 'Manage conditional-access policies'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "audit" -d 'Read and verify the audit log'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "emergency" -d 'Break-glass emergency login with a code sent by email'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "session" -d 'List, check and revoke login sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "mail" -d 'Test the mail server and manage the notification queue'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "mfa" -d 'Enrol, verify and reset multifactor authentication'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "backup-codes" -d 'Generate and check backup codes'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "key" -d 'Manage the key file that seals secrets'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "pam" -d 'What the PAM module talks to: a daemon that keeps the store open, or a one-off helper'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "login" -d 'Log in: password, then MFA as the policies require; prints a session token'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "self" -d 'Your own account, through sudo: backup codes, authenticator app, sessions'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and not __fish_seen_subcommand_from status settings user group policy audit emergency session mail mfa backup-codes key pam login self help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "show" -d 'Show every setting with its value and default'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "get" -d 'Print one setting\'s value'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "set" -d 'Change a setting (secrets: from a hidden prompt or --stdin only)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "unset" -d 'Return a setting to its default'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "export" -d 'Print every non-secret setting as TOML or JSON'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from settings" -f -a "import" -d 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "add" -d 'Add a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "list" -d 'List users'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "show" -d 'Show one user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "set" -d 'Change a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "remove" -d 'Remove a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "passwd" -d 'Set a local user\'s password (hidden prompt, or --password-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "unlock" -d 'Clear a user\'s lockout and failure count'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from user" -f -a "import" -d 'Add users from a CSV file (header: name,email,admin,directory,groups)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add" -d 'Add a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "remove" -d 'Remove a group (its memberships go with it)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "list" -d 'List groups and their members'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "add-member" -d 'Add a user to a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from group" -f -a "remove-member" -d 'Remove a user from a group'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "add" -d 'Add a policy at the end of the list'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "list" -d 'List policies in evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "remove" -d 'Remove a policy'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "move" -d 'Move a policy to another place in the evaluation order'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from policy" -f -a "test" -d 'Show which policy applies to a user and the outcome'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "list" -d 'List audit entries, oldest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from audit" -f -a "verify" -d 'Check the hash chain; names the first broken entry'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from emergency" -f -a "request" -d 'Ask for an emergency code, sent to the user\'s email address'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from emergency" -f -a "login" -d 'Log in with an emergency code (hidden prompt, or --code-stdin)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from emergency" -f -a "status" -d 'Show whether a user can use emergency login, and what is missing'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "list" -d 'List active sessions, newest first'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "check" -d 'Check a session token read from standard input (exit 0 valid, 3 not)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from session" -f -a "revoke" -d 'Revoke a session, or every session of a user'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "test" -d 'Send a test message and show the server\'s answer'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "queue" -d 'List notifications waiting for delivery'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mail" -f -a "flush" -d 'Try to deliver the waiting notifications now'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "enroll" -d 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "list" -d 'List a user\'s authenticators (credentials) with their ids'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "remove" -d 'Remove one authenticator of a user by id (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "confirm" -d 'Confirm an enrolment with a first valid code; the authenticator then works'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "challenge" -d 'Send a one-time code by email'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "verify" -d 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "reset" -d 'Clear a user\'s MFA enrolments and backup codes (the user is emailed)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from mfa" -f -a "reset-request" -d 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from backup-codes" -f -a "generate" -d 'Generate a new set of backup codes (the old set stops working)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from backup-codes" -f -a "status" -d 'Show how many backup codes remain'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from key" -f -a "rotate" -d 'Replace the key: re-seal every secret under a new key, in one transaction'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from pam" -f -a "daemon" -d 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from pam" -f -a "helper" -d 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from self" -f -a "backup-codes" -d 'Your backup codes'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from self" -f -a "mfa" -d 'Your authenticator apps'
complete -c mfactl -n "__fish_mfactl_using_subcommand help; and __fish_seen_subcommand_from self" -f -a "sessions" -d 'Your login sessions'
