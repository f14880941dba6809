//! Dedupe: groups the questions of every document into clusters of questions that ask the same
//! thing. Knows only the record model.

use crate::model::{Cluster, ClusterMember, Corpus, Document};

/// One cluster per question, in reading order: what `--no-dedupe` asks for.
pub fn singletons(documents: &[Document]) -> Vec<Cluster> {
    Corpus::question_refs(documents)
        .map(|at| Cluster {
            members: vec![ClusterMember {
                at,
                similarity: 1.0,
            }],
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Question, QuestionRef, SourcePos};

    #[test]
    fn singletons_cover_every_question_once_in_order() {
        let question = Question {
            number: None,
            question: "q".into(),
            answer: vec![],
            source: SourcePos {
                file: "f".into(),
                line: 1,
            },
        };
        let doc = |n| Document {
            file: "f".into(),
            title: String::new(),
            questions: vec![question.clone(); n],
            modified: None,
        };
        let documents = vec![doc(2), doc(0), doc(1)];
        let clusters = singletons(&documents);
        let refs: Vec<QuestionRef> = clusters.iter().map(Cluster::canonical).collect();
        assert_eq!(
            refs,
            vec![
                QuestionRef {
                    doc: 0,
                    question: 0
                },
                QuestionRef {
                    doc: 0,
                    question: 1
                },
                QuestionRef {
                    doc: 2,
                    question: 0
                },
            ]
        );
        let corpus = Corpus {
            documents,
            clusters,
        };
        assert!(corpus.clusters_partition_questions());
    }
}
