//! Errors the user can act on: unusable input or a command used the wrong way. They exit with
//! code 2 and carry a hint that says what to do next; every other failure exits with code 1.

use std::fmt;

/// A problem with what the user asked for or gave us, with a hint on how to fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UsageError {
    pub(crate) message: String,
    pub(crate) hint: Option<String>,
}

impl UsageError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        UsageError {
            message: message.into(),
            hint: None,
        }
    }

    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for UsageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for UsageError {}

/// The exit code for an error: 2 when anything in its chain is a usage error (unusable input or a
/// command used the wrong way), else 1.
pub fn exit_code(error: &anyhow::Error) -> i32 {
    if usage_error(error).is_some() { 2 } else { 1 }
}

/// The first [`UsageError`] in an error's chain.
pub(crate) fn usage_error(error: &anyhow::Error) -> Option<&UsageError> {
    error.chain().find_map(|e| e.downcast_ref::<UsageError>())
}

/// True when the error is a closed pipe on output (`qa-convert parse | head`): not a failure.
pub fn is_broken_pipe(error: &anyhow::Error) -> bool {
    error.chain().any(|e| {
        e.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use anyhow::Context;

    #[test]
    fn usage_errors_exit_2_through_context() {
        let err = Err::<(), _>(UsageError::new("bad").hint("do this"))
            .context("reading x")
            .unwrap_err();
        assert_eq!(exit_code(&err), 2);
        assert_eq!(usage_error(&err).unwrap().hint.as_deref(), Some("do this"));
        assert_eq!(format!("{err:#}"), "reading x: bad");
        let other = anyhow::anyhow!("disk full");
        assert_eq!(exit_code(&other), 1);
    }

    #[test]
    fn broken_pipe_is_recognised_through_context() {
        let io = std::io::Error::from(std::io::ErrorKind::BrokenPipe);
        let err = anyhow::Error::new(io).context("writing stdout");
        assert!(is_broken_pipe(&err));
        assert!(!is_broken_pipe(&anyhow::anyhow!("x")));
    }
}
