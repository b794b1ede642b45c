//! Condition and filter expressions: comparisons, `BETWEEN`, `IN`,
//! functions, and `AND`/`OR`/`NOT` with correct parenthesisation.
//!
//! Built from typed paths with [`PathExpr`](super::PathExpr):
//! `Order::STATUS.eq(Status::New) & Order::TOTAL.gt(10u32)`.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::ops::{BitAnd, BitOr, Not};

use super::operand::Operand;
use super::path::AttributePath;
use super::placeholders::Placeholders;
use crate::error::EncodeError;
use crate::value::{AttributeValue, ValueType};

/// DynamoDB's limit on `IN` operands.
pub const MAX_IN_OPERANDS: usize = 100;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `=`.
    Eq,
    /// `<>`.
    Ne,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
}

impl Comparator {
    fn symbol(self) -> &'static str {
        match self {
            Comparator::Eq => " = ",
            Comparator::Ne => " <> ",
            Comparator::Lt => " < ",
            Comparator::Le => " <= ",
            Comparator::Gt => " > ",
            Comparator::Ge => " >= ",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    Compare(Operand, Comparator, Operand),
    Between(Operand, Operand, Operand),
    In(Operand, Vec<Operand>),
    Exists(AttributePath),
    NotExists(AttributePath),
    Type(AttributePath, ValueType),
    BeginsWith(AttributePath, Operand),
    Contains(AttributePath, Operand),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
    /// A condition that could not be built (a value that does not encode,
    /// too many `IN` operands); reported when the request is encoded.
    Invalid(EncodeError),
}

/// A condition (or filter) expression.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    node: Node,
}

impl Condition {
    fn from_node(node: Node) -> Self {
        Condition { node }
    }

    pub(crate) fn invalid(error: EncodeError) -> Self {
        Condition::from_node(Node::Invalid(error))
    }

    /// `left <op> right`.
    pub fn compare(left: Operand, comparator: Comparator, right: Operand) -> Self {
        Condition::from_node(Node::Compare(left, comparator, right))
    }

    /// `operand BETWEEN low AND high`.
    pub fn between(operand: Operand, low: Operand, high: Operand) -> Self {
        Condition::from_node(Node::Between(operand, low, high))
    }

    /// `operand IN (candidates…)`; at most [`MAX_IN_OPERANDS`].
    pub fn is_in(operand: Operand, candidates: Vec<Operand>) -> Self {
        if candidates.is_empty() || candidates.len() > MAX_IN_OPERANDS {
            return Condition::invalid(EncodeError::new(
                crate::error::EncodeErrorKind::TooManyOperands {
                    what: "IN",
                    limit: MAX_IN_OPERANDS,
                    got: candidates.len(),
                },
            ));
        }
        Condition::from_node(Node::In(operand, candidates))
    }

    /// `attribute_exists(path)`.
    pub fn exists(path: AttributePath) -> Self {
        Condition::from_node(Node::Exists(path))
    }

    /// `attribute_not_exists(path)`.
    pub fn not_exists(path: AttributePath) -> Self {
        Condition::from_node(Node::NotExists(path))
    }

    /// `attribute_type(path, :t)`.
    pub fn attribute_type(path: AttributePath, value_type: ValueType) -> Self {
        Condition::from_node(Node::Type(path, value_type))
    }

    /// `begins_with(path, operand)`.
    pub fn begins_with(path: AttributePath, prefix: Operand) -> Self {
        Condition::from_node(Node::BeginsWith(path, prefix))
    }

    /// `contains(path, operand)`.
    pub fn contains(path: AttributePath, operand: Operand) -> Self {
        Condition::from_node(Node::Contains(path, operand))
    }

    /// Both conditions (`AND`).
    pub fn and(self, other: impl Into<Condition>) -> Condition {
        match (self.node, other.into().node) {
            (Node::And(mut a), Node::And(b)) => {
                a.extend(b);
                Condition::from_node(Node::And(a))
            }
            (Node::And(mut a), b) => {
                a.push(b);
                Condition::from_node(Node::And(a))
            }
            (a, b) => Condition::from_node(Node::And(alloc::vec![a, b])),
        }
    }

