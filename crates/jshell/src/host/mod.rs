//! The Rhai host: an engine whose every capability comes from a plugin, with imports resolved
//! from the script's directory, `--plugin-path` directories and the bundled script library.

pub mod convert;
pub mod interrupt;
pub mod issue;
pub mod plugins;

use std::path::PathBuf;

use rhai::module_resolvers::{FileModuleResolver, ModuleResolversCollection};
use rhai::packages::{Package, StandardPackage};
use rhai::{Dynamic, Engine, EvalAltResult, Scope};

use crate::host::interrupt::Interrupt;
use crate::output;

/// A capability scripts can reach. Each plugin registers its functions (and, for `jira`, its
/// global object) on the engine; nothing else is registered.
pub trait Plugin {
    /// The name scripts use: a module name (`json::parse`) or a global variable (`jira`).
    fn name(&self) -> &'static str;
    /// One line saying what it offers, for `:help`.
    fn summary(&self) -> &'static str;
    /// Registers the plugin's functions and variables.
    fn register(&self, engine: &mut Engine, scope: &mut Scope<'static>);
}

/// The Rhai library bundled into the binary: `import "jshell/<name>"` finds these without
/// any file on disk. `lib/<name>` too, as `scripts/` imports them: a bundled script run as a
/// command has no `lib/` beside it (a real `lib/` directory is still found first).
const BUNDLED_MODULES: [(&str, &str); 4] = [
    (
        "jshell/issues",
        include_str!("../../../../scripts/lib/issues.rhai"),
    ),
    (
        "jshell/args",
        include_str!("../../../../scripts/lib/args.rhai"),
    ),
    (
        "lib/issues",
        include_str!("../../../../scripts/lib/issues.rhai"),
    ),
    (
        "lib/args",
        include_str!("../../../../scripts/lib/args.rhai"),
    ),
];

/// How scripts are hosted.
pub struct HostOptions {
    /// Where `import` looks first: the script's own directory.
    pub script_dir: PathBuf,
    /// Further directories for `import`, in order.
    pub plugin_paths: Vec<PathBuf>,
    pub interrupt: Interrupt,
}

pub struct Host {
    pub engine: Engine,
    pub scope: Scope<'static>,
    /// Functions defined by earlier REPL inputs, kept for later ones.
    functions: rhai::AST,
    plugins: Vec<(&'static str, &'static str)>,
}

/// What a script is terminated with when stdout failed.
const STDOUT_FAILED: &str = "stdout failed";

/// How often a running script's pending output is written, in Rhai operations (a millisecond or
/// so of script time; an export writes a block far more often than that anyway).
const FLUSH_EVERY_OPERATIONS: u64 = 1 << 14;

impl Host {
    pub fn new(plugins: Vec<Box<dyn Plugin>>, options: HostOptions) -> Self {
        let mut engine = engine();
        let mut scope = Scope::new();
        // A failed write to stdout ends the script at its next step: quietly when the reader
        // went away (`jshell export.rhai | head`), as command-line tools stop on a closed pipe;
        // otherwise (a full disk, …) the runner reports it, so no output is silently cut short.
        engine.on_print(output::print_line);
        engine.on_debug(|text, source, position| {
            output::flush_script_output();
            match source {
                Some(source) => eprintln!("{source}:{position}: {text}"),
                None => eprintln!("{position}: {text}"),
            }
        });
        let interrupt = options.interrupt.clone();
        engine.on_progress(move |operations| {
            if interrupt.is_requested() {
                return Some(Dynamic::from("interrupted"));
            }
            // Lines printed before a long computation are not held back until it ends.
            if operations.is_multiple_of(FLUSH_EVERY_OPERATIONS) {
                output::flush_script_output();
            }
            output::script_output_failed().then(|| Dynamic::from(STDOUT_FAILED))
        });
        engine.set_module_resolver(resolver(&options));
        let mut summaries = Vec::new();
        for plugin in &plugins {
            plugin.register(&mut engine, &mut scope);
            summaries.push((plugin.name(), plugin.summary()));
        }
        Self {
            engine,
            scope,
            functions: rhai::AST::empty(),
            plugins: summaries,
        }
    }

    /// Every function registered on the engine (not Rhai's standard library), from the one
    /// place that reads Rhai's signature text.
    pub fn functions(&self) -> Vec<Function> {
        functions(&self.engine)
    }

    /// Each plugin's name and one-line summary.
    pub fn plugins(&self) -> &[(&'static str, &'static str)] {
        &self.plugins
    }

    /// Runs one REPL input in the session: variables live in the scope, and functions defined
    /// by earlier inputs stay callable.
    pub fn run_in_session(
        &mut self,
        name: &str,
        source: &str,
    ) -> Result<Dynamic, Box<EvalAltResult>> {
        let mut ast = self
            .engine
            .compile_with_scope(&self.scope, source)
            .map_err(Box::<EvalAltResult>::from)?;
        ast.set_source(name);
        self.functions += ast.clone_functions_only();
        let program = self.functions.merge(&ast);
        let outcome = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut self.scope, &program);
        output::flush_script_output();
        outcome
    }

