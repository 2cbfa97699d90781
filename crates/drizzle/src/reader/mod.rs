//! drizzle schema files (`schema.ts`) -> [`Schema`], evaluated statically.
//!
//! Each file is parsed by oxc into a TypeScript syntax tree. Top-level
//! `const` declarations are bound lazily; every exported binding is then
//! evaluated ([`eval`]) with the drizzle builders of `drizzle-orm/pg-core`
//! and `drizzle-orm/sqlite-core` as known functions ([`builtins`],
//! [`methods`]): what a chain of column methods sets, what an extra-config
//! callback returns, the SQL text of `sql` templates. Imports between the
//! schema files resolve to each other's bindings; object spreads copy
//! shared column sets. Tables, enums, schemas and views that are exported
//! make up the schema, as drizzle-kit takes them ([`build`]).
//!
//! Anything that needs running code (a function call the reader does not
//! know, a loop, a value imported from another package used as a column)
//! is a located error naming the construct: nothing is skipped silently.
//! Methods with no schema meaning (`$type`, `$defaultFn`, `$onUpdate`,
//! `relations(...)`) are accepted and have no effect, as in drizzle-kit.

mod build;
mod builtins;
mod eval;
mod methods;
mod value;

#[cfg(test)]
mod tests;

use oxc_allocator::Allocator;
use oxc_ast::ast::{
    BindingPattern, Declaration, ExportDefaultDeclarationKind, Expression,
    ImportDeclarationSpecifier, ModuleExportName, Program, Statement,
};
use oxc_span::{GetSpan, SourceType};
use sluice_schema::{Dialect, Hints};
use sluice_sql::{Parsed, SourceFile, SqlError};
use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};
use value::{Closure, Module, Value};

/// How drizzle names a column declared without a name (the `casing` option
/// of drizzle-kit's config and of `drizzle()`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Casing {
    /// The object key as written.
    #[default]
    Preserve,
    /// `createdAt` -> `created_at`.
    SnakeCase,
    /// `created_at` -> `createdAt`.
    CamelCase,
}

impl std::str::FromStr for Casing {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "snake_case" => Ok(Casing::SnakeCase),
            "camelCase" => Ok(Casing::CamelCase),
            "preserve" | "none" => Ok(Casing::Preserve),
            other => {
                Err(format!("unknown casing `{other}`: expected snake_case, camelCase or preserve"))
            }
        }
    }
}

#[derive(Debug, Clone)]
pub struct Options {
    pub dialect: Dialect,
    pub casing: Casing,
}

/// Read drizzle schema files into one normalized schema. Never panics;
/// everything that cannot be evaluated is a located error in
/// `Parsed::errors` (and the schema must then not be used).
pub fn read_schema(files: &[SourceFile], opts: &Options) -> Parsed {
    let allocators: Vec<Allocator> = files.iter().map(|_| Allocator::default()).collect();
    let mut errors = Vec::new();
    let programs: Vec<Program<'_>> = files
        .iter()
        .zip(&allocators)
        .enumerate()
        .map(|(i, (f, alloc))| {
            let source_type = SourceType::ts();
            let ret = oxc_parser::Parser::new(alloc, &f.text, source_type).parse();
            for d in ret.diagnostics.errors() {
                let span = d
                    .labels
                    .as_slice()
                    .first()
                    .map(|l| {
                        sluice_sql::Span::new(
                            l.offset() as usize,
                            l.offset() as usize + l.len() as usize,
                        )
                    })
                    .unwrap_or_default();
                errors.push(
                    SqlError::new(
                        &files[i],
                        span,
                        format!("TypeScript syntax error: {}", d.message),
                    )
                    .with_help("fix the syntax; the file must be valid TypeScript"),
                );
            }
            ret.program
        })
        .collect();
    let mut reader = Reader::new(files, &programs, opts);
    reader.errors = errors;
    reader.bind_all();
    let roots = reader.evaluate_exports();
    reader.finish(roots)
}

