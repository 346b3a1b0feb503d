//! A string many records share (a folder, an account, a chat) behind a
//! thin pointer: `Arc<str>` is two words in every record, this is one
//! (issue 31: three of them in each of a million records). The extra hop
//! is paid once per use; the string itself is allocated once per folder.

use std::sync::Arc;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A shared, immutable string, one word wide.
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Shared(Arc<Box<str>>);

impl Shared {
    /// The same allocation (then certainly the same string).
    pub fn ptr_eq(a: &Shared, b: &Shared) -> bool {
        Arc::ptr_eq(&a.0, &b.0)
    }
}

impl std::ops::Deref for Shared {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for Shared {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Shared {
    fn borrow(&self) -> &str {
        &self.0
    }
}

impl From<&str> for Shared {
    fn from(s: &str) -> Shared {
        Shared(Arc::new(s.into()))
    }
}

impl From<String> for Shared {
    fn from(s: String) -> Shared {
        Shared(Arc::new(s.into_boxed_str()))
    }
}

impl std::fmt::Display for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        std::fmt::Debug::fmt(&**self.0, f)
    }
}

impl Serialize for Shared {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Shared {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Shared, D::Error> {
        String::deserialize(d).map(Shared::from)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_word_and_a_str() {
        assert_eq!(std::mem::size_of::<Option<Shared>>(), 8);
        let a = Shared::from("wxid_a");
        assert_eq!(&*a, "wxid_a");
        assert_eq!(serde_json::to_string(&a).unwrap(), "\"wxid_a\"");
        let b: Shared = serde_json::from_str("\"wxid_a\"").unwrap();
        assert_eq!(a, b);
        assert!(Shared::from("a") < Shared::from("b"));
    }
}
