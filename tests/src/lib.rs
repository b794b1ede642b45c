//! Test harness: starts DynamoDB Local when no endpoint is given.