/// A top-level name of a module.
enum Binding<'a> {
    /// `const x = <expr>` not evaluated yet.
    Pending(&'a Expression<'a>),
    /// `import { name } from './file'`.
    Import {
        file: usize,
        name: String,
        span: oxc_span::Span,
    },
    Evaluating,
    Failed,
    Done(Value<'a>),
}

#[derive(Default)]
struct ModuleScope<'a> {
    bindings: HashMap<&'a str, Binding<'a>>,
    /// exported name -> local name
    exports: Vec<(String, String)>,
    /// `export { a as b } from './x'`: exported name -> (file, name)
    reexports: Vec<(String, usize, String)>,
    /// `export * from './x'`
    star: Vec<usize>,
}

/// A stop in evaluation; the error has been recorded.
#[derive(Debug)]
pub(crate) struct Stop;
pub(crate) type R<T> = Result<T, Stop>;

pub(crate) struct TableB<'a> {
    pub name: String,
    pub schema: Option<String>,
    /// (JavaScript key, column)
    pub columns: Vec<(String, value::ColumnB<'a>)>,
    pub extra: Option<Closure<'a>>,
    pub file: usize,
    pub span: oxc_span::Span,
}

pub(crate) struct EnumB {
    pub name: String,
    pub schema: Option<String>,
    pub values: Vec<String>,
    pub file: usize,
    pub span: oxc_span::Span,
}

pub(crate) struct ViewB {
    pub name: String,
    pub schema: Option<String>,
    pub materialized: bool,
    pub query: value::Sql,
    pub file: usize,
    pub span: oxc_span::Span,
}

pub(crate) struct Reader<'a> {
    pub files: &'a [SourceFile],
    programs: &'a [Program<'a>],
    pub opts: &'a Options,
    modules: Vec<ModuleScope<'a>>,
    pub tables: Vec<TableB<'a>>,
    pub enums: Vec<EnumB>,
    pub views: Vec<ViewB>,
    pub errors: Vec<SqlError>,
    /// Normalized path of each file, to resolve relative imports.
    paths: Vec<PathBuf>,
}

