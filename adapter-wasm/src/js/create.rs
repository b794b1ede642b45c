//! `createTable` as a request machine: CreateTable, then DescribeTable
//! every 200 ms until the table is ACTIVE (at most 300 times), as the
//! core's `Client::wait_until_active` does, driven by the one driver that
//! every multi-request call shares (`reader::run`) instead of an async
//! state machine of its own.

use alloc::string::String;
use core::time::Duration;

use rynamo_core::Error;
use rynamo_core::machine::Step;
use rynamo_core::op::{CreateTable, DescribeTable, EncodeOptions, Operation, TableStatus};
use rynamo_core::transport::{Request, Response};

/// How often the table's status is read.
const INTERVAL: Duration = Duration::from_millis(200);
/// How many times, and that number as the error text writes it.
const MAX_POLLS: (u32, &str) = (300, "300");

/// A table being created and waited for.
pub(super) struct Creation {
    /// The CreateTable call, until its reply is handled.
    create: Option<CreateTable>,
    /// The table name as sent.
    table: String,
    /// The request being sent.
    request: Option<Request>,
    /// Status reads so far.
    polls: u32,
    /// The last status read.
    last: Option<TableStatus>,
    /// A pause is due before the next status read.
    pause: bool,
    /// The table is ACTIVE.
    done: bool,
}

impl Creation {
    /// Creates the table `op` describes (named `table`, as sent).
    pub(super) fn new(op: CreateTable, table: String) -> Creation {
        Creation {
            create: Some(op),
            table,
            request: None,
            polls: 0,
            last: None,
            pause: false,
            done: false,
        }
    }

    /// The next step: the request to send, a pause, or done.
    pub(super) fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, ()>, Error> {
        if self.done {
            return Ok(Step::Done);
        }
        if self.pause {
            self.pause = false;
            return Ok(Step::Pause(INTERVAL));
        }
        if self.request.is_none() {
            let request = match &self.create {
                Some(op) => op.request(options)?,
                None if self.polls >= MAX_POLLS.0 => return Err(self.not_active()),
                None => DescribeTable::new(self.table.as_str()).request(options)?,
            };
            self.request = Some(request);
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    /// Takes the reply to the request sent.
    pub(super) fn handle(&mut self, reply: Result<Response, Error>) -> Result<(), Error> {
        let reply = reply?;
        self.request = None;
        if self.create.take().is_some() {
            return CreateTable::decode(&reply).map(|_| ());
        }
        let description = DescribeTable::decode(&reply)?;
        self.polls += 1;
        if description.status == TableStatus::Active {
            self.done = true;
        } else {
            self.last = Some(description.status);
            self.pause = true;
        }
        Ok(())
    }

    /// The error once `MAX_POLLS` reads found the table not ACTIVE.
    fn not_active(&self) -> Error {
        let last = self.last.as_ref().map_or("none", TableStatus::as_str);
        let mut text = String::from("table `");
        for piece in [
            self.table.as_str(),
            "` not ACTIVE after ",
            MAX_POLLS.1,
            " polls (last status ",
            last,
            ")",
        ] {
            text.push_str(piece);
        }
        Error::InvalidRequest(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rynamo_core::transport::Action;
    use rynamo_core::value::ScalarAttributeType;

    fn reply(key: &str, status: &str) -> Result<Response, Error> {
        let body = alloc::format!(
            r#"{{"{key}":{{"TableName":"things","TableStatus":"{status}","KeySchema":[{{"AttributeName":"pk","KeyType":"HASH"}}],"AttributeDefinitions":[{{"AttributeName":"pk","AttributeType":"S"}}]}}}}"#
        );
        Ok(Response {
            status: 200,
            body: body.into_bytes(),
        })
    }

    fn sends(creation: &mut Creation, action: Action) {
        match creation.poll(&EncodeOptions::default()) {
            Ok(Step::Send([request])) => assert_eq!(request.action, action),
            other => panic!("expected one {action:?} request, not {other:?}"),
        }
    }

    fn creation() -> Creation {
        Creation::new(
            CreateTable::new("things", "pk", ScalarAttributeType::S),
            "things".into(),
        )
    }

    #[test]
    fn creates_then_reads_the_status_until_active() {
        let mut c = creation();
        sends(&mut c, Action::CreateTable);
        c.handle(reply("TableDescription", "CREATING")).unwrap();
        sends(&mut c, Action::DescribeTable);
        c.handle(reply("Table", "CREATING")).unwrap();
        assert_eq!(
            c.poll(&EncodeOptions::default()).unwrap(),
            Step::Pause(INTERVAL)
        );
        sends(&mut c, Action::DescribeTable);
        c.handle(reply("Table", "ACTIVE")).unwrap();
        assert_eq!(c.poll(&EncodeOptions::default()).unwrap(), Step::Done);
    }

    #[test]
    fn gives_up_as_the_cores_wait_until_active_does() {
        let mut c = creation();
        sends(&mut c, Action::CreateTable);
        c.handle(reply("TableDescription", "CREATING")).unwrap();
        for _ in 0..MAX_POLLS.0 {
            sends(&mut c, Action::DescribeTable);
            c.handle(reply("Table", "UPDATING")).unwrap();
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
}
