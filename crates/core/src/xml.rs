//! Writing small XML documents (CAP alerts, Atom feeds) with quick-xml: one declaration, one
//! indentation, text escaped by the writer.

use quick_xml::events::{BytesDecl, BytesText, Event};
use quick_xml::Writer;

/// Writing to memory fails only on allocation.
pub type Xml = std::io::Result<()>;

/// `<name>text</name>`, escaped.
pub fn text_el(w: &mut Writer<Vec<u8>>, name: &str, text: &str) -> Xml {
    w.create_element(name)
        .write_text_content(BytesText::new(text))?;
    Ok(())
}

/// A UTF-8 document with its declaration and the body written by `body`.
pub fn document(body: impl FnOnce(&mut Writer<Vec<u8>>) -> Xml) -> String {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 1);
    let written = w
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| body(&mut w));
    match written {
        Ok(()) => String::from_utf8(w.into_inner()).unwrap_or_default(),
        Err(_) => String::new(),
    }
}