impl<'a> Reader<'a> {
    fn new(files: &'a [SourceFile], programs: &'a [Program<'a>], opts: &'a Options) -> Self {
        Reader {
            files,
            programs,
            opts,
            modules: Vec::new(),
            tables: Vec::new(),
            enums: Vec::new(),
            views: Vec::new(),
            errors: Vec::new(),
            paths: files.iter().map(|f| lexical(&f.path)).collect(),
        }
    }

    /// Record an error at a span of a file and stop.
    pub fn fail<T>(
        &mut self,
        file: usize,
        span: oxc_span::Span,
        message: impl Into<String>,
        help: &str,
    ) -> R<T> {
        self.error(file, span, message, help);
        Err(Stop)
    }

    pub fn error(
        &mut self,
        file: usize,
        span: oxc_span::Span,
        message: impl Into<String>,
        help: &str,
    ) {
        let span = sluice_sql::Span::new(span.start as usize, span.end as usize);
        let mut e = SqlError::new(&self.files[file], span, message);
        if !help.is_empty() {
            e = e.with_help(help);
        }
        self.errors.push(e);
    }

    /// Collect the top-level bindings, imports and exports of every file.
    fn bind_all(&mut self) {
        for i in 0..self.programs.len() {
            let program: &'a Program<'a> = &self.programs[i];
            let mut scope = ModuleScope::default();
            for stmt in &program.body {
                self.bind_statement(i, stmt, &mut scope);
            }
            self.modules.push(scope);
        }
    }

    fn bind_statement(
        &mut self,
        file: usize,
        stmt: &'a Statement<'a>,
        scope: &mut ModuleScope<'a>,
    ) {
        match stmt {
            Statement::ImportDeclaration(imp) => {
                if imp.import_kind.is_type() {
                    return;
                }
                let source = imp.source.value.as_str();
                let target = if let Some(m) = Module::from_source(source) {
                    Target::Builtin(m)
                } else if source.starts_with('.') {
                    match self.resolve_import(file, source) {
                        Some(f) => Target::File(f),
                        None => {
                            self.error(
                                file,
                                imp.source.span,
                                format!("`{source}` is not one of the schema files"),
                                "list the imported file in `schema = [...]` in sluice.toml (a folder takes every .ts file in it)",
                            );
                            Target::Unknown(source.to_string())
                        }
                    }
                } else {
                    Target::Unknown(source.to_string())
                };
                for spec in imp.specifiers.iter().flatten() {
                    let (local, imported, span) = match spec {
                        ImportDeclarationSpecifier::ImportSpecifier(s) => {
                            if s.import_kind.is_type() {
                                continue;
                            }
                            (s.local.name.as_str(), Some(export_name(&s.imported)), s.span)
                        }
                        ImportDeclarationSpecifier::ImportDefaultSpecifier(s) => {
                            (s.local.name.as_str(), Some("default".to_string()), s.span)
                        }
                        ImportDeclarationSpecifier::ImportNamespaceSpecifier(s) => {
                            (s.local.name.as_str(), None, s.span)
                        }
                    };
                    let binding = match (&target, imported) {
                        (Target::Builtin(m), Some(name)) => Binding::Done(builtins::lookup(*m, &name)),
                        (Target::Builtin(m), None) => Binding::Done(Value::BuiltinNs(*m)),
                        (Target::File(f), Some(name)) => Binding::Import { file: *f, name, span },
                        (Target::File(_), None) => Binding::Done(Value::Foreign(format!(
                            "namespace import of `{}`",
                            imp.source.value
                        ))),
                        (Target::Unknown(src), _) => {
                            Binding::Done(Value::Foreign(format!("`{local}` from `{src}`")))
                        }
                    };
                    scope.bindings.insert(local, binding);
                }
            }
            Statement::ExportNamedDeclaration(exp) => {
                if exp.export_kind.is_type() {
                    return;
                }
                if let Some(decl) = &exp.declaration {
                    for name in self.bind_declaration(file, decl, scope) {
                        scope.exports.push((name.to_string(), name.to_string()));
                    }
                }
                let from = match &exp.source {
                    Some(src) => match self.resolve_import(file, src.value.as_str()) {
                        Some(f) => Some(f),
                        None => {
                            self.error(
                                file,
                                src.span,
                                format!("`{}` is not one of the schema files", src.value),
                                "list the re-exported file in `schema = [...]` in sluice.toml",
                            );
                            return;
                        }
                    },
                    None => None,
                };
                for spec in &exp.specifiers {
                    if spec.export_kind.is_type() {
                        continue;
                    }
                    let local = export_name(&spec.local);
                    let exported = export_name(&spec.exported);
                    match from {
                        Some(f) => scope.reexports.push((exported, f, local)),
                        None => scope.exports.push((exported, local)),
                    }
                }
            }
            Statement::ExportAllDeclaration(all) => {
                if all.export_kind.is_type() {
                    return;
                }
                match self.resolve_import(file, all.source.value.as_str()) {
                    Some(f) if all.exported.is_none() => scope.star.push(f),
                    Some(_) => self.error(
                        file,
                        all.span,
                        "`export * as name` is not supported in a schema file",
                        "export the tables by name instead",
                    ),
                    None => self.error(
                        file,
                        all.source.span,
                        format!("`{}` is not one of the schema files", all.source.value),
                        "list the re-exported file in `schema = [...]` in sluice.toml",
                    ),
                }
            }
            Statement::ExportDefaultDeclaration(def) => {
                if let Some(e) = def.declaration.as_expression() {
                    scope.bindings.insert("default", Binding::Pending(e));
                    scope.exports.push(("default".into(), "default".into()));
                } else if !matches!(
                    def.declaration,
                    ExportDefaultDeclarationKind::TSInterfaceDeclaration(_)
                ) {
                    self.error(
                        file,
                        def.span,
                        "a default-exported function or class cannot be evaluated statically",
                        "export the schema objects as `export const name = ...`",
                    );
                }
            }
            Statement::VariableDeclaration(_)
            | Statement::FunctionDeclaration(_)
            | Statement::ClassDeclaration(_) => {
                let decl = stmt.as_declaration().expect("declaration statement");
                self.bind_declaration(file, decl, scope);
            }
            Statement::TSTypeAliasDeclaration(_)
            | Statement::TSInterfaceDeclaration(_)
            | Statement::TSModuleDeclaration(_)
            | Statement::TSGlobalDeclaration(_)
            | Statement::EmptyStatement(_) => {}
            other => self.error(
                file,
                other.span(),
                "top-level code that runs is not supported in a schema file",
                "a schema file may only declare and export values (`export const users = pgTable(...)`)",
            ),
        }
    }

    /// Bind the names a declaration introduces; returns them.
    fn bind_declaration(
        &mut self,
        file: usize,
        decl: &'a Declaration<'a>,
        scope: &mut ModuleScope<'a>,
    ) -> Vec<&'a str> {
        let mut names = Vec::new();
        match decl {
            Declaration::VariableDeclaration(v) => {
                for d in &v.declarations {
                    match (&d.id, &d.init) {
                        (BindingPattern::BindingIdentifier(id), Some(init)) => {
                            scope.bindings.insert(id.name.as_str(), Binding::Pending(init));
                            names.push(id.name.as_str());
                        }
                        _ => self.error(
                            file,
                            d.span,
                            "only `const name = value` declarations can be evaluated in a schema file",
                            "declare each value with its own name",
                        ),
                    }
                }
            }
            Declaration::FunctionDeclaration(f) => {
                if let Some(id) = &f.id {
                    let closure =
                        Closure { func: value::Callable::Function(f), file, scope: Vec::new() };
                    scope.bindings.insert(id.name.as_str(), Binding::Done(Value::Closure(closure)));
                    names.push(id.name.as_str());
                }
            }
            Declaration::TSTypeAliasDeclaration(_)
            | Declaration::TSInterfaceDeclaration(_)
            | Declaration::TSModuleDeclaration(_)
            | Declaration::TSGlobalDeclaration(_) => {}
            other => self.error(
                file,
                other.span(),
                "this declaration cannot be evaluated statically",
                "a schema file may only declare values with `const` and simple functions",
            ),
        }
        names
    }

