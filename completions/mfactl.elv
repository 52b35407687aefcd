
use builtin;
use str;

set edit:completion:arg-completer[mfactl] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'mfactl'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'mfactl'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
            cand status 'Show the store, counts and health warnings'
            cand settings 'Read and change server settings'
            cand user 'Manage users'
            cand group 'Manage groups and their members'
            cand policy 'Manage conditional-access policies'
            cand audit 'Read and verify the audit log'
            cand emergency 'Break-glass emergency login with a code sent by email'
            cand session 'List, check and revoke login sessions'
            cand mail 'Test the mail server and manage the notification queue'
            cand mfa 'Enrol, verify and reset multifactor authentication'
            cand backup-codes 'Generate and check backup codes'
            cand key 'Manage the key file that seals secrets'
            cand pam 'What the PAM module talks to: a daemon that keeps the store open, or a one-off helper'
            cand login 'Log in: password, then MFA as the policies require; prints a session token'
            cand self 'Your own account, through sudo: backup codes, authenticator app, sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;status'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand show 'Show every setting with its value and default'
            cand get 'Print one setting''s value'
            cand set 'Change a setting (secrets: from a hidden prompt or --stdin only)'
            cand unset 'Return a setting to its default'
            cand export 'Print every non-secret setting as TOML or JSON'
            cand import 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;settings;show'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;get'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;set'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --stdin 'Read the value from standard input (the way to give a secret in scripts)'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;unset'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;export'= {
            cand --format 'Output format [default: toml, or json with --json]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;import'= {
            cand --format 'Its format [default: from the extension, else TOML]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;settings;help'= {
            cand show 'Show every setting with its value and default'
            cand get 'Print one setting''s value'
            cand set 'Change a setting (secrets: from a hidden prompt or --stdin only)'
            cand unset 'Return a setting to its default'
            cand export 'Print every non-secret setting as TOML or JSON'
            cand import 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;settings;help;show'= {
        }
        &'mfactl;settings;help;get'= {
        }
        &'mfactl;settings;help;set'= {
        }
        &'mfactl;settings;help;unset'= {
        }
        &'mfactl;settings;help;export'= {
        }
        &'mfactl;settings;help;import'= {
        }
        &'mfactl;settings;help;help'= {
        }
        &'mfactl;user'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a user'
            cand list 'List users'
            cand show 'Show one user'
            cand set 'Change a user'
            cand remove 'Remove a user'
            cand passwd 'Set a local user''s password (hidden prompt, or --password-stdin)'
            cand unlock 'Clear a user''s lockout and failure count'
            cand import 'Add users from a CSV file (header: name,email,admin,directory,groups)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;user;add'= {
            cand --email 'Email address'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --admin 'Make the user a direct administrator'
            cand --directory 'A directory user (password kept in the directory)'
            cand --password-stdin 'Read the local password from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;list'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;show'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;set'= {
            cand --email 'New email address'
            cand --admin 'Direct administrator flag'
            cand --emergency-login 'Emergency login (direct administrators with an email only)'
            cand --mfa-type 'MFA type: default, none, or an enabled authenticator'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --no-email 'Remove the email address'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;remove'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;passwd'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --password-stdin 'Read the password from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;unlock'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;import'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;user;help'= {
            cand add 'Add a user'
            cand list 'List users'
            cand show 'Show one user'
            cand set 'Change a user'
            cand remove 'Remove a user'
            cand passwd 'Set a local user''s password (hidden prompt, or --password-stdin)'
            cand unlock 'Clear a user''s lockout and failure count'
            cand import 'Add users from a CSV file (header: name,email,admin,directory,groups)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;user;help;add'= {
        }
        &'mfactl;user;help;list'= {
        }
        &'mfactl;user;help;show'= {
        }
        &'mfactl;user;help;set'= {
        }
        &'mfactl;user;help;remove'= {
        }
        &'mfactl;user;help;passwd'= {
        }
        &'mfactl;user;help;unlock'= {
        }
        &'mfactl;user;help;import'= {
        }
        &'mfactl;user;help;help'= {
        }
        &'mfactl;group'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a group'
            cand remove 'Remove a group (its memberships go with it)'
            cand list 'List groups and their members'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;group;add'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --admin 'Members are administrators through this group'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;group;remove'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;group;list'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;group;add-member'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;group;remove-member'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;group;help'= {
            cand add 'Add a group'
            cand remove 'Remove a group (its memberships go with it)'
            cand list 'List groups and their members'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;group;help;add'= {
        }
        &'mfactl;group;help;remove'= {
        }
        &'mfactl;group;help;list'= {
        }
        &'mfactl;group;help;add-member'= {
        }
        &'mfactl;group;help;remove-member'= {
        }
        &'mfactl;group;help;help'= {
        }
        &'mfactl;policy'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand add 'Add a policy at the end of the list'
            cand list 'List policies in evaluation order'
            cand remove 'Remove a policy'
            cand move 'Move a policy to another place in the evaluation order'
            cand test 'Show which policy applies to a user and the outcome'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;policy;add'= {
            cand --target 'What the policy applies to'
            cand --action 'What it decides: allow|deny for login, required|skipped for mfa'
            cand --user 'Applies to this user (repeatable)'
            cand --group 'Applies to members of this group (repeatable)'
            cand --ip 'Applies to logins from this network, e.g. 10.0.0.0/8 (repeatable)'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --admins 'Applies to administrators'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;policy;list'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;policy;remove'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;policy;move'= {
            cand --position 'The new place, from 1'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;policy;test'= {
            cand --ip 'The source address'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;policy;help'= {
            cand add 'Add a policy at the end of the list'
            cand list 'List policies in evaluation order'
            cand remove 'Remove a policy'
            cand move 'Move a policy to another place in the evaluation order'
            cand test 'Show which policy applies to a user and the outcome'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;policy;help;add'= {
        }
        &'mfactl;policy;help;list'= {
        }
        &'mfactl;policy;help;remove'= {
        }
        &'mfactl;policy;help;move'= {
        }
        &'mfactl;policy;help;test'= {
        }
        &'mfactl;policy;help;help'= {
        }
        &'mfactl;audit'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List audit entries, oldest first'
            cand verify 'Check the hash chain; names the first broken entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;audit;list'= {
            cand --user 'Entries whose actor or target is this user'
            cand --action 'Entries with this action or under it (user matches user.add)'
            cand --since 'Entries since a duration ago (24h, 7d) or a date (2026-11-01, RFC 3339)'
            cand --limit 'Only the newest N entries'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;audit;verify'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;audit;help'= {
            cand list 'List audit entries, oldest first'
            cand verify 'Check the hash chain; names the first broken entry'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;audit;help;list'= {
        }
        &'mfactl;audit;help;verify'= {
        }
        &'mfactl;audit;help;help'= {
        }
        &'mfactl;emergency'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand request 'Ask for an emergency code, sent to the user''s email address'
            cand login 'Log in with an emergency code (hidden prompt, or --code-stdin)'
            cand status 'Show whether a user can use emergency login, and what is missing'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;emergency;request'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;emergency;login'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --code-stdin 'Read the code from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;emergency;status'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;emergency;help'= {
            cand request 'Ask for an emergency code, sent to the user''s email address'
            cand login 'Log in with an emergency code (hidden prompt, or --code-stdin)'
            cand status 'Show whether a user can use emergency login, and what is missing'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;emergency;help;request'= {
        }
        &'mfactl;emergency;help;login'= {
        }
        &'mfactl;emergency;help;status'= {
        }
        &'mfactl;emergency;help;help'= {
        }
        &'mfactl;session'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand list 'List active sessions, newest first'
            cand check 'Check a session token read from standard input (exit 0 valid, 3 not)'
            cand revoke 'Revoke a session, or every session of a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;session;list'= {
            cand --user 'Only this user''s sessions'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --all 'Include expired and revoked sessions'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;session;check'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;session;revoke'= {
            cand --user 'Revoke every session of this user'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;session;help'= {
            cand list 'List active sessions, newest first'
            cand check 'Check a session token read from standard input (exit 0 valid, 3 not)'
            cand revoke 'Revoke a session, or every session of a user'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;session;help;list'= {
        }
        &'mfactl;session;help;check'= {
        }
        &'mfactl;session;help;revoke'= {
        }
        &'mfactl;session;help;help'= {
        }
        &'mfactl;mail'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand test 'Send a test message and show the server''s answer'
            cand queue 'List notifications waiting for delivery'
            cand flush 'Try to deliver the waiting notifications now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mail;test'= {
            cand --to 'The recipient'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mail;queue'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mail;flush'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mail;help'= {
            cand test 'Send a test message and show the server''s answer'
            cand queue 'List notifications waiting for delivery'
            cand flush 'Try to deliver the waiting notifications now'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mail;help;test'= {
        }
        &'mfactl;mail;help;queue'= {
        }
        &'mfactl;mail;help;flush'= {
        }
        &'mfactl;mail;help;help'= {
        }
        &'mfactl;mfa'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand enroll 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
            cand list 'List a user''s authenticators (credentials) with their ids'
            cand remove 'Remove one authenticator of a user by id (the user is emailed)'
            cand confirm 'Confirm an enrolment with a first valid code; the authenticator then works'
            cand challenge 'Send a one-time code by email'
            cand verify 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
            cand reset 'Clear a user''s MFA enrolments and backup codes (the user is emailed)'
            cand reset-request 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mfa;enroll'= {
            cand --method 'The authenticator to enrol'
            cand --qr-svg 'Also write the QR code as an SVG file (mode 0600: it holds the secret)'
            cand --label 'A name for this authenticator, to hold more than one [default: the method]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;list'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;remove'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;confirm'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --code-stdin 'Read the code from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;challenge'= {
            cand --method 'How to send it'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;verify'= {
            cand --method 'totp, email or backup-code [default: the user''s own method]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --code-stdin 'Read the code from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;reset'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;reset-request'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;mfa;help'= {
            cand enroll 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
            cand list 'List a user''s authenticators (credentials) with their ids'
            cand remove 'Remove one authenticator of a user by id (the user is emailed)'
            cand confirm 'Confirm an enrolment with a first valid code; the authenticator then works'
            cand challenge 'Send a one-time code by email'
            cand verify 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
            cand reset 'Clear a user''s MFA enrolments and backup codes (the user is emailed)'
            cand reset-request 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;mfa;help;enroll'= {
        }
        &'mfactl;mfa;help;list'= {
        }
        &'mfactl;mfa;help;remove'= {
        }
        &'mfactl;mfa;help;confirm'= {
        }
        &'mfactl;mfa;help;challenge'= {
        }
        &'mfactl;mfa;help;verify'= {
        }
        &'mfactl;mfa;help;reset'= {
        }
        &'mfactl;mfa;help;reset-request'= {
        }
        &'mfactl;mfa;help;help'= {
        }
        &'mfactl;backup-codes'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Generate a new set of backup codes (the old set stops working)'
            cand status 'Show how many backup codes remain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;backup-codes;generate'= {
            cand --output 'Write the codes to this new file (mode 0600), with a header: user, server, date, how many'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;backup-codes;status'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;backup-codes;help'= {
            cand generate 'Generate a new set of backup codes (the old set stops working)'
            cand status 'Show how many backup codes remain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;backup-codes;help;generate'= {
        }
        &'mfactl;backup-codes;help;status'= {
        }
        &'mfactl;backup-codes;help;help'= {
        }
        &'mfactl;key'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand rotate 'Replace the key: re-seal every secret under a new key, in one transaction'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;key;rotate'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;key;help'= {
            cand rotate 'Replace the key: re-seal every secret under a new key, in one transaction'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;key;help;rotate'= {
        }
        &'mfactl;key;help;help'= {
        }
        &'mfactl;pam'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand daemon 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
            cand helper 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;pam;daemon'= {
            cand --socket 'The socket to listen on'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;pam;helper'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;pam;help'= {
            cand daemon 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
            cand helper 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;pam;help;daemon'= {
        }
        &'mfactl;pam;help;helper'= {
        }
        &'mfactl;pam;help;help'= {
        }
        &'mfactl;login'= {
            cand --method 'The MFA method: totp, email or backup-code [default: the user''s own]'
            cand --ip 'Where the login comes from, for network policies (root only) [default: this machine]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --password-stdin 'Read the password from the first line of standard input'
            cand --code-stdin 'Read the MFA code from (the next line of) standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand backup-codes 'Your backup codes'
            cand mfa 'Your authenticator apps'
            cand sessions 'Your login sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;backup-codes'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand generate 'Confirm it is you, then get a new set of backup codes (the old set stops working)'
            cand status 'How many of your backup codes remain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;backup-codes;generate'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;backup-codes;status'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;backup-codes;help'= {
            cand generate 'Confirm it is you, then get a new set of backup codes (the old set stops working)'
            cand status 'How many of your backup codes remain'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;backup-codes;help;generate'= {
        }
        &'mfactl;self;backup-codes;help;status'= {
        }
        &'mfactl;self;backup-codes;help;help'= {
        }
        &'mfactl;self;mfa'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand enroll 'Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)'
            cand confirm 'Confirm your enrolment with a first valid code from the app'
            cand list 'List your authenticators'
            cand reset-request 'Ask an administrator to reset your MFA (you lost your device)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;mfa;enroll'= {
            cand --label 'A name for this app, to hold more than one [default: totp]'
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;mfa;confirm'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --code-stdin 'Read the code from standard input'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;mfa;list'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;mfa;reset-request'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;mfa;help'= {
            cand enroll 'Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)'
            cand confirm 'Confirm your enrolment with a first valid code from the app'
            cand list 'List your authenticators'
            cand reset-request 'Ask an administrator to reset your MFA (you lost your device)'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;mfa;help;enroll'= {
        }
        &'mfactl;self;mfa;help;confirm'= {
        }
        &'mfactl;self;mfa;help;list'= {
        }
        &'mfactl;self;mfa;help;reset-request'= {
        }
        &'mfactl;self;mfa;help;help'= {
        }
        &'mfactl;self;sessions'= {
            cand --db 'The store [default: /var/lib/mfactl/mfactl.db for root, else ~/.local/share/mfactl/mfactl.db]'
            cand --key-file 'The key file that seals secrets [default: the store''s path + .key]'
            cand --all 'Include expired and revoked sessions'
            cand --json 'Print data as JSON'
            cand --no-input 'Never prompt: fail if input would be needed'
            cand -q 'Print only data and errors'
            cand --quiet 'Print only data and errors'
            cand -v 'Say more about what is done (repeat for more)'
            cand --verbose 'Say more about what is done (repeat for more)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'mfactl;self;help'= {
            cand backup-codes 'Your backup codes'
            cand mfa 'Your authenticator apps'
            cand sessions 'Your login sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;self;help;backup-codes'= {
            cand generate 'Confirm it is you, then get a new set of backup codes (the old set stops working)'
            cand status 'How many of your backup codes remain'
        }
        &'mfactl;self;help;backup-codes;generate'= {
        }
        &'mfactl;self;help;backup-codes;status'= {
        }
        &'mfactl;self;help;mfa'= {
            cand enroll 'Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)'
            cand confirm 'Confirm your enrolment with a first valid code from the app'
            cand list 'List your authenticators'
            cand reset-request 'Ask an administrator to reset your MFA (you lost your device)'
        }
        &'mfactl;self;help;mfa;enroll'= {
        }
        &'mfactl;self;help;mfa;confirm'= {
        }
        &'mfactl;self;help;mfa;list'= {
        }
        &'mfactl;self;help;mfa;reset-request'= {
        }
        &'mfactl;self;help;sessions'= {
        }
        &'mfactl;self;help;help'= {
        }
        &'mfactl;help'= {
            cand status 'Show the store, counts and health warnings'
            cand settings 'Read and change server settings'
            cand user 'Manage users'
            cand group 'Manage groups and their members'
            cand policy 'Manage conditional-access policies'
            cand audit 'Read and verify the audit log'
            cand emergency 'Break-glass emergency login with a code sent by email'
            cand session 'List, check and revoke login sessions'
            cand mail 'Test the mail server and manage the notification queue'
            cand mfa 'Enrol, verify and reset multifactor authentication'
            cand backup-codes 'Generate and check backup codes'
            cand key 'Manage the key file that seals secrets'
            cand pam 'What the PAM module talks to: a daemon that keeps the store open, or a one-off helper'
            cand login 'Log in: password, then MFA as the policies require; prints a session token'
            cand self 'Your own account, through sudo: backup codes, authenticator app, sessions'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'mfactl;help;status'= {
        }
        &'mfactl;help;settings'= {
            cand show 'Show every setting with its value and default'
            cand get 'Print one setting''s value'
            cand set 'Change a setting (secrets: from a hidden prompt or --stdin only)'
            cand unset 'Return a setting to its default'
            cand export 'Print every non-secret setting as TOML or JSON'
            cand import 'Apply a TOML or JSON settings file: all of it, or nothing if any key is bad'
        }
        &'mfactl;help;settings;show'= {
        }
        &'mfactl;help;settings;get'= {
        }
        &'mfactl;help;settings;set'= {
        }
        &'mfactl;help;settings;unset'= {
        }
        &'mfactl;help;settings;export'= {
        }
        &'mfactl;help;settings;import'= {
        }
        &'mfactl;help;user'= {
            cand add 'Add a user'
            cand list 'List users'
            cand show 'Show one user'
            cand set 'Change a user'
            cand remove 'Remove a user'
            cand passwd 'Set a local user''s password (hidden prompt, or --password-stdin)'
            cand unlock 'Clear a user''s lockout and failure count'
            cand import 'Add users from a CSV file (header: name,email,admin,directory,groups)'
        }
        &'mfactl;help;user;add'= {
        }
        &'mfactl;help;user;list'= {
        }
        &'mfactl;help;user;show'= {
        }
        &'mfactl;help;user;set'= {
        }
        &'mfactl;help;user;remove'= {
        }
        &'mfactl;help;user;passwd'= {
        }
        &'mfactl;help;user;unlock'= {
        }
        &'mfactl;help;user;import'= {
        }
        &'mfactl;help;group'= {
            cand add 'Add a group'
            cand remove 'Remove a group (its memberships go with it)'
            cand list 'List groups and their members'
            cand add-member 'Add a user to a group'
            cand remove-member 'Remove a user from a group'
        }
        &'mfactl;help;group;add'= {
        }
        &'mfactl;help;group;remove'= {
        }
        &'mfactl;help;group;list'= {
        }
        &'mfactl;help;group;add-member'= {
        }
        &'mfactl;help;group;remove-member'= {
        }
        &'mfactl;help;policy'= {
            cand add 'Add a policy at the end of the list'
            cand list 'List policies in evaluation order'
            cand remove 'Remove a policy'
            cand move 'Move a policy to another place in the evaluation order'
            cand test 'Show which policy applies to a user and the outcome'
        }
        &'mfactl;help;policy;add'= {
        }
        &'mfactl;help;policy;list'= {
        }
        &'mfactl;help;policy;remove'= {
        }
        &'mfactl;help;policy;move'= {
        }
        &'mfactl;help;policy;test'= {
        }
        &'mfactl;help;audit'= {
            cand list 'List audit entries, oldest first'
            cand verify 'Check the hash chain; names the first broken entry'
        }
        &'mfactl;help;audit;list'= {
        }
        &'mfactl;help;audit;verify'= {
        }
        &'mfactl;help;emergency'= {
            cand request 'Ask for an emergency code, sent to the user''s email address'
            cand login 'Log in with an emergency code (hidden prompt, or --code-stdin)'
            cand status 'Show whether a user can use emergency login, and what is missing'
        }
        &'mfactl;help;emergency;request'= {
        }
        &'mfactl;help;emergency;login'= {
        }
        &'mfactl;help;emergency;status'= {
        }
        &'mfactl;help;session'= {
            cand list 'List active sessions, newest first'
            cand check 'Check a session token read from standard input (exit 0 valid, 3 not)'
            cand revoke 'Revoke a session, or every session of a user'
        }
        &'mfactl;help;session;list'= {
        }
        &'mfactl;help;session;check'= {
        }
        &'mfactl;help;session;revoke'= {
        }
        &'mfactl;help;mail'= {
            cand test 'Send a test message and show the server''s answer'
            cand queue 'List notifications waiting for delivery'
            cand flush 'Try to deliver the waiting notifications now'
        }
        &'mfactl;help;mail;test'= {
        }
        &'mfactl;help;mail;queue'= {
        }
        &'mfactl;help;mail;flush'= {
        }
        &'mfactl;help;mfa'= {
            cand enroll 'Start enrolling an authenticator app: shows a QR code, the URI and the key'
            cand list 'List a user''s authenticators (credentials) with their ids'
            cand remove 'Remove one authenticator of a user by id (the user is emailed)'
            cand confirm 'Confirm an enrolment with a first valid code; the authenticator then works'
            cand challenge 'Send a one-time code by email'
            cand verify 'Check an MFA code (exit 0 valid, 3 invalid, 4 locked)'
            cand reset 'Clear a user''s MFA enrolments and backup codes (the user is emailed)'
            cand reset-request 'Ask for an MFA reset for a user who lost their device (emails mfa.reset_recipient)'
        }
        &'mfactl;help;mfa;enroll'= {
        }
        &'mfactl;help;mfa;list'= {
        }
        &'mfactl;help;mfa;remove'= {
        }
        &'mfactl;help;mfa;confirm'= {
        }
        &'mfactl;help;mfa;challenge'= {
        }
        &'mfactl;help;mfa;verify'= {
        }
        &'mfactl;help;mfa;reset'= {
        }
        &'mfactl;help;mfa;reset-request'= {
        }
        &'mfactl;help;backup-codes'= {
            cand generate 'Generate a new set of backup codes (the old set stops working)'
            cand status 'Show how many backup codes remain'
        }
        &'mfactl;help;backup-codes;generate'= {
        }
        &'mfactl;help;backup-codes;status'= {
        }
        &'mfactl;help;key'= {
            cand rotate 'Replace the key: re-seal every secret under a new key, in one transaction'
        }
        &'mfactl;help;key;rotate'= {
        }
        &'mfactl;help;pam'= {
            cand daemon 'Serve pam_mfactl on a Unix socket, keeping stores open (fast logins)'
            cand helper 'Serve one PAM call on standard input and output (what pam_mfactl runs when no daemon listens)'
        }
        &'mfactl;help;pam;daemon'= {
        }
        &'mfactl;help;pam;helper'= {
        }
        &'mfactl;help;login'= {
        }
        &'mfactl;help;self'= {
            cand backup-codes 'Your backup codes'
            cand mfa 'Your authenticator apps'
            cand sessions 'Your login sessions'
        }
        &'mfactl;help;self;backup-codes'= {
            cand generate 'Confirm it is you, then get a new set of backup codes (the old set stops working)'
            cand status 'How many of your backup codes remain'
        }
        &'mfactl;help;self;backup-codes;generate'= {
        }
        &'mfactl;help;self;backup-codes;status'= {
        }
        &'mfactl;help;self;mfa'= {
            cand enroll 'Confirm it is you, then start enrolling an authenticator app (QR code, URI, key)'
            cand confirm 'Confirm your enrolment with a first valid code from the app'
            cand list 'List your authenticators'
            cand reset-request 'Ask an administrator to reset your MFA (you lost your device)'
        }
        &'mfactl;help;self;mfa;enroll'= {
        }
        &'mfactl;help;self;mfa;confirm'= {
        }
        &'mfactl;help;self;mfa;list'= {
        }
        &'mfactl;help;self;mfa;reset-request'= {
        }
        &'mfactl;help;self;sessions'= {
        }
        &'mfactl;help;help'= {
        }
    ]
    $completions[$command]
}
