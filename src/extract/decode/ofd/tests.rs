use super::*;
use std::io::Write;

/// A zip of the given parts.
fn package(parts: &[(&str, &str)]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, text) in parts {
        zip.start_file(*name, zip::write::SimpleFileOptions::default())
            .unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

const OFD_XML: &str = r#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
const DOCUMENT_XML: &str = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="2" BaseLoc="Pages/Page_1/Content.xml"/><ofd:Page ID="1" BaseLoc="/Doc_0/Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;

fn content(text: &str) -> String {
    format!(
        r#"<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="9"><ofd:TextObject ID="10" Boundary="20 20 100 6" Size="5"><ofd:TextCode X="0" Y="4">{text}</ofd:TextCode></ofd:TextObject></ofd:Layer></ofd:Content></ofd:Page>"#
    )
}

fn text_of(bytes: &[u8]) -> Result<String, DecodeError> {
    extract(bytes).map(|l| l.finish().0)
}

#[test]
fn pages_are_read_in_the_documents_order_with_relative_and_absolute_locations() {
    let bytes = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", DOCUMENT_XML),
        ("Doc_0/Pages/Page_0/Content.xml", &content("第二页")),
        ("Doc_0/Pages/Page_1/Content.xml", &content("第一页")),
    ]);
    // (A page's only line is as full as that page's lines get: the paragraph runs on.)
    assert_eq!(text_of(&bytes).unwrap(), "第一页第二页\n");
}

#[test]
fn every_document_of_a_package_is_read_in_the_order_ofd_xml_names_them() {
    // A notice and its attachment bound as two documents of one package.
    let two = r#"<ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016" Version="1.0" DocType="OFD"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody><ofd:DocBody><ofd:DocRoot>Doc_1/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"#;
    let one_page = r#"<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>"#;
    let bytes = package(&[
        ("OFD.xml", two),
        ("Doc_0/Document.xml", one_page),
        ("Doc_0/Pages/Page_0/Content.xml", &content("通知正文")),
        ("Doc_1/Document.xml", one_page),
        ("Doc_1/Pages/Page_0/Content.xml", &content("附件分工表")),
    ]);
    // (Each page's one line would run on into the next page's; a document ends it.)
    assert_eq!(text_of(&bytes).unwrap(), "通知正文\n附件分工表\n");
}

#[test]
fn a_missing_page_is_a_damaged_ofd() {
    let bytes = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", DOCUMENT_XML),
        ("Doc_0/Pages/Page_1/Content.xml", &content("第一页")),
    ]);
    assert_eq!(
        text_of(&bytes),
        Err(DecodeError::BadOfd(
            "Doc_0/Pages/Page_0/Content.xml is missing".into()
        ))
    );
}

#[test]
fn a_package_without_a_document_or_pages_is_a_damaged_ofd() {
    let no_root = package(&[("OFD.xml", "<OFD><DocBody/></OFD>")]);
    assert!(matches!(text_of(&no_root), Err(DecodeError::BadOfd(m)) if m.contains("DocRoot")));
    let no_pages = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", "<Document><Pages/></Document>"),
    ]);
    assert!(matches!(text_of(&no_pages), Err(DecodeError::BadOfd(m)) if m.contains("no pages")));
}

#[test]
fn malformed_page_xml_is_a_damaged_ofd() {
    let bytes = package(&[
        ("OFD.xml", OFD_XML),
        ("Doc_0/Document.xml", DOCUMENT_XML),
        (
            "Doc_0/Pages/Page_0/Content.xml",
            "<Page><Content><TextObject Size=\"5\"><TextCode>&bogus;</TextCode></TextObject></Content></Page>",
        ),
        ("Doc_0/Pages/Page_1/Content.xml", &content("第一页")),
    ]);
    assert!(matches!(text_of(&bytes), Err(DecodeError::BadOfd(m)) if m.contains("Page_0")));
}

#[test]
fn a_truncated_package_is_a_damaged_ofd_not_a_panic() {
    let bytes = package(&[("OFD.xml", OFD_XML), ("Doc_0/Document.xml", DOCUMENT_XML)]);
    for cut in (0..bytes.len()).step_by(7) {
        let result = std::panic::catch_unwind(|| extract(&bytes[..cut]));
        assert!(matches!(result, Ok(Err(_))), "cut at {cut}");
    }
}

#[test]
fn locations_resolve_against_their_folder_or_the_root() {
    assert_eq!(
        resolve("Doc_0", "Pages/Page_0/Content.xml"),
        "Doc_0/Pages/Page_0/Content.xml"
    );
    assert_eq!(resolve("Doc_0", "/Doc_0/Pages/P.xml"), "Doc_0/Pages/P.xml");
    assert_eq!(resolve("Doc_0/Pages", "../Res\\a.xml"), "Doc_0/Res/a.xml");
    assert_eq!(parent("Doc_0/Document.xml"), "Doc_0");
    assert_eq!(parent("OFD.xml"), "");
}
