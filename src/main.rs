fn main() {
    std::process::exit(kmi::cli::main_with_args(std::env::args_os()));
}
