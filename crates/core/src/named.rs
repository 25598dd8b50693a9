//! Named values: every closed list the platform knows (categories, sources, outcomes, risk
//! levels, roles…) is an enum with a stable code for storage and programs, and a Chinese label
//! for people. One macro writes the parse / code / label / serde code for all of them, so a
//! value is spelt one way everywhere.

/// A code that is not in a list; names the list in the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("未知的{what}「{value}」,应为:{expected}")]
pub struct UnknownName {
    pub what: &'static str,
    pub value: String,
    pub expected: String,
}

/// Declares a named enum: `Variant => ("code", "标签")`. The enum gets `ALL`, `as_str`,
/// `label`, `FromStr` (from the code or the label), `Display` (the code) and serde as the code.
/// Attributes before `pub enum` (docs, extra derives) are kept.
#[macro_export]
macro_rules! named_enum {
    ($(#[$meta:meta])* pub enum $name:ident ($what:literal) { $($(#[$vmeta:meta])* $variant:ident => ($code:literal, $label:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $name { $($(#[$vmeta])* $variant),+ }

        impl $name {
            pub const ALL: [$name; $crate::__count!($($variant)+)] = [$($name::$variant),+];

            /// The stable code, as stored and as programs send it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// The Chinese name people see.
            pub fn label(self) -> &'static str {
                match self { $($name::$variant => $label),+ }
            }

            /// Parses a code (or a label); `None` for anything else.
            pub fn parse(s: &str) -> Option<$name> {
                $name::ALL.iter().copied().find(|v| v.as_str() == s || v.label() == s)
            }

            /// The label of a stored code; the code itself if it is not one of ours.
            pub fn label_of(code: &str) -> &str {
                $name::parse(code).map_or(code, |v| v.label())
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::named::UnknownName;
            fn from_str(s: &str) -> Result<Self, $crate::named::UnknownName> {
                $name::parse(s).ok_or_else(|| $crate::named::UnknownName {
                    what: $what,
                    value: s.chars().take(40).collect(),
                    expected: $name::ALL.iter().map(|v| v.as_str()).collect::<Vec<_>>().join("、"),
                })
            }
        }

        impl ::std::convert::TryFrom<String> for $name {
            type Error = $crate::named::UnknownName;
            /// Reads a stored code (the store's rows decode their columns through this).
            fn try_from(s: String) -> Result<Self, $crate::named::UnknownName> {
                s.parse()
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for $name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for $name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <::std::borrow::Cow<'de, str> as ::serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(::serde::de::Error::custom)
            }
        }
    };
}

/// Counts identifiers, for the length of `ALL`.
#[doc(hidden)]
#[macro_export]
macro_rules! __count {
    () => { 0usize };
    ($head:ident $($tail:ident)*) => { 1usize + $crate::__count!($($tail)*) };
}

#[cfg(test)]
mod tests {
    crate::named_enum! {
        /// A test list.
        pub enum Colour ("颜色") {
            Red => ("red", "红"),
            LightBlue => ("light_blue", "浅蓝"),
        }
    }

    #[test]
    fn a_named_value_round_trips_through_code_label_and_serde() {
        for c in Colour::ALL {
            assert_eq!(c.as_str().parse::<Colour>(), Ok(c));
            assert_eq!(c.label().parse::<Colour>(), Ok(c));
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(json, format!("\"{}\"", c.as_str()));
            assert_eq!(serde_json::from_str::<Colour>(&json).unwrap(), c);
        }
        assert_eq!(Colour::label_of("light_blue"), "浅蓝");
        assert_eq!(Colour::label_of("green"), "green");
    }

    #[test]
    fn an_unknown_code_names_the_list_it_should_come_from() {
        let e = "green".parse::<Colour>().unwrap_err();
        assert_eq!(e.to_string(), "未知的颜色「green」,应为:red、light_blue");
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
    }
}