    /// Either condition (`OR`).
    pub fn or(self, other: impl Into<Condition>) -> Condition {
        match (self.node, other.into().node) {
            (Node::Or(mut a), Node::Or(b)) => {
                a.extend(b);
                Condition::from_node(Node::Or(a))
            }
            (Node::Or(mut a), b) => {
                a.push(b);
                Condition::from_node(Node::Or(a))
            }
            (a, b) => Condition::from_node(Node::Or(alloc::vec![a, b])),
        }
    }

    /// The negation (`NOT`).
    pub fn negate(self) -> Condition {
        Condition::from_node(Node::Not(Box::new(self.node)))
    }

    /// Renders the expression, adding names and values to `placeholders`.
    pub fn render(&self, placeholders: &mut Placeholders) -> Result<String, EncodeError> {
        let mut out = String::new();
        render(&self.node, placeholders, &mut out)?;
        Ok(out)
    }
}

fn render(node: &Node, ph: &mut Placeholders, out: &mut String) -> Result<(), EncodeError> {
    match node {
        Node::Compare(l, c, r) => {
            l.render(ph, out);
            out.push_str(c.symbol());
            r.render(ph, out);
        }
        Node::Between(o, low, high) => {
            o.render(ph, out);
            out.push_str(" BETWEEN ");
            low.render(ph, out);
            out.push_str(" AND ");
            high.render(ph, out);
        }
        Node::In(o, candidates) => {
            o.render(ph, out);
            out.push_str(" IN (");
            for (i, c) in candidates.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                c.render(ph, out);
            }
            out.push(')');
        }
        Node::Exists(p) => function(out, ph, "attribute_exists", p, None),
        Node::NotExists(p) => function(out, ph, "attribute_not_exists", p, None),
        Node::Type(p, t) => {
            let tag = Operand::Value(AttributeValue::S(t.tag().into()));
            function(out, ph, "attribute_type", p, Some(&tag));
        }
        Node::BeginsWith(p, o) => function(out, ph, "begins_with", p, Some(o)),
        Node::Contains(p, o) => function(out, ph, "contains", p, Some(o)),
        Node::And(children) => junction(children, " AND ", ph, out)?,
        Node::Or(children) => junction(children, " OR ", ph, out)?,
        Node::Not(child) => {
            out.push_str("NOT ");
            render_operand(child, ph, out)?;
        }
        Node::Invalid(e) => return Err(e.clone()),
    }
    Ok(())
}

fn function(
    out: &mut String,
    ph: &mut Placeholders,
    name: &str,
    path: &AttributePath,
    arg: Option<&Operand>,
) {
    out.push_str(name);
    out.push('(');
    path.render(ph, out);
    if let Some(arg) = arg {
        out.push_str(", ");
        arg.render(ph, out);
    }
    out.push(')');
}

fn junction(
    children: &[Node],
    joiner: &str,
    ph: &mut Placeholders,
    out: &mut String,
) -> Result<(), EncodeError> {
    for (i, child) in children.iter().enumerate() {
        if i > 0 {
            out.push_str(joiner);
        }
        render_operand(child, ph, out)?;
    }
    Ok(())
}

/// Renders a child of `AND`/`OR`/`NOT`, in parentheses when it is itself a
/// junction or a negation, so precedence never depends on DynamoDB's rules.
fn render_operand(node: &Node, ph: &mut Placeholders, out: &mut String) -> Result<(), EncodeError> {
    if matches!(node, Node::And(_) | Node::Or(_) | Node::Not(_)) {
        out.push('(');
        render(node, ph, out)?;
        out.push(')');
        Ok(())
    } else {
        render(node, ph, out)
    }
}

impl<R: Into<Condition>> BitAnd<R> for Condition {
    type Output = Condition;
    fn bitand(self, rhs: R) -> Condition {
        self.and(rhs.into())
    }
}

impl<R: Into<Condition>> BitOr<R> for Condition {
    type Output = Condition;
    fn bitor(self, rhs: R) -> Condition {
        self.or(rhs.into())
    }
}

impl Not for Condition {
    type Output = Condition;
    fn not(self) -> Condition {
        self.negate()
    }
}
