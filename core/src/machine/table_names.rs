//! [`TableNamePages`]: every page of ListTables, each request continuing
//! after the last name of the page before.

use crate::error::Error;
use crate::op::{EncodeOptions, ListTables, Operation, TableNames};
use crate::transport::{Request, Response};

use super::{Machine, Step};

/// Pages of table names, as a [`Machine`] handing out one
/// [`TableNames`] per reply.
#[derive(Debug, Default)]
pub struct TableNamePages {
    next: Option<ListTables>,
    limit: Option<u32>,
    request: Option<Request>,
    page: Option<TableNames>,
}

impl TableNamePages {
    /// Every table name, `limit` per page when given (1–100).
    pub fn new(limit: Option<u32>) -> Self {
        let first = ListTables::new();
        TableNamePages {
            next: Some(match limit {
                Some(n) => first.limit(n),
                None => first,
            }),
            limit,
            request: None,
            page: None,
        }
    }
}

impl Machine for TableNamePages {
    type Output = TableNames;

    fn poll(&mut self, options: &EncodeOptions) -> Result<Step<'_, TableNames>, Error> {
        if let Some(page) = self.page.take() {
            return Ok(Step::Output(page));
        }
        if self.request.is_none() {
            let Some(op) = self.next.take() else {
                return Ok(Step::Done);
            };
            let request = op.request(options);
            self.next = Some(op);
            self.request = Some(request?);
        }
        Ok(match &self.request {
            Some(request) => Step::Send(core::slice::from_ref(request)),
            None => Step::Done,
        })
    }

    fn handle(&mut self, _index: usize, reply: Result<Response, Error>) -> Result<(), Error> {
        let page = ListTables::decode(&reply?)?;
        self.request = None;
        self.next = page.last_evaluated.as_ref().map(|last| {
            let next = ListTables::new().start(last.clone());
            match self.limit {
                Some(n) => next.limit(n),
                None => next,
            }
        });
        self.page = Some(page);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::scripted::{Scripted, run};

    #[test]
    fn continues_after_the_last_name_of_each_page() {
        let db = Scripted::client();
        db.transport()
            .ok(r#"{"TableNames":["aaa","bbb"],"LastEvaluatedTableName":"bbb"}"#)
            .ok(r#"{"TableNames":["ccc"]}"#);
        let mut names = alloc::vec::Vec::new();
        run(db.drive(&mut TableNamePages::new(Some(2)), |page| {
            names.extend(page.names)
        }))
        .unwrap();
        assert_eq!(names, ["aaa", "bbb", "ccc"]);
        let sent = db.transport().take_sent();
        assert_eq!(sent[0].1, r#"{"Limit":2}"#);
        assert_eq!(sent[1].1, r#"{"ExclusiveStartTableName":"bbb","Limit":2}"#);
    }
}
