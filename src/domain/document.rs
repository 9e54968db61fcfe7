use super::vocabulary::vocabulary;

vocabulary! {
    /// What kind of document the text is.
    #[derive(Default)]
    pub enum DocumentKind("文件类别"): pg "document_kind" {
        /// A formal 会议纪要 with a header block.
        Minutes = "minutes" => "会议纪要",
        /// A news report of a meeting, as published on a website.
        Report = "report" => "会议报道",
        /// A 通知 / 文件 that assigns work.
        Notice = "notice" => "通知",
        #[default]
        Unknown = "unknown" => "其他",
    }
}

vocabulary! {
    /// The container format a document's text came from. Stored as checked text in
    /// `documents.source_format`.
    pub enum SourceFormat("文件格式"): text {
        Text = "text" => "纯文本",
        Docx = "docx" => "Word (.docx)",
        Html = "html" => "网页",
    }
}
