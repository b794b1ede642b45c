//! Update expressions: `SET`, `REMOVE`, `ADD`, `DELETE`, grouped as DynamoDB
//! requires, with overlapping paths rejected before anything is sent.

use alloc::string::{String, ToString};
use alloc::vec::Vec;

use super::path::AttributePath;
use super::placeholders::Placeholders;
use crate::error::{EncodeError, EncodeErrorKind};
use crate::value::AttributeValue;

/// An operand on the right of `SET path = …`.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateOperand {
    /// Another attribute's value.
    Path(AttributePath),
    /// A literal value.
    Value(AttributeValue),
    /// `if_not_exists(path, value)`.
    IfNotExists(AttributePath, AttributeValue),
}

/// The right side of `SET path = …`.
#[derive(Debug, Clone, PartialEq)]
pub enum SetValue {
    /// A single operand.
    Operand(UpdateOperand),
    /// `a + b`.
    Plus(UpdateOperand, UpdateOperand),
    /// `a - b`.
    Minus(UpdateOperand, UpdateOperand),
    /// `list_append(a, b)`.
    ListAppend(UpdateOperand, UpdateOperand),
}

/// One update action.
#[derive(Debug, Clone, PartialEq)]
pub enum UpdateAction {
    /// `SET path = value`.
    Set(AttributePath, SetValue),
    /// `REMOVE path`.
    Remove(AttributePath),
    /// `ADD path value` (numbers and sets).
    Add(AttributePath, AttributeValue),
    /// `DELETE path value` (elements from a set).
    Delete(AttributePath, AttributeValue),
}

impl UpdateAction {
    /// The attribute the action changes.
    pub fn path(&self) -> &AttributePath {
        match self {
            UpdateAction::Set(p, _)
            | UpdateAction::Remove(p)
            | UpdateAction::Add(p, _)
            | UpdateAction::Delete(p, _) => p,
        }
    }
}

/// An update expression: actions in the order added, rendered grouped by
/// clause (`SET … REMOVE … ADD … DELETE …`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Update {
    actions: Vec<UpdateAction>,
    error: Option<EncodeError>,
}

impl Update {
    /// No actions yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds an action.
    pub fn action(mut self, action: UpdateAction) -> Self {
        self.actions.push(action);
        self
    }

    /// Records an error found while building (a value that does not encode),
    /// reported when the request is encoded.
    pub fn fail(mut self, error: EncodeError) -> Self {
        self.error.get_or_insert(error);
        self
    }

    /// The actions so far.
    pub fn actions(&self) -> &[UpdateAction] {
        &self.actions
    }

    /// Whether there are no actions.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }

    /// Renders `SET … REMOVE … ADD … DELETE …`; fails on no actions or on two
    /// actions with overlapping paths.
    pub fn render(&self, ph: &mut Placeholders) -> Result<String, EncodeError> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        if self.actions.is_empty() {
            return Err(EncodeError::new(EncodeErrorKind::EmptyExpression("update")));
        }
        for (i, a) in self.actions.iter().enumerate() {
            for b in &self.actions[i + 1..] {
                if a.path().overlaps(b.path()) {
                    return Err(EncodeError::new(EncodeErrorKind::OverlappingPaths {
                        first: a.path().to_string(),
                        second: b.path().to_string(),
                    }));
                }
            }
        }
        let mut out = String::new();
        self.clause(&mut out, ph, "SET", |a| matches!(a, UpdateAction::Set(..)));
        self.clause(&mut out, ph, "REMOVE", |a| {
            matches!(a, UpdateAction::Remove(_))
        });
        self.clause(&mut out, ph, "ADD", |a| matches!(a, UpdateAction::Add(..)));
        self.clause(&mut out, ph, "DELETE", |a| {
            matches!(a, UpdateAction::Delete(..))
        });
        Ok(out)
    }

    fn clause(
        &self,
        out: &mut String,
        ph: &mut Placeholders,
        keyword: &str,
        select: impl Fn(&UpdateAction) -> bool,
    ) {
        for (i, action) in self.actions.iter().filter(|a| select(a)).enumerate() {
            if i == 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(keyword);
                out.push(' ');
            } else {
                out.push_str(", ");
            }
            match action {
                UpdateAction::Set(path, value) => {
                    path.render(ph, out);
                    out.push_str(" = ");
                    render_set(value, ph, out);
                }
                UpdateAction::Remove(path) => path.render(ph, out),
                UpdateAction::Add(path, value) | UpdateAction::Delete(path, value) => {
                    path.render(ph, out);
                    out.push(' ');
                    ph.value(value.clone(), out);
                }
            }
        }
    }
}

fn render_set(value: &SetValue, ph: &mut Placeholders, out: &mut String) {
    match value {
        SetValue::Operand(o) => render_operand(o, ph, out),
        SetValue::Plus(a, b) | SetValue::Minus(a, b) => {
            render_operand(a, ph, out);
            out.push_str(if matches!(value, SetValue::Plus(..)) {
                " + "
            } else {
                " - "
            });
            render_operand(b, ph, out);
        }
        SetValue::ListAppend(a, b) => {
            out.push_str("list_append(");
            render_operand(a, ph, out);
            out.push_str(", ");
            render_operand(b, ph, out);
            out.push(')');
        }
    }
}

fn render_operand(operand: &UpdateOperand, ph: &mut Placeholders, out: &mut String) {
    match operand {
        UpdateOperand::Path(p) => p.render(ph, out),
        UpdateOperand::Value(v) => ph.value(v.clone(), out),
        UpdateOperand::IfNotExists(p, v) => {
            out.push_str("if_not_exists(");
            p.render(ph, out);
            out.push_str(", ");
            ph.value(v.clone(), out);
            out.push(')');
        }
    }
}