    /// Compiles and runs `source`, returning the value of its last expression.
    pub fn run(&mut self, name: &str, source: &str) -> Result<Dynamic, Box<EvalAltResult>> {
        let mut ast = self
            .engine
            .compile(source)
            .map_err(Box::<EvalAltResult>::from)?;
        ast.set_source(name);
        let outcome = self
            .engine
            .eval_ast_with_scope::<Dynamic>(&mut self.scope, &ast);
        output::flush_script_output();
        outcome
    }
}

/// A registered function: its name (`json::parse`) and its usage without Rust's return type
/// (`json::parse(text: &str)`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    pub name: String,
    pub usage: String,
}

/// The functions `engine` has registered besides Rhai's standard library, read from Rhai's
/// signature text (`name(_: Type, …) -> Return`).
pub fn functions(engine: &Engine) -> Vec<Function> {
    engine
        .gen_fn_signatures(false)
        .into_iter()
        .filter_map(|signature| {
            let (name, _) = signature.split_once('(')?;
            let without_return = signature.split(" -> ").next().unwrap_or(&signature);
            Some(Function {
                name: name.to_owned(),
                usage: without_return.replace("_: ", ""),
            })
        })
        .collect()
}

/// An engine with Rhai's standard library and jshell's limits, before any plugin.
///
/// The standard library's functions are looked up when a script first calls them rather than
/// all registered up front: registering them was half of `jshell -e 1`'s instructions, paid by
/// every run whatever it called.
fn engine() -> Engine {
    let mut engine = Engine::new_raw();
    engine.register_global_module(StandardPackage::new_lazy().as_shared_module());
    // What `Engine::new` turns on: map keys and property names are shared, not copied.
    engine.set_max_strings_interned(256);
    apply_limits(&mut engine);
    engine
}

/// Deep enough for real scripts, shallow enough that runaway recursion is an error, not a
/// stack overflow.
fn apply_limits(engine: &mut Engine) {
    engine.set_max_call_levels(200);
    engine.set_max_expr_depths(256, 256);
    // Rhai counts these sizes over a whole value, nested maps and arrays included: an export
    // of 100,000 issues with every field holds some 20 million map entries. The caps stop a
    // runaway loop long before it exhausts the machine, not a real export.
    engine.set_max_string_size(256 * 1024 * 1024);
    engine.set_max_array_size(100_000_000);
    engine.set_max_map_size(100_000_000);
}

/// The bundled library, compiled when a script imports it rather than at every start.
struct BundledModules;

impl rhai::ModuleResolver for BundledModules {
    fn resolve(
        &self,
        engine: &Engine,
        _source: Option<&str>,
        path: &str,
        position: rhai::Position,
    ) -> Result<rhai::Shared<rhai::Module>, Box<EvalAltResult>> {
        let Some((_, source)) = BUNDLED_MODULES.iter().find(|(name, _)| *name == path) else {
            return Err(Box::new(EvalAltResult::ErrorModuleNotFound(
                path.to_owned(),
                position,
            )));
        };
        let ast = engine.compile(source).map_err(Box::<EvalAltResult>::from)?;
        rhai::Module::eval_ast_as_new(Scope::new(), &ast, engine).map(Into::into)
    }
}

fn resolver(options: &HostOptions) -> ModuleResolversCollection {
    let mut collection = ModuleResolversCollection::new();
    collection.push(FileModuleResolver::new_with_path(&options.script_dir));
    for path in &options.plugin_paths {
        collection.push(FileModuleResolver::new_with_path(path));
    }
    collection.push(BundledModules);
    collection
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_module_compiles_and_loads() {
        let engine = engine();
        for (name, source) in BUNDLED_MODULES {
            let ast = engine
                .compile(source)
                .unwrap_or_else(|error| panic!("{name} does not compile: {error}"));
            rhai::Module::eval_ast_as_new(Scope::new(), &ast, &engine)
                .unwrap_or_else(|error| panic!("{name} does not load: {error}"));
        }
    }

    #[test]
    fn the_standard_library_is_found_when_first_called() {
        let engine = engine();
        for (script, expected) in [
            (r#""a" + 1 + 'b'"#, "a1b"),
            (r#""Jira".to_upper().sub_string(1, 2)"#, "IR"),
            (
                "let a = [3, 1, 2].map(|x| x * 2); a.sort(); a.reduce(|sum, x| sum + x, 0) + a[0]",
                "14",
            ),
            ("let a = [1]; a += [2]; a.len", "2"),
            (
                "let m = #{b: 1, a: 2}; m.keys().sort(); m.keys().len()",
                "2",
            ),
            ("2 in [1, 2] && \"ir\" in \"Jira\"", "true"),
            ("(2.0).sqrt().round().to_int() + max(1, 5)", "6"),
            ("let f = Fn(\"abs\"); f.call(-4)", "4"),
            (
                "let n = 0; for x in range(0, 5) { if x % 2 == 0 { n += 1 } } n",
                "3",
            ),
        ] {
            let value = engine
                .eval::<Dynamic>(script)
                .unwrap_or_else(|error| panic!("{script}: {error}"));
            assert_eq!(value.to_string(), expected, "{script}");
        }
    }
}
