//! The library's typed errors. Each variant names the file or the input it is
//! about, so that the command line can print one clear line per problem.

use std::path::PathBuf;

/// Everything that can go wrong inside trame.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read at all.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// A file was read but is not an article trame can use.
    #[error("{path}: {reason}")]
    BadInput {
        /// The file (with `:line` for JSON Lines).
        path: String,
        /// Why it was refused, in plain words.
        reason: String,
    },
    /// A data file of the gazetteer or the lexicons is malformed.
    #[error("{file}:{line}: {reason}")]
    Data {
        /// The data file.
        file: String,
        /// Its line, from 1.
        line: usize,
        /// What is wrong.
        reason: String,
    },
    /// The store on disk could not be opened.
    #[error("cannot open the store at {path}: {reason}")]
    StoreOpen {
        /// The store folder.
        path: PathBuf,
        /// Why, including the hint when another process holds it.
        reason: String,
    },
    /// A storage operation failed.
    #[error("store: {0}")]
    Storage(#[from] oxigraph::store::StorageError),
    /// A SPARQL query failed to parse; the message carries the position.
    #[error("SPARQL syntax error: {0}")]
    QuerySyntax(String),
    /// A SPARQL query failed while running.
    #[error("SPARQL evaluation error: {0}")]
    QueryEvaluation(String),
    /// Writing RDF or results failed.
    #[error("cannot write output: {0}")]
    Output(String),
}

/// The library's result type.
pub type Result<T, E = Error> = std::result::Result<T, E>;
