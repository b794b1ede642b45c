//! Derive macros for Rynamo.
