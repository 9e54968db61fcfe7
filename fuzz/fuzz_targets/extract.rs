//! Arbitrary bytes through decoding and extraction: never a panic, and every span covers
//! exactly its item's text.
#![no_main]

use duban::extract::{extract_bytes, DocContext};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    for name in ["input.txt", "input.docx", "input.html"] {
        if let Ok((decoded, ex)) = extract_bytes(data, name, &DocContext::default()) {
            let chars: Vec<char> = decoded.text.chars().collect();
            for item in &ex.items {
                let [s, e] = item.span;
                assert!(s <= e && e <= chars.len());
                assert_eq!(chars[s..e].iter().collect::<String>(), item.text);
            }
        }
    }
});