    /// The file a relative import names: `./users`, `./users.js`,
    /// `./users.ts`, `./db` (folder with index.ts).
    fn resolve_import(&self, file: usize, spec: &str) -> Option<usize> {
        let base = self.paths[file].parent().unwrap_or(Path::new("")).join(spec);
        let base = lexical(&base);
        let stem = match base.extension().and_then(|e| e.to_str()) {
            Some("js" | "mjs" | "cjs" | "ts" | "mts" | "cts") => base.with_extension(""),
            _ => base.clone(),
        };
        let candidates = [
            stem.with_extension("ts"),
            stem.with_extension("mts"),
            stem.with_extension("cts"),
            stem.join("index.ts"),
            base,
        ];
        candidates.iter().find_map(|c| self.paths.iter().position(|p| p == c))
    }

    /// Evaluate a top-level name of a module (lazily, once).
    pub fn global(&mut self, file: usize, name: &str, span: oxc_span::Span) -> R<Value<'a>> {
        let Some(key) = self.modules[file].bindings.get_key_value(name).map(|(k, _)| *k) else {
            // Not declared in this file: a re-export chain may still hold it.
            if let Some(v) = self.exported(file, name, span, 0)? {
                return Ok(v);
            }
            return self.fail(
                file,
                span,
                format!("`{name}` is not declared in this file"),
                "import it from a schema file or from drizzle-orm",
            );
        };
        let slot = self.modules[file].bindings.get_mut(key).expect("bound");
        match std::mem::replace(slot, Binding::Evaluating) {
            Binding::Done(v) => {
                *self.modules[file].bindings.get_mut(key).expect("bound") =
                    Binding::Done(v.clone());
                Ok(v)
            }
            Binding::Pending(expr) => {
                let mut ctx = eval::Ctx { file, locals: Vec::new() };
                let result = self.eval(&mut ctx, expr);
                let slot = self.modules[file].bindings.get_mut(key).expect("bound");
                *slot = match &result {
                    Ok(v) => Binding::Done(v.clone()),
                    Err(_) => Binding::Failed,
                };
                result
            }
            Binding::Import { file: target, name: imported, span: ispan } => {
                let result = match self.exported(target, &imported, ispan, 0)? {
                    Some(v) => Ok(v),
                    None => self.fail(
                        file,
                        ispan,
                        format!("`{imported}` is not exported by {}", self.files[target].name()),
                        "export it there (`export const ...`)",
                    ),
                };
                let slot = self.modules[file].bindings.get_mut(key).expect("bound");
                *slot = match &result {
                    Ok(v) => Binding::Done(v.clone()),
                    Err(_) => Binding::Failed,
                };
                result
            }
            Binding::Evaluating => {
                *self.modules[file].bindings.get_mut(key).expect("bound") = Binding::Evaluating;
                self.fail(
                    file,
                    span,
                    format!("`{name}` is used while it is being defined"),
                    "refer to other tables inside `() => table.column` callbacks, as drizzle requires",
                )
            }
            Binding::Failed => {
                *self.modules[file].bindings.get_mut(key).expect("bound") = Binding::Failed;
                Err(Stop)
            }
        }
    }

    /// The value a module exports under `name`, if it does.
    fn exported(
        &mut self,
        file: usize,
        name: &str,
        span: oxc_span::Span,
        depth: usize,
    ) -> R<Option<Value<'a>>> {
        if depth > 32 {
            return self.fail(
                file,
                span,
                "re-exports form a cycle",
                "remove the cyclic `export *`",
            );
        }
        if let Some((_, local)) = self.modules[file].exports.iter().find(|(e, _)| e == name) {
            let local = local.clone();
            return self.global(file, &local, span).map(Some);
        }
        if let Some((_, f, n)) = self.modules[file].reexports.iter().find(|(e, ..)| e == name) {
            let (f, n) = (*f, n.clone());
            return self.exported(f, &n, span, depth + 1);
        }
        for f in self.modules[file].star.clone() {
            if let Some(v) = self.exported(f, name, span, depth + 1)? {
                return Ok(Some(v));
            }
        }
        Ok(None)
    }

    /// Evaluate every exported name of every file; the schema objects among
    /// them are what drizzle-kit would take.
    fn evaluate_exports(&mut self) -> Roots {
        let mut roots = Roots::default();
        for file in 0..self.modules.len() {
            let names: Vec<(String, String)> = self.modules[file].exports.clone();
            for (_, local) in names {
                let span = self.binding_span(file, &local);
                if let Ok(v) = self.global(file, &local, span) {
                    roots.add(&v);
                }
            }
        }
        roots
    }

    fn binding_span(&self, file: usize, name: &str) -> oxc_span::Span {
        match self.modules[file].bindings.get(name) {
            Some(Binding::Pending(e)) => e.span(),
            _ => oxc_span::Span::default(),
        }
    }

    fn finish(mut self, roots: Roots) -> Parsed {
        let mut origins = BTreeMap::new();
        let schema = build::build(&mut self, &roots, &mut origins);
        Parsed { schema, hints: Hints::default(), errors: self.errors, origins }
    }
}

/// The schema objects reached from the exports.
#[derive(Default)]
pub(crate) struct Roots {
    pub tables: Vec<usize>,
    /// The tables already listed.
    seen: std::collections::HashSet<usize>,
    pub enums: Vec<usize>,
    pub views: Vec<usize>,
    pub schemas: Vec<String>,
}

impl Roots {
    fn add(&mut self, v: &Value<'_>) {
        match v {
            Value::Table(t) if self.seen.insert(*t) => self.tables.push(*t),
            Value::Enum(e) if !self.enums.contains(e) => self.enums.push(*e),
            Value::View(i) if !self.views.contains(i) => self.views.push(*i),
            Value::Schema(s) if !self.schemas.contains(s) => self.schemas.push(s.clone()),
            _ => {}
        }
    }
}

enum Target {
    Builtin(Module),
    File(usize),
    Unknown(String),
}

fn export_name(n: &ModuleExportName<'_>) -> String {
    n.name().to_string()
}

/// A path with `.` and `..` resolved without touching the file system.
fn lexical(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}
