//! Integration tests against a real DynamoDB (DynamoDB Local, started by
//! the harness when `DYNAMODB_ENDPOINT` is not set). One test binary, so
//! one server serves the whole run.

mod bad_items;
mod batches;
mod codecs;
mod crud;
mod errors;
mod evolution;
mod expressions;
mod fault_figures;
mod faults;
mod fixtures;
mod interop;
mod limits;
mod lost_replies;
mod page_counts;
mod parallel;
mod partial_reads;
mod polymorphic;
mod polymorphic_maps;
mod reads;
mod retry_budget;
mod retry_safety;
mod return_values;
mod segments;
mod semantics;
mod send;
mod streams;
mod tables;
mod transactions;
mod versioning;
