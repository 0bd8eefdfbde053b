//! `jshell keygen`: a key pair for a Jira application link, and the link's fields ready to paste.

use std::path::PathBuf;

use crate::cli::KeygenArgs;
use crate::failure::Failure;

pub fn keygen(args: &KeygenArgs, consumer_key: Option<&str>) -> Result<(), Failure> {
    let public_path = public_path(&args.out);
    if !args.force {
        for path in [&args.out, &public_path] {
            if path.exists() {
                return Err(Failure::usage(format!(
                    "{} exists already and was left untouched; choose another --out, or pass --force to replace it",
                    path.display()
                )));
            }
        }
    }
    eprintln!("Generating a {}-bit RSA key…", args.bits);
    let key = oauth1::PrivateKey::generate(args.bits)?;
    key.write_pem_file(&args.out, args.force)?;
    let public = key.public_key();
    public.write_pem_file(&public_path, args.force)?;
    eprintln!(
        "Wrote the private key to {} (mode 0600: keep it private) and the public key to {}.",
        args.out.display(),
        public_path.display()
    );
    let consumer_key = consumer_key.unwrap_or("jshell");
    println!(
        "In Jira, create an application link (Administration → Applications → Application links;"
    );
    println!(
        "on Jira 8.22+ choose \"Atlassian product\" / direct application link, accept the warnings),"
    );
    println!("then edit its Incoming Authentication with:");
    println!();
    println!("Consumer Key:  {consumer_key}");
    println!("Consumer Name: {}", args.consumer_name);
    println!("Public Key:");
    print!("{}", public.to_pem());
    println!();
    println!("Then log in:");
    println!(
        "  jshell login --server https://jira.example.com --consumer-key {consumer_key} --key-cert {}",
        args.out.display()
    );
    Ok(())
}

/// `rsa.pem` → `rsa.pub`; other names get `.pub` appended.
fn public_path(private: &std::path::Path) -> PathBuf {
    match private.extension() {
        Some(extension) if extension == "pem" => private.with_extension("pub"),
        _ => {
            let mut name = private.as_os_str().to_os_string();
            name.push(".pub");
            PathBuf::from(name)
        }
    }
}
