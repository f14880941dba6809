//! The document's logical structure, built by the layouts as they set text: articles, questions
//! (headings), paragraphs, lists, code and other answers, in reading order. Text runs name the
//! element they belong to; the serialiser turns the tree into tagged PDF.

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

#[derive(Debug, Clone)]
struct Node {
    kind: Kind,
    children: Vec<NodeId>,
}

/// The tree; node 0 is the document.
#[derive(Debug, Clone)]
pub struct Structure {
    nodes: Vec<Node>,
    /// Whether elements are kept: an untagged document (the bulk path) keeps none.
    kept: bool,
}

impl Default for Structure {
    fn default() -> Self {
        Structure {
            nodes: vec![Node {
                kind: Kind::Document,
                children: Vec::new(),
            }],
            kept: true,
        }
    }
}

impl Structure {
    pub const ROOT: NodeId = 0;

    /// A tree that keeps no element, for a document written untagged: every element is the
    /// root.
    pub fn untagged() -> Structure {
        Structure {
            kept: false,
            ..Structure::default()
        }
    }

    /// Adds an element of `kind` as the last child of `parent`.
    pub fn add(&mut self, parent: NodeId, kind: Kind) -> NodeId {
        if !self.kept {
            return Structure::ROOT;
        }
        let id = self.nodes.len() as NodeId;
        self.nodes.push(Node {
            kind,
            children: Vec::new(),
        });
        self.nodes[parent as usize].children.push(id);
        id
    }

    pub fn kind(&self, id: NodeId) -> Kind {
        self.nodes[id as usize].kind
    }

    pub fn children(&self, id: NodeId) -> &[NodeId] {
        &self.nodes[id as usize].children
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
        let p = tree.add(q, Kind::Paragraph);
        assert_eq!(tree.children(q), [h, p]);
        assert_eq!(tree.kind(p), Kind::Paragraph);
        assert_eq!(tree.len(), 4);
    }

    #[test]
    fn an_untagged_tree_keeps_no_element() {
        let mut tree = Structure::untagged();
        let q = tree.add(Structure::ROOT, Kind::Question);
        assert_eq!(tree.add(q, Kind::Paragraph), Structure::ROOT);
        assert_eq!(tree.len(), 1);
    }
}
