//! Native adapter for Rynamo.
