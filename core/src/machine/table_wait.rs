//! [`WaitUntilActive`]: DescribeTable every interval until the table is
//! `ACTIVE`, optionally after creating it: the one loop behind
//! [`Client::wait_until_active`](crate::Client::wait_until_active) and the
//! JS package's `createTable`.

use alloc::string::String;
use core::time::Duration;

use crate::error::Error;
use crate::op::{
    CreateTable, DescribeTable, EncodeOptions, Operation, TableDescription, TableStatus,
};
use crate::transport::{Request, Response};

use super::{Machine, Step};

/// Reads a table's status until it is `ACTIVE` (then hands out its
/// description), pausing `interval` after each read that finds it not
/// ACTIVE; after `max_polls` such reads it fails with
/// [`Error::InvalidRequest`] naming the last status.
#[derive(Debug)]
pub struct WaitUntilActive {
    /// The CreateTable call to make first, until its reply is handled.
    create: Option<CreateTable>,
    /// The table name, as sent.
    table: String,
    interval: Duration,
    max_polls: u32,
    /// The request being sent.
    request: Option<Request>,
    /// Status reads so far.
    polls: u32,
    /// The last status read.
    last: Option<TableStatus>,
    /// A pause is due before the next status read.
    pause: bool,
    /// The ACTIVE table's description, until handed out.
    active: Option<TableDescription>,
    /// The description was handed out.
    done: bool,
}

impl WaitUntilActive {
    /// How often a table being created is read (`Table::create`, the JS
    /// package's `createTable`).
    pub const INTERVAL: Duration = Duration::from_millis(200);
    /// How many reads a table being created gets (a minute at
    /// [`INTERVAL`](Self::INTERVAL)).
    pub const MAX_POLLS: u32 = 300;

    /// Waits for `table` (the name as sent): at most `max_polls` reads,
    /// `interval` apart.
    pub fn new(table: impl Into<String>, interval: Duration, max_polls: u32) -> Self {
        WaitUntilActive {
            create: None,
            table: table.into(),
            interval,
            max_polls,
            request: None,
            polls: 0,
            last: None,
            pause: false,
            active: None,
            done: false,
        }
    }

    /// Sends `create` first (its reply is checked, then the waiting starts).
    pub fn creating(mut self, create: CreateTable) -> Self {
        self.create = Some(create);
        self
    }

    /// The error once `max_polls` reads found the table not ACTIVE.
    fn not_active(&self) -> Error {
        Error::InvalidRequest(crate::text::format(
            "table `{}` not ACTIVE after {} polls (last status {})",
            &[
                self.table.as_str().into(),
                self.max_polls.into(),
                self.last
                    .as_ref()
                    .map_or("none", TableStatus::as_str)
                    .into(),
            ],
        ))
    }
}

impl Machine for WaitUntilActive {
    type Output = TableDescription;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, TableDescription>, Error> {
        if let Some(description) = self.active.take() {
            self.done = true;
            return Ok(Step::Output(description));
        }
        if self.done {
            return Ok(Step::Done);
        }
        if self.pause {
            self.pause = false;
            return Ok(Step::Pause(self.interval));
        }
        if self.request.is_none() {
            let request = match &self.create {
                Some(op) => op.request(options)?,
                None if self.polls >= self.max_polls => return Err(self.not_active()),
                None => DescribeTable::new(self.table.as_str()).request(options)?,
            };
            self.request = Some(request);
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let reply = reply?;
        self.request = None;
        if self.create.take().is_some() {
            return CreateTable::decode(&reply).map(|_| ());
        }
        let description = DescribeTable::decode(&reply)?;
        self.polls += 1;
        if description.status == TableStatus::Active {
            self.active = Some(description);
        } else {
            self.last = Some(description.status);
            self.pause = true;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::transport::Action;
    use crate::value::ScalarAttributeType;
    use alloc::string::ToString;

    const INTERVAL: Duration = WaitUntilActive::INTERVAL;

    fn reply(key: &str, status: &str) -> Result<Response, Error> {
        let body = alloc::format!(
            r#"{{"{key}":{{"TableName":"things","TableStatus":"{status}","KeySchema":[{{"AttributeName":"pk","KeyType":"HASH"}}],"AttributeDefinitions":[{{"AttributeName":"pk","AttributeType":"S"}}]}}}}"#
        );
        Ok(Response {
            status: 200,
            body: body.into_bytes(),
            request_id: None,
        })
    }

    fn sends(machine: &mut WaitUntilActive, action: Action) {
        match machine.poll(&EncodeOptions::default()) {
            Ok(Step::Send([request])) => assert_eq!(request.action, action),
            other => panic!("expected one {action:?} request, not {other:?}"),
        }
    }

    fn creation() -> WaitUntilActive {
        WaitUntilActive::new("things", INTERVAL, WaitUntilActive::MAX_POLLS)
            .creating(CreateTable::new("things", "pk", ScalarAttributeType::S))
    }

    #[test]
    fn creates_then_reads_the_status_until_active() {
        let mut c = creation();
        sends(&mut c, Action::CreateTable);
        c.handle(0, reply("TableDescription", "CREATING")).unwrap();
        sends(&mut c, Action::DescribeTable);
        c.handle(0, reply("Table", "CREATING")).unwrap();
        assert_eq!(
            c.poll(&EncodeOptions::default()).unwrap(),
            Step::Pause(INTERVAL)
        );
        sends(&mut c, Action::DescribeTable);
        c.handle(0, reply("Table", "ACTIVE")).unwrap();
        match c.poll(&EncodeOptions::default()).unwrap() {
            Step::Output(description) => {
                assert_eq!(description.name, "things");
                assert_eq!(description.status, TableStatus::Active);
            }
            other => panic!("expected the description, not {other:?}"),
        }
        assert_eq!(c.poll(&EncodeOptions::default()).unwrap(), Step::Done);
    }

    #[test]
    fn gives_up_after_max_polls_naming_the_last_status() {
        let mut c = creation();
        sends(&mut c, Action::CreateTable);
        c.handle(0, reply("TableDescription", "CREATING")).unwrap();
        for _ in 0..300 {
            sends(&mut c, Action::DescribeTable);
            c.handle(0, reply("Table", "UPDATING")).unwrap();
            assert_eq!(
                c.poll(&EncodeOptions::default()).unwrap(),
                Step::Pause(INTERVAL)
            );
        }
        let error = c.poll(&EncodeOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request: table `things` not ACTIVE after 300 polls (last status UPDATING)"
        );
    }

    #[test]
    fn no_reads_allowed_fails_at_once_with_no_status() {
        let mut w = WaitUntilActive::new("things", INTERVAL, 0);
        let error = w.poll(&EncodeOptions::default()).unwrap_err();
        assert_eq!(
            error.to_string(),
            "invalid request: table `things` not ACTIVE after 0 polls (last status none)"
        );
    }
}
