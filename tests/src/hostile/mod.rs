//! Hostile HTTP/1.1 servers on 127.0.0.1 that speak DynamoDB's JSON shape
//! but misbehave the way a broken or malicious endpoint could: pages that
//! never end, replies too large to hold, error messages that echo the
//! request's secrets, redirects. Each proves a client ends with a typed
//! error rather than hang, run out of memory or leak.
//!
//! Never a stand-in for DynamoDB's behaviour: every test that needs
//! DynamoDB itself runs against DynamoDB Local.

mod echo;
mod endless;
mod flood;

pub use echo::echoing_server;
pub use endless::endless_pages;
pub use flood::FloodServer;
