//! The `incubator` command.

fn main() -> std::process::ExitCode {
    incubator::cli::run()
}
