//! The extractor never panics, whatever it is given, and every span it reports covers
//! exactly the item's text.

use duban::extract::{extract, extract_bytes, DocContext, Extraction};
use proptest::prelude::*;

#[track_caller]
fn assert_spans_cover_text(text: &str, ex: &Extraction) {
    let chars: Vec<char> = text.chars().collect();
    for item in &ex.items {
        let [s, e] = item.span;
        assert!(
            s <= e && e <= chars.len(),
            "span {:?} outside the text of {} chars",
            item.span,
            chars.len()
        );
        let slice: String = chars[s..e].iter().collect();
        assert_eq!(
            slice, item.text,
            "span {:?} does not cover the item's text",
            item.span
        );
    }
    for section in &ex.sections {
        let [s, e] = section.span;
        assert!(
            s <= e && e <= chars.len(),
            "section span {:?} outside the text",
            section.span
        );
    }
}

/// Fragments of Chinese official documents: markers, verbs, units, dates, punctuation.
fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("一是".to_string()),
        Just("二是".to_string()),
        Just("十一是".to_string()),
        Just("一要".to_string()),
        Just("二要".to_string()),
        Just("一是必须要".to_string()),
        Just("第一，".to_string()),
        Just("第二，".to_string()),
        Just("（一）".to_string()),
        Just("（二）".to_string()),
        Just("1.".to_string()),
        Just("2、".to_string()),
        Just("①".to_string()),
        Just("一、".to_string()),
        Just("二、".to_string()),
        Just("会议决定：".to_string()),
        Just("原则同意".to_string()),
        Just("审议通过了《".to_string()),
        Just("》".to_string()),
        Just("由教务处负责".to_string()),
        Just("请各市教育局".to_string()),
        Just("配合".to_string()),
        Just("会同".to_string()),
        Just("牵头".to_string()),
        Just("2022年4月底前".to_string()),
        Just("月底前".to_string()),
        Just("每月".to_string()),
        Just("三个工作日内".to_string()),
        Just("元旦".to_string()),
        Just("时间：12月24日".to_string()),
        Just("主持：".to_string()),
        Just("出席：".to_string()),
        Just("〔2021〕第24号".to_string()),
        Just("发布时间:2023-05-18".to_string()),
        Just("，".to_string()),
        Just("。".to_string()),
        Just("；".to_string()),
        Just("“".to_string()),
        Just("\n".to_string()),
        Just("\r\n\r\n".to_string()),
        Just(" ".to_string()),
        Just("\u{3000}".to_string()),
        "[\\u4e00-\\u9fff]{0,6}",
        "[0-9]{1,4}",
        any::<char>().prop_map(String::from),
    ]
}

fn chinese_document() -> impl Strategy<Value = String> {
    prop::collection::vec(fragment(), 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn extract_never_panics_on_arbitrary_strings(text in any::<String>()) {
        let ex = extract(&text, &DocContext::default());
        assert_spans_cover_text(&text, &ex);
    }

    #[test]
    fn extract_never_panics_on_chinese_heavy_documents(text in chinese_document()) {
        let ctx = DocContext { reference_date: chrono::NaiveDate::from_ymd_opt(2022, 3, 1), units: vec!["教务处".into(), "各市教育局".into()] };
        let ex = extract(&text, &ctx);
        assert_spans_cover_text(&text, &ex);
    }

    #[test]
    fn extract_bytes_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048), docx in any::<bool>()) {
        let name = if docx { "x.docx" } else { "x.txt" };
        if let Ok((decoded, ex)) = extract_bytes(&bytes, name, &DocContext::default()) {
            assert_spans_cover_text(&decoded.text, &ex);
        }
    }
}
