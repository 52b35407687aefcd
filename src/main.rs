//! The `mfactl` binary: a thin command line over the `mfactl` library.

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}
