//! The two languages of the brief. A leaf: `numbers.rs` formats numbers per
//! language and `i18n.rs` holds the words of each, and both need this type
//! without needing each other's.

use std::str::FromStr;

/// A language of the brief: English or Bahasa Indonesia.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Id,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }
}

impl FromStr for Lang {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.to_ascii_lowercase().as_str() {
            "en" => Ok(Lang::En),
            "id" => Ok(Lang::Id),
            _ => Err(format!(
                "`{s}` is not a language of the brief; expected `en` (English) or `id` (Bahasa Indonesia)"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn languages_parse() {
        assert_eq!("en".parse::<Lang>().unwrap(), Lang::En);
        assert_eq!("ID".parse::<Lang>().unwrap(), Lang::Id);
        assert!("fr".parse::<Lang>().unwrap_err().contains("`en`"));
    }
}
