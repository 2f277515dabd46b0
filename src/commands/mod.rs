//! The commands that live in a file of their own (the others are still in
//! `main.rs`, to be moved here one by one).

pub mod parse;
