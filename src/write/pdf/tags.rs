//! The document's logical structure, built by the layouts as they set text: articles, questions
//! (headings), paragraphs, lists, code and other answers, in reading order. Text runs name the
//! element they belong to; the serialisers turn the tree into tagged PDF. Kept compact (16 bytes
//! an element, no allocation per element): a 100,000-question sheet holds about a million.

/// An element of the structure tree.
pub type NodeId = u32;

/// What an element is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The whole document (the root).
    Document,
    /// One article's questions, when a document holds several.
    Section,
    /// A question and everything under it.
    Question,
    /// A heading of `level` (1: the document's title, 2: an article, 3: a question).
    Heading(u16),
    Paragraph,
    List,
    Item,
    /// A list item's text.
    Body,
    Code,
    /// The other answers of a merged question, or a note such as "also asked as".
    Note,
}

/// No element: the end of a list of children.
const NONE: NodeId = NodeId::MAX;

/// An element and its links: children as a list threaded through their `next` fields.
#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    first: NodeId,
    last: NodeId,
    next: NodeId,
}

/// The tree; node 0 is the document. A child always comes after its parent.
#[derive(Debug, Clone)]
pub struct Structure {
    nodes: Vec<Node>,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                kind: Kind::Document,
                first: NONE,
                last: NONE,
                next: NONE,
            }],
        }
    }
}

impl Structure {
    pub const ROOT: NodeId = 0;

    /// Adds an element of `kind` as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kind,
            first: NONE,
            last: NONE,
            next: NONE,
        });
        let parent = &mut self.nodes[parent as usize];
        let last = std::mem::replace(&mut parent.last, id);
        if last == NONE {
            parent.first = id;
        } else {
            self.nodes[last as usize].next = id;
        }
        id
    }

    pub fn kind(&self, id: NodeId) -> Kind {
        self.nodes[id as usize].kind
    }

    /// The children of `id`, in order.
    pub fn children(&self, id: NodeId) -> impl Iterator<Item = NodeId> + '_ {
        std::iter::successors(
            Some(self.nodes[id as usize].first).filter(|&c| c != NONE),
            |&c| Some(self.nodes[c as usize].next).filter(|&n| n != NONE),
        )
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn children_keep_their_order() {
        let mut tree = Structure::default();
        let q = tree.add(Structure::ROOT, Kind::Question);
        let h = tree.add(q, Kind::Heading(3));
        let other = tree.add(Structure::ROOT, Kind::Question);
        let p = tree.add(q, Kind::Paragraph);
        assert_eq!(tree.children(q).collect::<Vec<_>>(), [h, p]);
        assert_eq!(
            tree.children(Structure::ROOT).collect::<Vec<_>>(),
            [q, other]
        );
        assert_eq!(tree.children(p).count(), 0);
        assert_eq!(tree.kind(p), Kind::Paragraph);
        assert_eq!(tree.len(), 5);
    }
}
